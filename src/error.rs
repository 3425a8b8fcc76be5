//! The one error type of the library, with the stable numeric codes that the C ABI returns.
//!
//! Codes 0, 1, 3, 5 and 6 are the official ZEGO `ErrorCode` values and mean exactly what they mean
//! in the official generators. Every other code is an extension of this library; extension codes are
//! at or above 100 so that they can never collide with an official code, and once released a code
//! never changes its meaning.
//!
//! Every error is one row of the table below: its variant, its number, the name of its C constant
//! and its message. `code()`, `message()`, `c_message()`, `c_name()` and `Error::ALL` all follow
//! from that row. The C header's `ZEGO_*` constants are literal (cbindgen reads no macros); a test
//! in `src/ffi/codes.rs` keeps them in step with this table, name for name and number for number.

use std::ffi::CStr;
use std::fmt;

/// Defines [`Error`] and its tables from one list of rows:
/// `docs Variant = code, "C_CONSTANT_NAME", "message";`.
macro_rules! error_table {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal, $c_name:literal, $message:literal;)*) => {
        /// Why an operation failed. `code()` is the stable number the C ABI returns.
        ///
        /// Messages never contain any input value: in particular never the secret.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Error {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Error {
            /// Every error, in code order (for tables, tests and bindings).
            pub const ALL: [Error; [$($code),*].len()] = [$(Error::$variant),*];

            /// The stable numeric code (the value the C ABI returns).
            pub const fn code(self) -> i32 {
                match self {
                    $(Error::$variant => $code,)*
                }
            }

            /// A short English description. It never contains an input value.
            pub const fn message(self) -> &'static str {
                match self {
                    $(Error::$variant => $message,)*
                }
            }

            /// [`Error::message`] as a static NUL-terminated string, for the C ABI.
            pub const fn c_message(self) -> &'static CStr {
                match self {
                    $(Error::$variant => const { c_str(concat!($message, "\0")) },)*
                }
            }

            /// The name of the error's constant in the C header (`ZEGO_...`).
            pub const fn c_name(self) -> &'static str {
                match self {
                    $(Error::$variant => $c_name,)*
                }
            }
        }
    };
}

/// A NUL-terminated literal as a `CStr`, checked at compile time.
const fn c_str(s: &'static str) -> &'static CStr {
    match CStr::from_bytes_with_nul(s.as_bytes()) {
        Ok(c) => c,
        Err(_) => panic!("an error message contains a NUL byte"),
    }
}

error_table! {
    /// `app_id` is 0 (official code 1).
    AppIdInvalid = 1, "ZEGO_APP_ID_INVALID",
        "app_id is invalid: it must not be 0";
    /// `user_id` is empty, longer than 64 bytes, NULL or not UTF-8 (official code 3).
    UserIdInvalid = 3, "ZEGO_USER_ID_INVALID",
        "user_id is invalid: it must be non-empty UTF-8 of at most 64 bytes";
    /// The secret is not exactly 32 bytes, is NULL or not UTF-8 (official code 5).
    SecretInvalid = 5, "ZEGO_SECRET_INVALID",
        "secret is invalid: it must be exactly 32 bytes";
    /// `effective_time_in_seconds` is not positive, or `ctime + effective_time_in_seconds`
    /// overflows a signed 64-bit integer (official code 6).
    EffectiveTimeInSecondsInvalid = 6, "ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID",
        "effective_time_in_seconds is invalid: it must be positive and ctime + effective_time_in_seconds must fit in int64";
    /// A required pointer argument (an output pointer, or a token) is NULL (100).
    NullArgument = 100, "ZEGO_NULL_ARGUMENT",
        "a required pointer argument is NULL";
    /// The payload is not valid UTF-8 (101).
    PayloadInvalid = 101, "ZEGO_PAYLOAD_INVALID",
        "payload is not valid UTF-8";
    /// The payload is too large: the ciphertext would not fit the token's 16-bit length field (102).
    PayloadTooLarge = 102, "ZEGO_PAYLOAD_TOO_LARGE",
        "payload is too large: the ciphertext would not fit the token's 16-bit length field";
    /// The operating system's random number generator failed (103).
    RandomFailed = 103, "ZEGO_RANDOM_FAILED",
        "the operating system's random number generator failed";
    /// An internal error, such as a caught panic; please report it (104).
    Internal = 104, "ZEGO_INTERNAL_ERROR",
        "internal error in zego-token (please report it)";
    /// The caller's buffer is too small; the required size was reported (105).
    BufferTooSmall = 105, "ZEGO_BUFFER_TOO_SMALL",
        "the output buffer is too small";
    /// The mode is neither `ZEGO_TOKEN_MODE_CBC` (0) nor `ZEGO_TOKEN_MODE_GCM` (1) (106).
    ModeInvalid = 106, "ZEGO_MODE_INVALID",
        "mode is invalid: use CBC (0, \"cbc\") or GCM (1, \"gcm\")";
    /// A fixed IV has the wrong length for the mode (16 bytes for CBC, 12 for GCM) (107).
    IvInvalid = 107, "ZEGO_IV_INVALID",
        "fixed IV has the wrong length: 16 bytes for CBC, 12 for GCM";
    /// Unknown bits are set in a flags argument (108).
    FlagsInvalid = 108, "ZEGO_FLAGS_INVALID",
        "unknown flag bits are set";
    /// A buffer length is above `PTRDIFF_MAX` (`isize::MAX`), or the output buffer overlaps an
    /// input string (109).
    BufferInvalid = 109, "ZEGO_BUFFER_INVALID",
        "buffer length is above PTRDIFF_MAX or the output buffer overlaps an input";
    /// A room id is not valid UTF-8 (110).
    RoomIdInvalid = 110, "ZEGO_ROOM_ID_INVALID",
        "room_id is not valid UTF-8";
    /// A stream id is NULL or not valid UTF-8 (111).
    StreamIdInvalid = 111, "ZEGO_STREAM_ID_INVALID",
        "a stream id is NULL or not valid UTF-8";
    /// A privilege flag is neither 0 nor 1 (112).
    PrivilegeInvalid = 112, "ZEGO_PRIVILEGE_INVALID",
        "a privilege flag must be 0 or 1";
    /// The token does not start with `04` (120).
    TokenPrefixInvalid = 120, "ZEGO_TOKEN_PREFIX_INVALID",
        "token does not start with \"04\"";
    /// The token is not standard, padded base64 after the prefix, or is longer than any token04 can be (121).
    TokenBase64Invalid = 121, "ZEGO_TOKEN_BASE64_INVALID",
        "token body is not valid base64 or is too long";
    /// A length field of the token points past its end (122).
    TokenTruncated = 122, "ZEGO_TOKEN_TRUNCATED",
        "token is truncated: a length field points past its end";
    /// The token has bytes after its ciphertext other than one mode byte (123).
    TokenTrailingData = 123, "ZEGO_TOKEN_TRAILING_DATA",
        "token has unexpected bytes after its ciphertext";
    /// The token's mode byte is neither 0 (CBC) nor 1 (GCM) (124).
    TokenModeInvalid = 124, "ZEGO_TOKEN_MODE_INVALID",
        "token mode byte is neither 0 (CBC) nor 1 (GCM)";
    /// The token's IV length does not match its mode (16 for CBC, 12 for GCM) (125).
    TokenIvLengthInvalid = 125, "ZEGO_TOKEN_IV_LENGTH_INVALID",
        "token IV length does not match its mode";
    /// A CBC token could not be decrypted or its content is invalid: wrong length, bad padding, or a
    /// plaintext that is not UTF-8 JSON with valid claims, all deliberately reported under this one
    /// code so that the code is no padding oracle (wrong secret or tampered token) (126).
    TokenDecryptFailed = 126, "ZEGO_TOKEN_DECRYPT_FAILED",
        "token could not be decrypted or its content is invalid (wrong secret or tampered token)";
    /// The GCM tag does not verify (wrong secret or tampered token) (127).
    TokenAuthenticationFailed = 127, "ZEGO_TOKEN_AUTHENTICATION_FAILED",
        "token authentication failed (wrong secret or tampered token)";
    /// The decrypted plaintext is not UTF-8 (128).
    TokenPlaintextNotUtf8 = 128, "ZEGO_TOKEN_PLAINTEXT_NOT_UTF8",
        "token plaintext is not UTF-8";
    /// The decrypted plaintext is not a JSON object (129).
    TokenPlaintextNotJson = 129, "ZEGO_TOKEN_PLAINTEXT_NOT_JSON",
        "token plaintext is not a JSON object";
    /// A claim is missing or has the wrong type or range (130).
    TokenClaimsInvalid = 130, "ZEGO_TOKEN_CLAIMS_INVALID",
        "token claims are missing or have the wrong type";
    /// The expiry in the token header differs from the `expire` claim (131).
    TokenExpireMismatch = 131, "ZEGO_TOKEN_EXPIRE_MISMATCH",
        "token header expiry differs from its expire claim";
    /// The token was issued for another app id (verify only) (132).
    TokenAppIdMismatch = 132, "ZEGO_TOKEN_APP_ID_MISMATCH",
        "token was issued for another app_id";
    /// The token has expired: `expire <= now` (verify only) (133).
    TokenExpired = 133, "ZEGO_TOKEN_EXPIRED",
        "token has expired";
    /// The token is CBC (unauthenticated) and the verifier accepts GCM only; pass the allow-CBC
    /// flag to accept it (verify only) (134).
    TokenModeNotAllowed = 134, "ZEGO_TOKEN_MODE_NOT_ALLOWED",
        "token is CBC (unauthenticated) and only GCM tokens are accepted";
}

impl Error {
    /// The error with this code, if any (0 is success, not an error).
    pub fn from_code(code: i32) -> Option<Error> {
        Error::ALL.iter().copied().find(|e| e.code() == code)
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
        assert!(Error::ALL.windows(2).all(|w| w[0].code() < w[1].code()));
        assert_eq!(Error::from_code(0), None);
        assert_eq!(Error::from_code(2), None);
    }

    #[test]
    fn c_messages_and_names_follow_the_table() {
        for e in Error::ALL {
            assert_eq!(e.c_message().to_str(), Ok(e.message()));
            assert!(e.c_name().starts_with("ZEGO_"), "{}", e.c_name());
        }
        assert_eq!(Error::SecretInvalid.c_name(), "ZEGO_SECRET_INVALID");
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
