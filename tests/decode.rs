//! Every way a token can be malformed gives its own code, never a panic.

use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use zego_token::{decode_token04, generate_token04, generate_token04_gcm, verify_token04, Error};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

fn unpack(token: &str) -> Vec<u8> {
    STANDARD.decode(&token[2..]).unwrap()
}

fn pack(bytes: &[u8]) -> String {
    format!("04{}", STANDARD.encode(bytes))
}

/// A GCM token around an arbitrary plaintext, header expiry and mode byte.
fn gcm_token(plaintext: &[u8], header_expire: i64) -> String {
    let key: &[u8; 32] = SECRET.as_bytes().try_into().unwrap();
    let cipher = Aes256Gcm::new(key.into());
    let nonce = [7u8; 12];
    let mut ct = plaintext.to_vec();
    let tag = cipher
        .encrypt_inout_detached(&Nonce::from(nonce), b"", ct.as_mut_slice().into())
        .unwrap();
    ct.extend_from_slice(&tag);
    let mut b = header_expire.to_be_bytes().to_vec();
    b.extend_from_slice(&12u16.to_be_bytes());
    b.extend_from_slice(&nonce);
    b.extend_from_slice(&(ct.len() as u16).to_be_bytes());
    b.extend_from_slice(&ct);
    b.push(1);
    pack(&b)
}

fn err(token: &str) -> Error {
    decode_token04(token, SECRET).unwrap_err()
}

const GOOD_JSON: &str =
    r#"{"app_id":1,"user_id":"u","nonce":1,"ctime":100,"expire":200,"payload":""}"#;

#[test]
fn crafted_gcm_token_decodes() {
    let c = decode_token04(&gcm_token(GOOD_JSON.as_bytes(), 200), SECRET).unwrap();
    assert_eq!((c.app_id, c.user_id.as_str(), c.expire), (1, "u", 200));
    // Any key order and escaping.
    let c = decode_token04(
        &gcm_token(
            br#"{"payload":"\u00e9\/","expire":200,"ctime":100,"nonce":-3,"user_id":"\u7528","app_id":4294967295}"#,
            200,
        ),
        SECRET,
    )
    .unwrap();
    assert_eq!(c.payload, "é/");
    assert_eq!(c.user_id, "用");
    assert_eq!(c.app_id, u32::MAX);
    assert_eq!(c.nonce, -3);
}

#[test]
fn framing_errors() {
    let good = generate_token04(1, "demo", SECRET, 3600, "").unwrap();
    let bytes = unpack(&good);
    assert_eq!(err(""), Error::TokenPrefixInvalid);
    assert_eq!(err(&good[2..]), Error::TokenPrefixInvalid);
    assert_eq!(err(&format!("03{}", &good[2..])), Error::TokenPrefixInvalid);
    assert_eq!(err("04!!!!"), Error::TokenBase64Invalid);
    assert_eq!(err(&format!("{good}=")), Error::TokenBase64Invalid);
    assert_eq!(err(&good[..good.len() - 1]), Error::TokenBase64Invalid);
    assert_eq!(
        err(&format!("04{}", "A".repeat(200_000))),
        Error::TokenBase64Invalid
    );
    assert_eq!(err("04"), Error::TokenTruncated);
    // Truncated at every length is an error, never a panic.
    for n in 0..bytes.len() {
        assert!(
            decode_token04(&pack(&bytes[..n]), SECRET).is_err(),
            "prefix {n}"
        );
    }
    // iv_len past the end
    let mut b = bytes.clone();
    b[8..10].copy_from_slice(&u16::MAX.to_be_bytes());
    assert_eq!(err(&pack(&b)), Error::TokenTruncated);
    // ct_len past the end
    let mut b = bytes.clone();
    b[26..28].copy_from_slice(&u16::MAX.to_be_bytes());
    assert_eq!(err(&pack(&b)), Error::TokenTruncated);
    // CBC tokens have no mode byte: a trailing 0 is trailing data (else two strings, one token)
    let mut b = bytes.clone();
    b.push(0);
    assert_eq!(err(&pack(&b)), Error::TokenTrailingData);
    let mut b = bytes.clone();
    b.push(2);
    assert_eq!(err(&pack(&b)), Error::TokenModeInvalid);
    let mut b = bytes.clone();
    b.extend_from_slice(&[0, 0]);
    assert_eq!(err(&pack(&b)), Error::TokenTrailingData);
    // a CBC token marked as GCM has a 16-byte IV
    let mut b = bytes.clone();
    b.push(1);
    assert_eq!(err(&pack(&b)), Error::TokenIvLengthInvalid);
    // a GCM token without its mode byte is read as CBC with a 12-byte IV
    let gcm = unpack(&generate_token04_gcm(1, "demo", SECRET, 3600, "").unwrap());
    assert_eq!(
        err(&pack(&gcm[..gcm.len() - 1])),
        Error::TokenIvLengthInvalid
    );
}

#[test]
fn crypto_errors() {
    let cbc = generate_token04(1, "demo", SECRET, 3600, "").unwrap();
    let other = "0123456789abcdef0123456789abcdef";
    // Wrong secret: bad padding (or, rarely, garbage that is not UTF-8/JSON); never success.
    for _ in 0..50 {
        let t = generate_token04(1, "demo", SECRET, 3600, "").unwrap();
        assert!(decode_token04(&t, other).is_err());
    }
    assert!(matches!(
        decode_token04(&cbc, other).unwrap_err(),
        Error::TokenDecryptFailed | Error::TokenPlaintextNotUtf8 | Error::TokenPlaintextNotJson
    ));
    // CBC ciphertext not a whole number of blocks
    let mut b = unpack(&cbc);
    b.truncate(b.len() - 1);
    let ct_len = u16::from_be_bytes([b[26], b[27]]) - 1;
    b[26..28].copy_from_slice(&ct_len.to_be_bytes());
    assert_eq!(err(&pack(&b)), Error::TokenDecryptFailed);

    let gcm = generate_token04_gcm(1, "demo", SECRET, 3600, "").unwrap();
    assert_eq!(
        decode_token04(&gcm, other).unwrap_err(),
        Error::TokenAuthenticationFailed
    );
    // Every single-bit flip of a GCM token is rejected (the header expiry by the claim check).
    let b = unpack(&gcm);
    for i in 0..b.len() {
        for bit in 0..8 {
            let mut t = b.clone();
            t[i] ^= 1 << bit;
            assert!(
                decode_token04(&pack(&t), SECRET).is_err(),
                "byte {i} bit {bit}"
            );
        }
    }
    // GCM ciphertext shorter than a tag
    let mut short = b[..8].to_vec();
    short.extend_from_slice(&12u16.to_be_bytes());
    short.extend_from_slice(&b[10..22]);
    short.extend_from_slice(&4u16.to_be_bytes());
    short.extend_from_slice(&[1, 2, 3, 4, 1]);
    assert_eq!(err(&pack(&short)), Error::TokenAuthenticationFailed);
}

#[test]
fn plaintext_errors() {
    assert_eq!(
        err(&gcm_token(b"\xff\xfe{}", 200)),
        Error::TokenPlaintextNotUtf8
    );
    assert_eq!(
        err(&gcm_token(b"not json", 200)),
        Error::TokenPlaintextNotJson
    );
    assert_eq!(err(&gcm_token(b"[1,2]", 200)), Error::TokenPlaintextNotJson);
    assert_eq!(
        err(&gcm_token(format!("{GOOD_JSON} x").as_bytes(), 200)),
        Error::TokenPlaintextNotJson
    );
    for bad in [
        r#"{"user_id":"u","nonce":1,"ctime":100,"expire":200,"payload":""}"#,
        r#"{"app_id":"1","user_id":"u","nonce":1,"ctime":100,"expire":200,"payload":""}"#,
        r#"{"app_id":4294967296,"user_id":"u","nonce":1,"ctime":100,"expire":200,"payload":""}"#,
        r#"{"app_id":-1,"user_id":"u","nonce":1,"ctime":100,"expire":200,"payload":""}"#,
        r#"{"app_id":1,"user_id":5,"nonce":1,"ctime":100,"expire":200,"payload":""}"#,
        r#"{"app_id":1,"user_id":"u","nonce":1.5,"ctime":100,"expire":200,"payload":""}"#,
        r#"{"app_id":1,"user_id":"u","nonce":1,"ctime":100,"expire":200}"#,
        r#"{"app_id":1,"user_id":"u","nonce":1,"ctime":100,"expire":"200","payload":""}"#,
        r#"{"app_id":1,"user_id":"u","nonce":1,"ctime":100,"expire":200,"payload":null}"#,
    ] {
        assert_eq!(
            err(&gcm_token(bad.as_bytes(), 200)),
            Error::TokenClaimsInvalid,
            "{bad}"
        );
    }
    assert_eq!(
        err(&gcm_token(GOOD_JSON.as_bytes(), 201)),
        Error::TokenExpireMismatch
    );
}

#[test]
fn verify_checks_app_id_then_expiry() {
    let t = generate_token04_gcm(5, "u", SECRET, 100, "").unwrap();
    let c = decode_token04(&t, SECRET).unwrap();
    assert!(verify_token04(&t, SECRET, 5, c.expire - 1).is_ok());
    assert_eq!(
        verify_token04(&t, SECRET, 5, c.expire).unwrap_err(),
        Error::TokenExpired
    );
    assert_eq!(
        verify_token04(&t, SECRET, 6, c.expire).unwrap_err(),
        Error::TokenAppIdMismatch
    );
    assert_eq!(
        verify_token04(&t, "short", 5, 0).unwrap_err(),
        Error::SecretInvalid
    );
}
