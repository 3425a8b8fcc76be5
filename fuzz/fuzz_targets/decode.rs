//! Decode arbitrary text, and arbitrary bytes wrapped as a token, with both test secrets; a
//! successful decode must describe a consistent token.
#![no_main]

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;

const SECRETS: [&str; 2] = [
    "fa94dd0f974cf2e293728a526b028271",
    "0123456789abcdef0123456789abcdef",
];

fuzz_target!(|data: &[u8]| {
    let wrapped = format!("04{}", STANDARD.encode(data));
    let text = String::from_utf8_lossy(data);
    for secret in SECRETS {
        for token in [text.as_ref(), wrapped.as_str()] {
            if let Ok(c) = zego_token::decode_token04(token, secret) {
                assert!(c.mode.iv_len() == 12 || c.mode.iv_len() == 16);
                let _ = zego_token::verify_token04(token, secret, c.app_id, c.ctime);
            }
        }
    }
});
