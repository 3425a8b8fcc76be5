//! The one error type of the library, with the stable numeric codes that the C ABI returns.
//!
//! Codes 0, 1, 3, 5 and 6 are the official ZEGO `ErrorCode` values and mean exactly what they mean
//! in the official generators. Every other code is an extension of this library; extension codes are
//! at or above 100 so that they can never collide with an official code, and once released a code
//! never changes its meaning.

use std::fmt;

/// Why an operation failed. `code()` is the stable number the C ABI returns.
///
/// Messages never contain any input value: in particular never the secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// `app_id` is 0 (official code 1).
    AppIdInvalid,
    /// `user_id` is empty, longer than 64 bytes, NULL or not UTF-8 (official code 3).
    UserIdInvalid,
    /// The secret is not exactly 32 bytes, is NULL or not UTF-8 (official code 5).
    SecretInvalid,
    /// `effective_time_in_seconds` is not positive, or `ctime + effective_time_in_seconds`
    /// overflows a signed 64-bit integer (official code 6).
    EffectiveTimeInSecondsInvalid,
    /// A required pointer argument (an output pointer, or a token) is NULL (100).
    NullArgument,
    /// The payload is not valid UTF-8 (101).
    PayloadInvalid,
    /// The payload is too large: the ciphertext would not fit the token's 16-bit length field (102).
    PayloadTooLarge,
    /// The operating system's random number generator failed (103).
    RandomFailed,
    /// An internal error, such as a caught panic; please report it (104).
    Internal,
    /// The caller's buffer is too small; the required size was reported (105).
    BufferTooSmall,
    /// The mode is neither `ZEGO_TOKEN_MODE_CBC` (0) nor `ZEGO_TOKEN_MODE_GCM` (1) (106).
    ModeInvalid,
    /// A fixed IV has the wrong length for the mode (16 bytes for CBC, 12 for GCM) (107).
    IvInvalid,
    /// Unknown bits are set in a flags argument (108).
    FlagsInvalid,
    /// A buffer length is above `PTRDIFF_MAX` (`isize::MAX`), or the output buffer overlaps an
    /// input string (109).
    BufferInvalid,
    /// A room id is not valid UTF-8 (110).
    RoomIdInvalid,
    /// A stream id is NULL or not valid UTF-8 (111).
    StreamIdInvalid,
    /// A privilege flag is neither 0 nor 1 (112).
    PrivilegeInvalid,
    /// The token does not start with `04` (120).
    TokenPrefixInvalid,
    /// The token is not standard, padded base64 after the prefix, or is longer than any token04 can be (121).
    TokenBase64Invalid,
    /// A length field of the token points past its end (122).
    TokenTruncated,
    /// The token has bytes after its ciphertext other than one mode byte (123).
    TokenTrailingData,
    /// The token's mode byte is neither 0 (CBC) nor 1 (GCM) (124).
    TokenModeInvalid,
    /// The token's IV length does not match its mode (16 for CBC, 12 for GCM) (125).
    TokenIvLengthInvalid,
    /// A CBC token could not be decrypted or its content is invalid: wrong length, bad padding, or a
    /// plaintext that is not UTF-8 JSON with valid claims, all deliberately reported under this one
    /// code so that the code is no padding oracle (wrong secret or tampered token) (126).
    TokenDecryptFailed,
    /// The GCM tag does not verify (wrong secret or tampered token) (127).
    TokenAuthenticationFailed,
    /// The decrypted plaintext is not UTF-8 (128).
    TokenPlaintextNotUtf8,
    /// The decrypted plaintext is not a JSON object (129).
    TokenPlaintextNotJson,
    /// A claim is missing or has the wrong type or range (130).
    TokenClaimsInvalid,
    /// The expiry in the token header differs from the `expire` claim (131).
    TokenExpireMismatch,
    /// The token was issued for another app id (verify only) (132).
    TokenAppIdMismatch,
    /// The token has expired: `expire <= now` (verify only) (133).
    TokenExpired,
    /// The token is CBC (unauthenticated) and the verifier accepts GCM only; pass the allow-CBC
    /// flag to accept it (verify only) (134).
    TokenModeNotAllowed,
}

impl Error {
    /// Every error, in code order (for tables, tests and bindings).
    pub const ALL: [Error; 32] = [
        Error::AppIdInvalid,
        Error::UserIdInvalid,
        Error::SecretInvalid,
        Error::EffectiveTimeInSecondsInvalid,
        Error::NullArgument,
        Error::PayloadInvalid,
        Error::PayloadTooLarge,
        Error::RandomFailed,
        Error::Internal,
        Error::BufferTooSmall,
        Error::ModeInvalid,
        Error::IvInvalid,
        Error::FlagsInvalid,
        Error::BufferInvalid,
        Error::RoomIdInvalid,
        Error::StreamIdInvalid,
        Error::PrivilegeInvalid,
        Error::TokenPrefixInvalid,
        Error::TokenBase64Invalid,
        Error::TokenTruncated,
        Error::TokenTrailingData,
        Error::TokenModeInvalid,
        Error::TokenIvLengthInvalid,
        Error::TokenDecryptFailed,
        Error::TokenAuthenticationFailed,
        Error::TokenPlaintextNotUtf8,
        Error::TokenPlaintextNotJson,
        Error::TokenClaimsInvalid,
        Error::TokenExpireMismatch,
        Error::TokenAppIdMismatch,
        Error::TokenExpired,
        Error::TokenModeNotAllowed,
    ];

    /// The stable numeric code (the value the C ABI returns).
    pub const fn code(self) -> i32 {
        match self {
            Error::AppIdInvalid => 1,
            Error::UserIdInvalid => 3,
            Error::SecretInvalid => 5,
            Error::EffectiveTimeInSecondsInvalid => 6,
            Error::NullArgument => 100,
            Error::PayloadInvalid => 101,
            Error::PayloadTooLarge => 102,
            Error::RandomFailed => 103,
            Error::Internal => 104,
            Error::BufferTooSmall => 105,
            Error::ModeInvalid => 106,
            Error::IvInvalid => 107,
            Error::FlagsInvalid => 108,
            Error::BufferInvalid => 109,
            Error::RoomIdInvalid => 110,
            Error::StreamIdInvalid => 111,
            Error::PrivilegeInvalid => 112,
            Error::TokenPrefixInvalid => 120,
            Error::TokenBase64Invalid => 121,
            Error::TokenTruncated => 122,
            Error::TokenTrailingData => 123,
            Error::TokenModeInvalid => 124,
            Error::TokenIvLengthInvalid => 125,
            Error::TokenDecryptFailed => 126,
            Error::TokenAuthenticationFailed => 127,
            Error::TokenPlaintextNotUtf8 => 128,
            Error::TokenPlaintextNotJson => 129,
            Error::TokenClaimsInvalid => 130,
            Error::TokenExpireMismatch => 131,
            Error::TokenAppIdMismatch => 132,
            Error::TokenExpired => 133,
            Error::TokenModeNotAllowed => 134,
        }
    }

    /// The error with this code, if any (0 is success, not an error).
    pub fn from_code(code: i32) -> Option<Error> {
        Error::ALL.iter().copied().find(|e| e.code() == code)
    }

    /// A short English description. It never contains an input value.
    pub const fn message(self) -> &'static str {
        match self {
            Error::AppIdInvalid => "app_id is invalid: it must not be 0",
            Error::UserIdInvalid => {
                "user_id is invalid: it must be non-empty UTF-8 of at most 64 bytes"
            }
            Error::SecretInvalid => "secret is invalid: it must be exactly 32 bytes",
            Error::EffectiveTimeInSecondsInvalid => {
                "effective_time_in_seconds is invalid: it must be positive and ctime + effective_time_in_seconds must fit in int64"
            }
            Error::NullArgument => "a required pointer argument is NULL",
            Error::PayloadInvalid => "payload is not valid UTF-8",
            Error::PayloadTooLarge => {
                "payload is too large: the ciphertext would not fit the token's 16-bit length field"
            }
            Error::RandomFailed => "the operating system's random number generator failed",
            Error::Internal => "internal error in zego-token (please report it)",
            Error::BufferTooSmall => "the output buffer is too small",
            Error::ModeInvalid => "mode is invalid: use CBC (0, \"cbc\") or GCM (1, \"gcm\")",
            Error::IvInvalid => "fixed IV has the wrong length: 16 bytes for CBC, 12 for GCM",
            Error::FlagsInvalid => "unknown flag bits are set",
            Error::BufferInvalid => {
                "buffer length is above PTRDIFF_MAX or the output buffer overlaps an input"
            }
            Error::RoomIdInvalid => "room_id is not valid UTF-8",
            Error::StreamIdInvalid => "a stream id is NULL or not valid UTF-8",
            Error::PrivilegeInvalid => "a privilege flag must be 0 or 1",
            Error::TokenPrefixInvalid => "token does not start with \"04\"",
            Error::TokenBase64Invalid => "token body is not valid base64 or is too long",
            Error::TokenTruncated => "token is truncated: a length field points past its end",
            Error::TokenTrailingData => "token has unexpected bytes after its ciphertext",
            Error::TokenModeInvalid => "token mode byte is neither 0 (CBC) nor 1 (GCM)",
            Error::TokenIvLengthInvalid => "token IV length does not match its mode",
            Error::TokenDecryptFailed => {
                "token could not be decrypted or its content is invalid (wrong secret or tampered token)"
            }
            Error::TokenAuthenticationFailed => {
                "token authentication failed (wrong secret or tampered token)"
            }
            Error::TokenPlaintextNotUtf8 => "token plaintext is not UTF-8",
            Error::TokenPlaintextNotJson => "token plaintext is not a JSON object",
            Error::TokenClaimsInvalid => "token claims are missing or have the wrong type",
            Error::TokenExpireMismatch => "token header expiry differs from its expire claim",
            Error::TokenAppIdMismatch => "token was issued for another app_id",
            Error::TokenExpired => "token has expired",
            Error::TokenModeNotAllowed => {
                "token is CBC (unauthenticated) and only GCM tokens are accepted"
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (code {})", self.message(), self.code())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for e in Error::ALL {
            assert!(seen.insert(e.code()), "duplicate code {}", e.code());
            assert_eq!(Error::from_code(e.code()), Some(e));
            assert!(e.code() != 0);
            assert!(!e.message().is_empty());
        }
        assert_eq!(Error::from_code(0), None);
        assert_eq!(Error::from_code(2), None);
    }

    #[test]
    fn official_codes_are_kept() {
        assert_eq!(Error::AppIdInvalid.code(), 1);
        assert_eq!(Error::UserIdInvalid.code(), 3);
        assert_eq!(Error::SecretInvalid.code(), 5);
        assert_eq!(Error::EffectiveTimeInSecondsInvalid.code(), 6);
        for e in Error::ALL {
            if ![1, 3, 5, 6].contains(&e.code()) {
                assert!(e.code() >= 100, "extension code {} below 100", e.code());
            }
        }
    }
}
