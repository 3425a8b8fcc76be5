//! Reading a token04 back: decode (with the secret) and verify (also app id and expiry).
//!
//! Accepts tokens from every official generator: either mode, any JSON key order and any valid
//! JSON escaping. Every malformed input is an error with its own code, never a panic.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

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
    // Any JSON error, a top-level value that is not an object included, is "not JSON".
    let raw: RawClaims = serde_json::from_str(text).map_err(|_| Error::TokenPlaintextNotJson)?;
    Ok(Claims {
        app_id: int(raw.app_id)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or(Error::TokenClaimsInvalid)?,
        user_id: string(raw.user_id)?,
        nonce: int(raw.nonce).ok_or(Error::TokenClaimsInvalid)?,
        ctime: int(raw.ctime).ok_or(Error::TokenClaimsInvalid)?,
        expire: int(raw.expire).ok_or(Error::TokenClaimsInvalid)?,
        payload: string(raw.payload)?,
        mode,
    })
}

fn int(value: Option<Value>) -> Option<i64> {
    value?.as_i64()
}

fn string(value: Option<Value>) -> Result<String, Error> {
    match value {
        // A NUL cannot cross the C ABI (its strings are NUL-terminated): no layer accepts it.
        Some(Value::String(s)) if !s.contains('\0') => Ok(s),
        _ => Err(Error::TokenClaimsInvalid),
    }
}

/// The six claims as a plaintext's JSON object has them, any key order and any escaping: for
/// each, the value of its last occurrence (as a JSON map keeps it), or `None`; every other key's
/// value is read and dropped. Read straight from the text by one visitor, without
/// building a map of every key (the decoder's largest cost once).
#[derive(Default)]
struct RawClaims {
    app_id: Option<Value>,
    user_id: Option<Value>,
    nonce: Option<Value>,
    ctime: Option<Value>,
    expire: Option<Value>,
    payload: Option<Value>,
}

/// An object key: one of the six claims, or any other.
enum Key {
    AppId,
    UserId,
    Nonce,
    Ctime,
    Expire,
    Payload,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }
            // Called with the key unescaped, borrowed from the text or from the parser's scratch.
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "app_id" => Key::AppId,
                    "user_id" => Key::UserId,
                    "nonce" => Key::Nonce,
                    "ctime" => Key::Ctime,
                    "expire" => Key::Expire,
                    "payload" => Key::Payload,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for RawClaims {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawClaims, D::Error> {
        struct ClaimsVisitor;
        impl<'de> Visitor<'de> for ClaimsVisitor {
            type Value = RawClaims;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawClaims, A::Error> {
                let mut c = RawClaims::default();
                while let Some(key) = map.next_key::<Key>()? {
                    let slot = match key {
                        Key::AppId => &mut c.app_id,
                        Key::UserId => &mut c.user_id,
                        Key::Nonce => &mut c.nonce,
                        Key::Ctime => &mut c.ctime,
                        Key::Expire => &mut c.expire,
                        Key::Payload => &mut c.payload,
                        Key::Other => {
                            // Read as a JSON value, as the map used to keep it (and with the
                            // same errors: a number out of range is one): real tokens have none.
                            map.next_value::<Value>()?;
                            continue;
                        }
                    };
                    *slot = Some(map.next_value()?);
                }
                Ok(c)
            }
        }
        d.deserialize_map(ClaimsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The claims as the decoder read them before the visitor: a whole JSON map, then lookups.
    fn reference(plaintext: &[u8], mode: Mode) -> Result<Claims, Error> {
        let text = std::str::from_utf8(plaintext).map_err(|_| Error::TokenPlaintextNotUtf8)?;
        let value: Value = serde_json::from_str(text).map_err(|_| Error::TokenPlaintextNotJson)?;
        let Value::Object(map) = value else {
            return Err(Error::TokenPlaintextNotJson);
        };
        let get = |k: &str| map.get(k).cloned();
        Ok(Claims {
            app_id: int(get("app_id"))
                .and_then(|v| u32::try_from(v).ok())
                .ok_or(Error::TokenClaimsInvalid)?,
            user_id: string(get("user_id"))?,
            nonce: int(get("nonce")).ok_or(Error::TokenClaimsInvalid)?,
            ctime: int(get("ctime")).ok_or(Error::TokenClaimsInvalid)?,
            expire: int(get("expire")).ok_or(Error::TokenClaimsInvalid)?,
            payload: string(get("payload"))?,
            mode,
        })
    }

    #[test]
    fn the_claims_visitor_reads_what_a_json_map_reads() {
        let good = r#""app_id":1,"user_id":"u","nonce":-5,"ctime":2,"expire":3,"payload":"p""#;
        let mut cases = vec![
            format!("{{{good}}}"),
            // Any order, escaped keys and values, unknown keys of every kind.
            r#"{"payload":"{\"a\":1}","expire":3,"ctime":2,"nonce":1,"user_id":"\u00e9","app_id":7}"#.into(),
            r#"{"app\u005fid":1,"user_id":"u","nonce":1,"ctime":2,"expire":3,"payload":""}"#.into(),
            format!(r#"{{"x":[1,{{"y":null}}],"z":1.5,{good},"w":"s"}}"#),
            // The last of a repeated key wins, whatever the first was.
            format!(r#"{{"app_id":"bad",{good},"app_id":9}}"#),
            format!(r#"{{{good},"user_id":5}}"#),
            // Missing, mistyped and out-of-range claims.
            r#"{"app_id":1,"user_id":"u","nonce":1,"ctime":2,"expire":3}"#.into(),
            r#"{"app_id":1.0,"user_id":"u","nonce":1,"ctime":2,"expire":3,"payload":""}"#.into(),
            r#"{"app_id":4294967296,"user_id":"u","nonce":1,"ctime":2,"expire":3,"payload":""}"#.into(),
            r#"{"app_id":1,"user_id":"u","nonce":9223372036854775808,"ctime":2,"expire":3,"payload":""}"#.into(),
            r#"{"app_id":1,"user_id":"a\u0000b","nonce":1,"ctime":2,"expire":3,"payload":""}"#.into(),
            r#"{"app_id":1,"user_id":null,"nonce":1,"ctime":2,"expire":3,"payload":""}"#.into(),
            // Not JSON, or not an object.
            format!(r#"{{{good}"#),
            format!(r#"{{{good}}} x"#),
            format!(r#"{{{good},"n":1e400}}"#),
            format!(r#"{{{good},}}"#),
            format!(r#"[{{{good}}}]"#),
            "\"s\"".into(),
            "1".into(),
            "{}".into(),
            format!("{}{{{good}}}{}", "[".repeat(200), "]".repeat(200)),
            format!(r#"{{"deep":{}1{},{good}}}"#, "[".repeat(200), "]".repeat(200)),
        ];
        cases.push(String::from_utf8_lossy(b"{\"app_id\":1}").into_owned());
        for text in &cases {
            for mode in [Mode::Cbc, Mode::Gcm] {
                assert_eq!(
                    parse_claims(text.as_bytes(), mode),
                    reference(text.as_bytes(), mode),
                    "{text}"
                );
            }
        }
        assert_eq!(
            parse_claims(b"{\"a\":\xff}", Mode::Gcm),
            Err(Error::TokenPlaintextNotUtf8)
        );
    }
}
