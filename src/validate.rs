//! Input rules shared by every entry point. They live here once; the FFI layer and the CLI only
//! convert their arguments and call the core.

use crate::Error;

/// The longest accepted `user_id`, in bytes (official rule).
pub const MAX_USER_ID_BYTES: usize = 64;
/// The exact length of a server secret, in bytes: the secret's bytes are the AES-256 key.
pub const SECRET_BYTES: usize = 32;
/// The longest plaintext that still fits the token's 16-bit ciphertext length field in both modes:
/// CBC pads to the next multiple of 16 (65519 -> 65520), GCM adds a 16-byte tag (65519 -> 65535).
pub const MAX_PLAINTEXT_BYTES: usize = 65_519;

pub(crate) fn app_id(app_id: u32) -> Result<(), Error> {
    if app_id == 0 {
        return Err(Error::AppIdInvalid);
    }
    Ok(())
}

/// A NUL cannot cross the C ABI (its strings come back NUL-terminated), so no layer accepts one in
/// a user id or payload: a token holding one could not be decoded through C.
pub(crate) fn user_id(user_id: &str) -> Result<(), Error> {
    if user_id.is_empty() || user_id.len() > MAX_USER_ID_BYTES || has_nul(user_id) {
        return Err(Error::UserIdInvalid);
    }
    Ok(())
}

/// Whether `s` holds a NUL byte: one pass with no branch and no call (the compiler vectorizes
/// it), cheaper than `memchr` for the short strings of a token.
fn has_nul(s: &str) -> bool {
    s.bytes().fold(false, |found, b| found | (b == 0))
}

pub(crate) fn secret(secret: &[u8]) -> Result<&[u8; SECRET_BYTES], Error> {
    secret.try_into().map_err(|_| Error::SecretInvalid)
}

/// Checks the lifetime and returns `expire = ctime + effective_time_in_seconds`.
pub(crate) fn expire(ctime: i64, effective_time_in_seconds: i64) -> Result<i64, Error> {
    if effective_time_in_seconds <= 0 {
        return Err(Error::EffectiveTimeInSecondsInvalid);
    }
    ctime
        .checked_add(effective_time_in_seconds)
        .ok_or(Error::EffectiveTimeInSecondsInvalid)
}

/// A cheap early rejection: escaping only grows a string, so a payload longer than the largest
/// plaintext can never fit. The exact check happens on the built plaintext.
pub(crate) fn payload_len(payload: &str) -> Result<(), Error> {
    if payload.len() > MAX_PLAINTEXT_BYTES {
        return Err(Error::PayloadTooLarge);
    }
    if has_nul(payload) {
        return Err(Error::PayloadInvalid);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_id_bounds() {
        assert_eq!(user_id(""), Err(Error::UserIdInvalid));
        assert_eq!(user_id(&"u".repeat(64)), Ok(()));
        assert_eq!(user_id(&"u".repeat(65)), Err(Error::UserIdInvalid));
        assert_eq!(user_id("a\0b"), Err(Error::UserIdInvalid));
        assert_eq!(payload_len("a\0"), Err(Error::PayloadInvalid));
        // 32 two-byte characters are 64 bytes; one more byte is too many.
        assert_eq!(user_id(&"é".repeat(32)), Ok(()));
        assert_eq!(
            user_id(&format!("{}x", "é".repeat(32))),
            Err(Error::UserIdInvalid)
        );
    }

    #[test]
    fn secret_bounds() {
        assert!(secret(&[b'a'; 32]).is_ok());
        assert_eq!(secret(&[b'a'; 31]), Err(Error::SecretInvalid));
        assert_eq!(secret(&[b'a'; 33]), Err(Error::SecretInvalid));
        assert_eq!(secret(b""), Err(Error::SecretInvalid));
    }

    #[test]
    fn expire_bounds() {
        assert_eq!(expire(100, 1), Ok(101));
        assert_eq!(expire(100, 0), Err(Error::EffectiveTimeInSecondsInvalid));
        assert_eq!(expire(100, -1), Err(Error::EffectiveTimeInSecondsInvalid));
        assert_eq!(
            expire(1, i64::MAX),
            Err(Error::EffectiveTimeInSecondsInvalid)
        );
        assert_eq!(expire(0, i64::MAX), Ok(i64::MAX));
    }

    #[test]
    fn app_id_zero() {
        assert_eq!(app_id(0), Err(Error::AppIdInvalid));
        assert_eq!(app_id(u32::MAX), Ok(()));
    }
}
