//! # zego-token
//!
//! Generates and inspects ZEGO **token04** authentication tokens, in both official formats:
//! AES-256-CBC (the original) and AES-256-GCM (the current recommendation).
//!
//! ```text
//! token = "04" + base64( expire:i64 BE | iv_len:u16 BE | iv | ct_len:u16 BE | ct | [mode:u8] )
//! ```
//!
//! The crate has three layers: this safe Rust core (validation, JSON, crypto, packing, decoding),
//! which knows nothing of C; the [`ffi`] module, thin `extern "C"` functions over the core; and the
//! consumers around it (the C examples, the language bindings, the `zego-token` CLI).
//!
//! ```
//! let token = zego_token::generate_token04(1, "demo", "fa94dd0f974cf2e293728a526b028271", 3600, "")?;
//! assert!(token.starts_with("04"));
//! let claims = zego_token::decode_token04(&token, "fa94dd0f974cf2e293728a526b028271")?;
//! assert_eq!(claims.user_id, "demo");
//! # Ok::<(), zego_token::Error>(())
//! ```
//!
//! Randomness (IVs and JSON nonces) comes only from the operating system's CSPRNG. Nothing is ever
//! written to stdout or stderr, and no error message contains an input value.
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod cipher;
mod decode;
mod error;
mod format;
mod generator;
mod mode;
mod os;
mod payload;
mod plaintext;
mod random;
mod scrub;
mod validate;

pub mod ffi;

pub use decode::{decode_token04, verify_token04, verify_token04_with, Claims, VerifyOptions};
pub use error::Error;
pub use format::{inspect, Hint, Inspection, MAX_TOKEN_LEN, TOKEN04_PREFIX};
pub use generator::{
    check_token04_inputs, generate_token04, generate_token04_fixed, generate_token04_gcm,
    generate_token04_with_mode, max_token_len, FixedInputs, Generator,
};
pub use mode::Mode;
pub use payload::{build_rtc_room_payload, PRIVILEGE_LOGIN_ROOM, PRIVILEGE_PUBLISH_STREAM};
pub use validate::{MAX_PLAINTEXT_BYTES, MAX_USER_ID_BYTES, SECRET_BYTES};

/// The library version (`MAJOR.MINOR.PATCH`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
