//! Reading a token04 back: decode (with the secret) and verify (also app id and expiry).
//!
//! Accepts tokens from every official generator: either mode, any JSON key order and any valid
//! JSON escaping. Every malformed input is an error with its own code, never a panic.

use serde_json::{Map, Value};

use crate::format::{parse, Layout};
use crate::validate;
use crate::{cipher, Error, Mode};

/// The claims of a decoded token.
#[derive(Clone, PartialEq, Eq)]
pub struct Claims {
    /// The app id the token was issued for.
    pub app_id: u32,
    /// The user id.
    pub user_id: String,
    /// The JSON nonce.
    pub nonce: i64,
    /// Creation time, Unix seconds.
    pub ctime: i64,
    /// Expiry, Unix seconds.
    pub expire: i64,
    /// The payload string (empty when there is none).
    pub payload: String,
    /// CBC or GCM.
    pub mode: Mode,
}

impl std::fmt::Debug for Claims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Claims")
            .field("app_id", &self.app_id)
            .field("user_id", &self.user_id)
            .field("nonce", &self.nonce)
            .field("ctime", &self.ctime)
            .field("expire", &self.expire)
            .field("payload", &self.payload)
            .field("mode", &self.mode)
            .finish()
    }
}

/// What [`verify_token04_with`] accepts beyond the default (GCM tokens only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Accept CBC tokens too. CBC tokens are not authenticated: anyone who has seen one token can
    /// change its bytes, and only the JSON checks stand between such a change and acceptance.
    /// Set this only for tokens from generators that cannot make GCM tokens.
    pub allow_cbc: bool,
}

/// Decrypts a parsed token and reads its claims.
///
/// A CBC token is unauthenticated, so everything after its structure (ciphertext length, padding,
/// UTF-8, JSON, claims, expiry agreement) fails with the one code [`Error::TokenDecryptFailed`].
/// Whether it is parsed at all is decided by one constant-time verdict over the whole decrypted
/// buffer (`cipher::open_cbc`): neither the code nor the time taken tells an attacker whether
/// the padding, or any byte, of a garbled plaintext was right (the padding-oracle attack needs
/// that).
fn open(p: Layout, key: &[u8; 32]) -> Result<Claims, Error> {
    let Layout {
        mut packed,
        mode,
        header_expire,
        iv,
        ct,
    } = p;
    let (head, tail) = packed.split_at_mut(ct.start);
    let iv = &head[iv];
    let ct = &mut tail[..ct.len()];
    match mode {
        Mode::Gcm => {
            let plaintext = cipher::open_gcm(key, iv, ct)?;
            let claims = parse_claims(plaintext, mode)?;
            if claims.expire != header_expire {
                return Err(Error::TokenExpireMismatch);
            }
            Ok(claims)
        }
        Mode::Cbc => {
            // Rejected by the constant-time verdict (padding, UTF-8, start and end) with no
            // parsing, or parsed: see `cipher::open_cbc`.
            let plaintext = cipher::open_cbc(key, iv, ct)?;
            match parse_claims(plaintext, mode) {
                Ok(c) if c.expire == header_expire => Ok(c),
                _ => Err(Error::TokenDecryptFailed),
            }
        }
    }
}

/// Decodes and decrypts `token` with `secret`, and returns its claims.
///
/// Does not check the expiry or the app id, and accepts CBC tokens, which anyone can alter: use
/// [`verify_token04`] to accept a token.
pub fn decode_token04(token: &str, secret: &str) -> Result<Claims, Error> {
    let key = validate::secret(secret.as_bytes())?;
    open(parse(token)?, key)
}

/// Accepts `token` only if it is a GCM token (else code 134, checked before any decryption), it
/// decrypts and authenticates with `secret`, it was issued for `expected_app_id` (else code 132)
/// and it has not expired at `now_unix_seconds`, that is `expire > now` (else code 133).
///
/// To accept CBC tokens as well, use [`verify_token04_with`].
pub fn verify_token04(
    token: &str,
    secret: &str,
    expected_app_id: u32,
    now_unix_seconds: i64,
) -> Result<Claims, Error> {
    verify_token04_with(
        token,
        secret,
        expected_app_id,
        now_unix_seconds,
        VerifyOptions::default(),
    )
}

/// [`verify_token04`], with CBC tokens accepted when `options.allow_cbc` is set.
pub fn verify_token04_with(
    token: &str,
    secret: &str,
    expected_app_id: u32,
    now_unix_seconds: i64,
    options: VerifyOptions,
) -> Result<Claims, Error> {
    let key = validate::secret(secret.as_bytes())?;
    let parsed = parse(token)?;
    if parsed.mode == Mode::Cbc && !options.allow_cbc {
        return Err(Error::TokenModeNotAllowed);
    }
    let claims = open(parsed, key)?;
    if claims.app_id != expected_app_id {
        return Err(Error::TokenAppIdMismatch);
    }
    if claims.expire <= now_unix_seconds {
        return Err(Error::TokenExpired);
    }
    Ok(claims)
}

fn parse_claims(plaintext: &[u8], mode: Mode) -> Result<Claims, Error> {
    let text = std::str::from_utf8(plaintext).map_err(|_| Error::TokenPlaintextNotUtf8)?;
    let value: Value = serde_json::from_str(text).map_err(|_| Error::TokenPlaintextNotJson)?;
    let Value::Object(map) = value else {
        return Err(Error::TokenPlaintextNotJson);
    };
    Ok(Claims {
        app_id: int(&map, "app_id")
            .and_then(|v| u32::try_from(v).ok())
            .ok_or(Error::TokenClaimsInvalid)?,
        user_id: string(&map, "user_id")?,
        nonce: int(&map, "nonce").ok_or(Error::TokenClaimsInvalid)?,
        ctime: int(&map, "ctime").ok_or(Error::TokenClaimsInvalid)?,
        expire: int(&map, "expire").ok_or(Error::TokenClaimsInvalid)?,
        payload: string(&map, "payload")?,
        mode,
    })
}

fn int(map: &Map<String, Value>, key: &str) -> Option<i64> {
    map.get(key)?.as_i64()
}

fn string(map: &Map<String, Value>, key: &str) -> Result<String, Error> {
    match map.get(key) {
        // A NUL cannot cross the C ABI (its strings are NUL-terminated): no layer accepts it.
        Some(Value::String(s)) if !s.contains('\0') => Ok(s.clone()),
        _ => Err(Error::TokenClaimsInvalid),
    }
}
