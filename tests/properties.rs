//! Property tests: generate -> decode returns the inputs in both modes; decode never panics on
//! arbitrary bytes or on mutations of valid tokens, and never accepts a tampered GCM token.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use proptest::prelude::*;
use zego_token::{decode_token04, generate_token04_with_mode, Generator, Mode};

const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Cbc), Just(Mode::Gcm)]
}

/// A user id of 1 to 64 bytes of arbitrary UTF-8 (control characters, quotes and emoji included;
/// no NUL, which no layer accepts: see `a_nul_is_refused_in_every_string`).
fn user_id() -> impl Strategy<Value = String> {
    "\\PC{1,64}|[\"\\\\\u{1}-\u{1f}a-z]{1,64}"
        .prop_filter("1..=64 bytes", |s| !s.is_empty() && s.len() <= 64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generate_then_decode_returns_the_inputs(
        mode in mode(),
        app_id in 1u32..,
        user in user_id(),
        ttl in 1i64..=(1i64 << 40),
        payload in "\\PC{0,300}|[\"\\\\\u{1}-\u{1f}{}:,\\[\\]]{0,300}",
    ) {
        let token = generate_token04_with_mode(mode, app_id, &user, SECRET, ttl, &payload).unwrap();
        let c = decode_token04(&token, SECRET).unwrap();
        prop_assert_eq!(c.app_id, app_id);
        prop_assert_eq!(&c.user_id, &user);
        prop_assert_eq!(&c.payload, &payload);
        prop_assert_eq!(c.expire - c.ctime, ttl);
        prop_assert_eq!(c.mode, mode);
        prop_assert!((0..=i64::from(i32::MAX)).contains(&c.nonce));
        // generate_into gives a token of the same shape, within max_token_len
        let gen = Generator::new(app_id, SECRET, mode).unwrap();
        let mut buf = vec![0u8; zego_token::max_token_len(user.len(), payload.len()) - 1];
        let n = gen.generate_into(&user, ttl, &payload, &mut buf).unwrap();
        let c2 = decode_token04(std::str::from_utf8(&buf[..n]).unwrap(), SECRET).unwrap();
        prop_assert_eq!(c2.payload, payload);
    }

    #[test]
    fn a_nul_is_refused_in_every_string(mode in mode(), user in user_id(), at in 0usize..64) {
        let cut = user.char_indices().map(|(i, _)| i).nth(at % user.chars().count()).unwrap();
        let bad = format!("{}\0{}", &user[..cut], &user[cut..]);
        let err = generate_token04_with_mode(mode, 1, &bad, SECRET, 60, "").unwrap_err();
        prop_assert_eq!(err.code(), 3);
        let err = generate_token04_with_mode(mode, 1, "u", SECRET, 60, &bad).unwrap_err();
        prop_assert_eq!(err.code(), 101);
    }

    #[test]
    fn decode_never_panics_on_arbitrary_text(s in "\\PC{0,400}") {
        let _ = decode_token04(&s, SECRET);
        let _ = decode_token04(&format!("04{s}"), SECRET);
    }

    #[test]
    fn decode_never_panics_on_arbitrary_bytes(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode_token04(&format!("04{}", STANDARD.encode(&b)), SECRET);
    }

    #[test]
    fn mutated_tokens_never_panic_and_tampered_gcm_never_decodes(
        mode in mode(),
        payload in "\\PC{0,80}",
        edits in proptest::collection::vec((any::<u16>(), any::<u8>(), 0u8..4), 1..4),
    ) {
        let token = generate_token04_with_mode(mode, 7, "user", SECRET, 3600, &payload).unwrap();
        let original = STANDARD.decode(&token[2..]).unwrap();
        let mut b = original.clone();
        for (pos, byte, kind) in edits {
            let at = usize::from(pos) % (b.len() + 1);
            match kind {
                0 if at < b.len() => b[at] ^= byte | 1,                   // flip bits
                1 => b.truncate(at),                                      // truncate
                2 => b.insert(at, byte),                                  // insert a byte
                _ => {                                                    // alter a length field
                    let field = if byte % 2 == 0 { 8 } else { 10 + mode.iv_len() };
                    if field + 2 <= b.len() {
                        let v = u16::from_be_bytes([b[field], b[field + 1]]).wrapping_add(u16::from(byte) + 1);
                        b[field..field + 2].copy_from_slice(&v.to_be_bytes());
                    }
                }
            }
        }
        let result = decode_token04(&format!("04{}", STANDARD.encode(&b)), SECRET);
        if mode == Mode::Gcm && b != original {
            prop_assert!(result.is_err(), "tampered GCM token accepted");
        }
    }
}
