//! The two token04 encryption modes.

use crate::Error;

/// How a token04 is encrypted. The numeric values are the official ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// AES-256-CBC with PKCS#7 padding and a 16-character `0-9a-z` IV; no mode byte.
    /// The original format, which every ZEGO server accepts; officially deprecated.
    #[default]
    Cbc = 0,
    /// AES-256-GCM with a 12-byte random nonce, a 16-byte tag and a trailing mode byte `1`.
    /// Authenticated: a tampered token is always rejected. The official recommendation.
    Gcm = 1,
}

impl Mode {
    /// The mode with this official number (0 = CBC, 1 = GCM).
    pub fn from_i32(value: i32) -> Result<Mode, Error> {
        match value {
            0 => Ok(Mode::Cbc),
            1 => Ok(Mode::Gcm),
            _ => Err(Error::ModeInvalid),
        }
    }

    /// The official number of the mode.
    pub const fn as_i32(self) -> i32 {
        self as i32
    }

    /// The IV length of the mode, in bytes.
    pub const fn iv_len(self) -> usize {
        match self {
            Mode::Cbc => 16,
            Mode::Gcm => 12,
        }
    }

    /// `"cbc"` or `"gcm"`.
    pub const fn name(self) -> &'static str {
        match self {
            Mode::Cbc => "cbc",
            Mode::Gcm => "gcm",
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Mode, Error> {
        match s {
            "cbc" | "CBC" => Ok(Mode::Cbc),
            "gcm" | "GCM" => Ok(Mode::Gcm),
            _ => Err(Error::ModeInvalid),
        }
    }
}
