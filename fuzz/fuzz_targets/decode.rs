//! Decode and verify arbitrary text, and arbitrary bytes wrapped as a token, with both test
//! secrets. A successful decode must describe a consistent token; verify must refuse CBC unless
//! allowed; and a CBC token never fails with a code of its own beyond the structural ones (one
//! code, 126, for every failure after parsing: no padding oracle).
#![no_main]

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use zego_token::{Error, Mode, VerifyOptions};

const SECRETS: [&str; 2] = [
    "fa94dd0f974cf2e293728a526b028271",
    "0123456789abcdef0123456789abcdef",
];

fuzz_target!(|data: &[u8]| {
    let wrapped = format!("04{}", STANDARD.encode(data));
    let text = String::from_utf8_lossy(data);
    let allow = VerifyOptions { allow_cbc: true };
    for secret in SECRETS {
        for token in [text.as_ref(), wrapped.as_str()] {
            let gcm_shaped = || {
                token
                    .get(2..)
                    .and_then(|b| STANDARD.decode(b).ok())
                    .is_some_and(|p| p.last() == Some(&1))
            };
            match zego_token::decode_token04(token, secret) {
                Ok(c) => {
                    assert!(c.mode.iv_len() == 12 || c.mode.iv_len() == 16);
                    let strict = zego_token::verify_token04(token, secret, c.app_id, c.ctime);
                    let lax =
                        zego_token::verify_token04_with(token, secret, c.app_id, c.ctime, allow);
                    if c.mode == Mode::Cbc {
                        assert_eq!(strict.unwrap_err(), Error::TokenModeNotAllowed);
                    }
                    if let Ok(v) = lax {
                        assert_eq!(v, c);
                    }
                }
                // Only a GCM token (mode byte 1) can fail after parsing with its own code.
                Err(
                    Error::TokenAuthenticationFailed
                    | Error::TokenPlaintextNotUtf8
                    | Error::TokenPlaintextNotJson
                    | Error::TokenClaimsInvalid
                    | Error::TokenExpireMismatch,
                ) => assert!(gcm_shaped()),
                Err(_) => {}
            }
        }
    }
});
