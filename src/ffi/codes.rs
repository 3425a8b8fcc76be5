//! The error codes, as named constants in the header. cbindgen reads literal constants only, so
//! the numbers are written out here; the one table they come from is `crate::Error` (see
//! `src/error.rs`), and a test below keeps the two in step: every row of the table has its
//! constant, under its name, with its number, and there is no other error constant.

/// The longest accepted user id, in bytes.
pub const ZEGO_MAX_USER_ID_BYTES: usize = 64;
/// The length of a server secret, in bytes.
pub const ZEGO_SECRET_BYTES: usize = 32;

/// Success (official code 0).
pub const ZEGO_SUCCESS: i32 = 0;
/// `app_id` is 0 (official code 1).
pub const ZEGO_APP_ID_INVALID: i32 = 1;
/// `user_id` is empty, longer than 64 bytes, NULL or not UTF-8 (official code 3).
pub const ZEGO_USER_ID_INVALID: i32 = 3;
/// The secret is not exactly 32 bytes, is NULL or not UTF-8 (official code 5).
pub const ZEGO_SECRET_INVALID: i32 = 5;
/// `effective_time_in_seconds` is not positive, or `ctime + effective_time_in_seconds`
/// overflows a signed 64-bit integer (official code 6).
pub const ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID: i32 = 6;
/// A required pointer argument (an output pointer, or a token) is NULL (100).
pub const ZEGO_NULL_ARGUMENT: i32 = 100;
/// The payload is not valid UTF-8 (101).
pub const ZEGO_PAYLOAD_INVALID: i32 = 101;
/// The payload is too large: the ciphertext would not fit the token's 16-bit length field (102).
pub const ZEGO_PAYLOAD_TOO_LARGE: i32 = 102;
/// The operating system's random number generator failed (103).
pub const ZEGO_RANDOM_FAILED: i32 = 103;
/// An internal error, such as a caught panic; please report it (104).
pub const ZEGO_INTERNAL_ERROR: i32 = 104;
/// The caller's buffer is too small; the required size was reported (105).
pub const ZEGO_BUFFER_TOO_SMALL: i32 = 105;
/// The mode is neither `ZEGO_TOKEN_MODE_CBC` (0) nor `ZEGO_TOKEN_MODE_GCM` (1) (106).
pub const ZEGO_MODE_INVALID: i32 = 106;
/// A fixed IV has the wrong length for the mode (16 bytes for CBC, 12 for GCM) (107).
pub const ZEGO_IV_INVALID: i32 = 107;
/// Unknown bits are set in a flags argument (108).
pub const ZEGO_FLAGS_INVALID: i32 = 108;
/// A buffer length is above `PTRDIFF_MAX`, or the output buffer overlaps an input string (109).
pub const ZEGO_BUFFER_INVALID: i32 = 109;
/// A room id is not valid UTF-8 (110).
pub const ZEGO_ROOM_ID_INVALID: i32 = 110;
/// A stream id is NULL or not valid UTF-8 (111).
pub const ZEGO_STREAM_ID_INVALID: i32 = 111;
/// A privilege flag is neither 0 nor 1 (112).
pub const ZEGO_PRIVILEGE_INVALID: i32 = 112;
/// The token does not start with `04` (120).
pub const ZEGO_TOKEN_PREFIX_INVALID: i32 = 120;
/// The token is not standard, padded base64 after the prefix, or is longer than any token04 can be (121).
pub const ZEGO_TOKEN_BASE64_INVALID: i32 = 121;
/// A length field of the token points past its end (122).
pub const ZEGO_TOKEN_TRUNCATED: i32 = 122;
/// The token has bytes after its ciphertext other than one mode byte (123).
pub const ZEGO_TOKEN_TRAILING_DATA: i32 = 123;
/// The token's mode byte is neither 0 (CBC) nor 1 (GCM) (124).
pub const ZEGO_TOKEN_MODE_INVALID: i32 = 124;
/// The token's IV length does not match its mode (16 for CBC, 12 for GCM) (125).
pub const ZEGO_TOKEN_IV_LENGTH_INVALID: i32 = 125;
/// A CBC token could not be decrypted or its content is invalid: wrong length, bad padding, or a
/// plaintext that is not UTF-8 JSON with valid claims. CBC failures after the token's structure
/// has parsed all give this one code, so that it is no padding oracle (126).
pub const ZEGO_TOKEN_DECRYPT_FAILED: i32 = 126;
/// The GCM tag does not verify (wrong secret or tampered token) (127).
pub const ZEGO_TOKEN_AUTHENTICATION_FAILED: i32 = 127;
/// The decrypted plaintext of a GCM token is not UTF-8 (128; CBC tokens give 126).
pub const ZEGO_TOKEN_PLAINTEXT_NOT_UTF8: i32 = 128;
/// The decrypted plaintext of a GCM token is not a JSON object (129; CBC tokens give 126).
pub const ZEGO_TOKEN_PLAINTEXT_NOT_JSON: i32 = 129;
/// A claim of a GCM token is missing or has the wrong type or range (130; CBC tokens give 126).
pub const ZEGO_TOKEN_CLAIMS_INVALID: i32 = 130;
/// The expiry in a GCM token's header differs from its `expire` claim (131; CBC tokens give 126).
pub const ZEGO_TOKEN_EXPIRE_MISMATCH: i32 = 131;
/// The token was issued for another app id (verify only) (132).
pub const ZEGO_TOKEN_APP_ID_MISMATCH: i32 = 132;
/// The token has expired: `expire <= now` (verify only) (133).
pub const ZEGO_TOKEN_EXPIRED: i32 = 133;
/// The token is CBC (unauthenticated) and the verifier accepts GCM only: pass
/// `ZEGO_VERIFY_ALLOW_CBC` to `zego_token04_verify_flags` to accept it (134).
pub const ZEGO_TOKEN_MODE_NOT_ALLOWED: i32 = 134;

/// Flag for `zego_token04_verify_flags`: accept CBC tokens as well as GCM ones. CBC tokens are
/// not authenticated: anyone can change their bytes, and only the JSON checks stand in the way.
/// Set it only for tokens from generators that cannot make GCM tokens.
pub const ZEGO_VERIFY_ALLOW_CBC: u32 = 1;

#[cfg(test)]
mod tests {
    use crate::Error;

    /// The `#define NAME VALUE` lines of the generated header with an integer value.
    fn header_constants() -> Vec<(String, i64)> {
        let header = include_str!("../../include/zego_token.h");
        header
            .lines()
            .filter_map(|line| {
                let mut words = line.strip_prefix("#define ")?.split_whitespace();
                let name = words.next()?;
                let value = words.next()?.parse().ok()?;
                Some((name.to_string(), value))
            })
            .collect()
    }

    /// Constants of the header that are not error codes.
    const OTHER_CONSTANTS: [&str; 6] = [
        "ZEGO_TOKEN_VERSION_MAJOR",
        "ZEGO_TOKEN_VERSION_MINOR",
        "ZEGO_TOKEN_VERSION_PATCH",
        "ZEGO_MAX_USER_ID_BYTES",
        "ZEGO_SECRET_BYTES",
        "ZEGO_VERIFY_ALLOW_CBC",
    ];

    #[test]
    fn the_header_constants_follow_the_error_table() {
        let mut expected: Vec<(String, i64)> = Error::ALL
            .iter()
            .map(|e| (e.c_name().to_string(), i64::from(e.code())))
            .collect();
        expected.push(("ZEGO_SUCCESS".to_string(), 0));
        expected.sort();
        let mut found: Vec<(String, i64)> = header_constants()
            .into_iter()
            .filter(|(name, _)| !OTHER_CONSTANTS.contains(&name.as_str()))
            .collect();
        found.sort();
        assert_eq!(found, expected);
        // The Rust constants are what the header shows.
        assert_eq!(super::ZEGO_MAX_USER_ID_BYTES, crate::MAX_USER_ID_BYTES);
        assert_eq!(super::ZEGO_SECRET_BYTES, crate::SECRET_BYTES);
        assert_eq!(super::ZEGO_SUCCESS, 0);
        assert_eq!(
            super::ZEGO_TOKEN_MODE_NOT_ALLOWED,
            Error::TokenModeNotAllowed.code()
        );
    }
}
