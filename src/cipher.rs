//! AES-256 in the two token04 modes, entirely from the RustCrypto crates: `aes` (which detects
//! AES-NI itself and falls back to constant-time software), `cbc` for CBC with PKCS#7, and
//! `aes-gcm` for GCM. Nothing here implements a primitive or a mode; this module only chooses the
//! crate calls. Expanded keys are built once per generator and zeroized on drop by the crates
//! (their `zeroize` features, including `polyval`'s for the GHASH key).

use aes::cipher::block_padding::{NoPadding, Padding, Pkcs7};
use aes::cipher::{Array, BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit};
use aes::{Aes256Dec, Aes256Enc};
use aes_gcm::aead::AeadInOut;
use aes_gcm::{Aes256Gcm, Nonce, Tag};

use subtle::{Choice, ConstantTimeEq};

use crate::{plaintext, Error, Mode};

pub(crate) const BLOCK: usize = 16;
pub(crate) const TAG: usize = 16;

/// An expanded key for sealing tokens in one mode.
// Both variants are large and created once per generator; boxing would cost one-shot calls an
// allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub(crate) enum Sealer {
    /// The AES-256 encryption key schedule.
    Cbc(Aes256Enc),
    /// The AES-256 key schedule and the GHASH key, as `aes-gcm` holds them.
    Gcm(Aes256Gcm),
}

impl Sealer {
    pub(crate) fn new(mode: Mode, key: &[u8; 32]) -> Sealer {
        match mode {
            Mode::Cbc => Sealer::Cbc(Aes256Enc::new(key.into())),
            Mode::Gcm => Sealer::Gcm(Aes256Gcm::new(key.into())),
        }
    }

    /// The ciphertext length for a plaintext of `pt_len` bytes.
    pub(crate) fn ct_len(&self, pt_len: usize) -> usize {
        match self {
            Sealer::Cbc(_) => (pt_len / BLOCK + 1) * BLOCK,
            Sealer::Gcm(_) => pt_len + TAG,
        }
    }

    /// Encrypts in place the plaintext at the start of `region`, which must be exactly
    /// `ct_len(pt_len)` bytes long, filling the rest (CBC padding or GCM tag).
    pub(crate) fn seal(&self, iv: &[u8], region: &mut [u8], pt_len: usize) -> Result<(), Error> {
        if region.len() != self.ct_len(pt_len) {
            return Err(Error::Internal);
        }
        match self {
            Sealer::Cbc(aes) => {
                let iv: &[u8; BLOCK] = iv.try_into().map_err(|_| Error::Internal)?;
                // The region is whole blocks, the last one holding the plaintext's tail: the
                // crates' PKCS#7 (`block-padding`, what `encrypt_padded` calls) pads that block
                // in place, and the encryptor encrypts all the blocks in one call. (`encrypt_padded`
                // pads a copy of the tail on the stack and encrypts it in a second call; reading
                // that copy back stalled on store forwarding.)
                let (blocks, _) = Array::slice_as_chunks_mut(region);
                let last = blocks.last_mut().ok_or(Error::Internal)?;
                Pkcs7::pad(last, pt_len % BLOCK);
                // The encryptor borrows the cached key schedule: no expansion, no copy.
                cbc::Encryptor::<&Aes256Enc>::inner_iv_init(aes, iv.into()).encrypt_blocks(blocks);
            }
            Sealer::Gcm(aead) => {
                let nonce: &[u8; 12] = iv.try_into().map_err(|_| Error::Internal)?;
                let (body, tag) = region.split_at_mut(pt_len);
                let t = aead
                    .encrypt_inout_detached(&Nonce::from(*nonce), b"", body.into())
                    .map_err(|_| Error::Internal)?;
                tag.copy_from_slice(&t);
            }
        }
        Ok(())
    }
}

/// Decrypts a GCM ciphertext (tag appended) in place and returns the plaintext, or
/// `TokenAuthenticationFailed` when the tag does not verify.
pub(crate) fn open_gcm<'a>(key: &[u8; 32], iv: &[u8], ct: &'a mut [u8]) -> Result<&'a [u8], Error> {
    let nonce: &[u8; 12] = iv.try_into().map_err(|_| Error::TokenIvLengthInvalid)?;
    if ct.len() < TAG {
        return Err(Error::TokenAuthenticationFailed);
    }
    let (body, tag) = ct.split_at_mut(ct.len() - TAG);
    let tag = Tag::try_from(&*tag).map_err(|_| Error::TokenAuthenticationFailed)?;
    Aes256Gcm::new(key.into())
        .decrypt_inout_detached(&Nonce::from(*nonce), b"", body.into(), &tag)
        .map_err(|_| Error::TokenAuthenticationFailed)?;
    Ok(body)
}

/// Decrypts a CBC ciphertext in place and returns the plaintext, or `TokenDecryptFailed`.
///
/// CBC is unauthenticated, so anyone holding one token can submit altered ciphertexts and time
/// the answers: if a valid padding (or any plaintext byte) changed how long a rejection takes,
/// that would be a padding oracle, and through CBC-R a way to build tokens that ZEGO's servers
/// accept. So the decision is one branch-free verdict over the **whole** decrypted buffer,
/// computed with work that depends only on the ciphertext's length (which is public): the PKCS#7
/// padding is valid, the text before it is valid UTF-8, starts with `{"app_id":` and ends with
/// `"}` (as every token04 plaintext does). Only a plaintext that passes is handed on (to the JSON
/// parser); every other one is rejected at the same point, after the same work.
pub(crate) fn open_cbc<'a>(key: &[u8; 32], iv: &[u8], ct: &'a mut [u8]) -> Result<&'a [u8], Error> {
    let iv: &[u8; BLOCK] = iv.try_into().map_err(|_| Error::TokenIvLengthInvalid)?;
    if ct.is_empty() || !ct.len().is_multiple_of(BLOCK) {
        return Err(Error::TokenDecryptFailed);
    }
    decrypt_cbc(key, iv, ct)?;
    let (body_len, ok) = cbc_verdict(ct);
    if !bool::from(ok) {
        return Err(Error::TokenDecryptFailed);
    }
    // The verdict passed: the padding is valid, and its length may now be used as an index.
    Ok(&ct[..body_len as usize])
}

/// Decrypts whole blocks in place, padding and all.
fn decrypt_cbc(key: &[u8; 32], iv: &[u8; BLOCK], ct: &mut [u8]) -> Result<(), Error> {
    cbc::Decryptor::<Aes256Dec>::inner_iv_init(Aes256Dec::new(key.into()), iv.into())
        .decrypt_padded::<NoPadding>(ct)
        .map(|_| ())
        .map_err(|_| Error::TokenDecryptFailed)
}

/// The PKCS#7 pad length of a last block and `1` when the padding is invalid (the pad is 0 or
/// above 16, or one of the last `pad` bytes differs from it), over all sixteen bytes, branch-free.
#[inline(always)]
fn pkcs7_check(last: &[u8]) -> (u32, u32) {
    let pad = u32::from(last[BLOCK - 1]);
    let mut bad = within(pad, 1, BLOCK as u32) ^ 1;
    for (i, &b) in last.iter().rev().enumerate() {
        bad |= lt(i as u32, pad) & nonzero(u32::from(b) ^ pad);
    }
    (pad, bad)
}

/// `1` when `a < b`, else `0`; both below 2^31. No branch, no data-dependent index.
#[inline(always)]
fn lt(a: u32, b: u32) -> u32 {
    a.wrapping_sub(b) >> 31
}

/// `1` when `lo <= x <= hi`, else `0`; all below 2^31.
#[inline(always)]
fn within(x: u32, lo: u32, hi: u32) -> u32 {
    (lt(x, lo) | lt(hi, x)) ^ 1
}

/// `1` when `x != 0`, else `0`.
#[inline(always)]
fn nonzero(x: u32) -> u32 {
    (x | x.wrapping_neg()) >> 31
}

/// `a` when `bit` is 1, `b` when it is 0.
#[inline(always)]
fn pick(bit: u32, a: u32, b: u32) -> u32 {
    b ^ ((a ^ b) & bit.wrapping_neg())
}

/// The verdict on a decrypted CBC buffer (at least one block, whole blocks, below 2^31 bytes):
/// the length of the plaintext before the padding, and whether the buffer is a well-formed
/// token04 plaintext: PKCS#7 padding valid, then valid UTF-8 (no overlong form, surrogate or
/// code point above U+10FFFF) that starts with [`plaintext::START`] and ends with
/// [`plaintext::END`]. The work depends only on `pt.len()`: no branch or index depends on a
/// byte's value, and the byte comparisons and the final choice go through `subtle`. The length
/// is meaningful only when the verdict is true.
///
/// The padding bytes are overwritten with spaces (by a select on every byte of the last block),
/// so that the UTF-8 check can read the whole buffer the same way whatever the padding was. That
/// check is local: each byte is judged from itself and the three bytes before it, with nothing
/// carried from one byte to the next but an OR, so the compiler can run it on many bytes at once
/// (it vectorizes the plain loop; there is no SIMD code here).
fn cbc_verdict(pt: &mut [u8]) -> (u32, Choice) {
    let len = pt.len();
    let (pad, mut bad) = pkcs7_check(&pt[len - BLOCK..]);
    // The plaintext length if the padding is valid (the whole buffer otherwise: the verdict
    // fails anyway, and nothing below depends on it but values).
    let body_len = len as u32 - pick(bad ^ 1, pad, 0);
    // At least START and END, which must not overlap.
    bad |= lt(
        body_len,
        (plaintext::START.len() + plaintext::END.len()) as u32,
    );
    let tail = len - BLOCK;
    for (i, b) in pt[tail..].iter_mut().enumerate() {
        *b = pick(
            lt((tail + i) as u32, body_len),
            u32::from(*b),
            u32::from(b' '),
        ) as u8;
    }

    let mut start_ok = pt[..plaintext::START.len()].ct_eq(&plaintext::START[..]);
    // END at `body_len - 2`, somewhere in the last BLOCK + 2 bytes.
    let (end_q, end_b) = (body_len.wrapping_sub(2), body_len.wrapping_sub(1));
    let from = len.saturating_sub(BLOCK + 2);
    for (j, &b) in pt.iter().enumerate().skip(from) {
        let (j, b) = (j as u32, u32::from(b));
        bad |= (nonzero(j ^ end_q) ^ 1) & nonzero(b ^ u32::from(plaintext::END[0]));
        bad |= (nonzero(j ^ end_b) ^ 1) & nonzero(b ^ u32::from(plaintext::END[1]));
    }

    // UTF-8, three spaces read before the first byte.
    let sp = u32::from(b' ');
    let at = |i: usize| u32::from(pt[i]);
    let mut utf8 = utf8_bad(sp, sp, sp, at(0)) | utf8_bad(sp, sp, at(0), at(1));
    utf8 |= utf8_bad(sp, at(0), at(1), at(2));
    for (((&b3, &b2), &b1), &b0) in pt.iter().zip(&pt[1..]).zip(&pt[2..]).zip(&pt[3..]) {
        utf8 |= utf8_bad(b3.into(), b2.into(), b1.into(), b0.into());
    }
    bad |= utf8;
    start_ok &= Choice::from((bad ^ 1) as u8);
    (body_len, start_ok)
}

/// `1` when the byte `b0`, preceded by `b1`, `b2`, `b3` (nearest first), breaks UTF-8, else
/// `0`; branch-free. Valid UTF-8 is exactly the text where every byte passes: a byte is a
/// continuation byte (10xxxxxx) exactly when a lead byte asks for one (any lead just before it,
/// a three- or four-byte lead two before, a four-byte lead three before); C0, C1 and F5..FF never
/// appear; and after E0, ED, F0 and F4 the next byte is in A0..BF, 80..9F, 90..BF and 80..8F
/// (no overlong form, no surrogate, nothing above U+10FFFF).
#[inline(always)]
fn utf8_bad(b3: u32, b2: u32, b1: u32, b0: u32) -> u32 {
    let cont = nonzero((b0 & 0xc0) ^ 0x80) ^ 1;
    let need = lt(0xbf, b1) | lt(0xdf, b2) | lt(0xef, b3);
    let never = (nonzero((b0 & 0xfe) ^ 0xc0) ^ 1) | lt(0xf4, b0);
    let after = |lead: u32| nonzero(b1 ^ lead) ^ 1;
    let range = (after(0xe0) & lt(b0, 0xa0))
        | (after(0xed) & lt(0x9f, b0))
        | (after(0xf0) & lt(b0, 0x90))
        | (after(0xf4) & lt(0x8f, b0));
    (cont ^ need) | never | range
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs7_padding_check_matches_the_definition() {
        // Every pad byte value with every count of correct trailing bytes.
        for pad in 0u8..=255 {
            for good in 0..=16usize {
                let mut block = [0xeeu8; 16];
                for b in block.iter_mut().rev().take(good) {
                    *b = pad;
                }
                block[15] = pad;
                let valid = (1..=16).contains(&pad)
                    && block[16 - usize::from(pad)..].iter().all(|&b| b == pad);
                let (len, bad) = pkcs7_check(&block);
                assert_eq!(bad == 0, valid, "pad {pad} good {good}");
                assert_eq!(len, u32::from(pad));
            }
        }
    }

    /// The verdict's definition, written the plain way.
    fn verdict_reference(pt: &[u8]) -> Option<usize> {
        let pad = usize::from(*pt.last()?);
        if !(1..=16).contains(&pad) || pt[pt.len() - pad..].iter().any(|&b| usize::from(b) != pad) {
            return None;
        }
        let body = &pt[..pt.len() - pad];
        let ok = body.len() >= 12
            && std::str::from_utf8(body).is_ok()
            && body.starts_with(plaintext::START)
            && body.ends_with(plaintext::END);
        ok.then_some(body.len())
    }

    fn padded(body: &[u8]) -> Vec<u8> {
        let pad = 16 - body.len() % 16;
        let mut v = body.to_vec();
        v.resize(body.len() + pad, pad as u8);
        v
    }

    fn check_verdict(pt: &[u8]) {
        let (len, ok) = cbc_verdict(&mut pt.to_vec());
        let want = verdict_reference(pt);
        assert_eq!(bool::from(ok), want.is_some(), "{pt:02x?}");
        if let Some(n) = want {
            assert_eq!(len as usize, n);
        }
    }

    #[test]
    fn verdict_matches_its_definition_on_every_two_and_three_byte_sequence() {
        // Every (first, second) byte pair inside a canonical frame, then with every third byte
        // of a few seconds: covers every lead byte, overlongs, surrogates and truncations.
        for a in 0u8..=255 {
            for b in 0u8..=255 {
                let mut body = plaintext::START.to_vec();
                body.extend_from_slice(&[a, b]);
                body.extend_from_slice(plaintext::END);
                check_verdict(&padded(&body));
                if [0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf].contains(&b) {
                    for c in [0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xff] {
                        for d in [0x41, 0x80, 0xbf, 0xc0] {
                            let mut body = plaintext::START.to_vec();
                            body.extend_from_slice(&[a, b, c, d]);
                            body.extend_from_slice(plaintext::END);
                            check_verdict(&padded(&body));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn verdict_matches_its_definition_on_every_four_bytes_of_boundary_values() {
        // The UTF-8 check judges each byte by the three before it: every sequence of four
        // bytes taken from the values where a rule changes, then random longer ones.
        const EDGES: [u8; 25] = [
            0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
            0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
        ];
        let mut body = plaintext::START.to_vec();
        let frame = body.len();
        for &a in &EDGES {
            for &b in &EDGES {
                for &c in &EDGES {
                    for &d in &EDGES {
                        body.truncate(frame);
                        body.extend_from_slice(&[a, b, c, d]);
                        body.extend_from_slice(plaintext::END);
                        check_verdict(&padded(&body));
                    }
                }
            }
        }
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            body.truncate(frame);
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for k in 0..(x % 24) {
                body.push(EDGES[((x >> (k * 2 + 8)) % 25) as usize]);
            }
            body.extend_from_slice(plaintext::END);
            check_verdict(&padded(&body));
        }
    }

    #[test]
    fn verdict_matches_its_definition_on_frames_and_paddings() {
        let token =
            br#"{"app_id":1,"user_id":"u\u00e9","nonce":1,"ctime":2,"expire":3,"payload":""}"#;
        check_verdict(&padded(token));
        assert!(bool::from(cbc_verdict(&mut padded(token)).1));
        // Every prefix length of a real plaintext, and every tail byte and pad value after it.
        for n in 0..token.len() {
            check_verdict(&padded(&token[..n]));
        }
        let mut pt = padded(token);
        let len = pt.len();
        for i in len - 20..len {
            for v in 0u8..=255 {
                let keep = pt[i];
                pt[i] = v;
                check_verdict(&pt);
                pt[i] = keep;
            }
        }
        // Multi-byte characters, valid and not, across the block boundary before the padding.
        for extra in ["é", "😀", "\u{7ff}", "\u{ffff}", "\u{10ffff}"] {
            let mut body = plaintext::START.to_vec();
            body.extend_from_slice(extra.as_bytes());
            body.extend_from_slice(plaintext::END);
            check_verdict(&padded(&body));
        }
        for bad in [
            &[0xf4u8, 0x90, 0x80, 0x80][..],
            &[0xed, 0xa0, 0x80],
            &[0xc1, 0xbf],
            &[0xe0, 0x9f, 0xbf],
            &[0xf0, 0x8f, 0xbf, 0xbf],
            &[0xf5, 0x80, 0x80, 0x80],
            &[0xe2, 0x82],
        ] {
            let mut body = plaintext::START.to_vec();
            body.extend_from_slice(bad);
            body.extend_from_slice(plaintext::END);
            assert_eq!(verdict_reference(&padded(&body)), None, "{bad:02x?}");
            check_verdict(&padded(&body));
        }
    }

    #[test]
    fn seal_then_open_round_trips_in_both_modes() {
        let key = [7u8; 32];
        for pt_len in [0usize, 1, 15, 16, 17, 100] {
            // A canonical frame around pt_len bytes (what CBC opening accepts).
            let mut pt = plaintext::START.to_vec();
            pt.extend((0..pt_len).map(|i| b'a' + (i % 26) as u8));
            pt.extend_from_slice(plaintext::END);
            for mode in [Mode::Cbc, Mode::Gcm] {
                let iv = vec![3u8; mode.iv_len()];
                let mut region = sealed(mode, &key, &iv, &pt);
                let got = match mode {
                    Mode::Cbc => open_cbc(&key, &iv, &mut region).unwrap().to_vec(),
                    Mode::Gcm => open_gcm(&key, &iv, &mut region).unwrap().to_vec(),
                };
                assert_eq!(got, pt, "{mode:?} {pt_len}");
            }
        }
    }

    /// `msg` through `Sealer::seal`, as the generator seals a plaintext.
    fn sealed(mode: Mode, key: &[u8; 32], iv: &[u8], msg: &[u8]) -> Vec<u8> {
        let sealer = Sealer::new(mode, key);
        let mut region = vec![0u8; sealer.ct_len(msg.len())];
        region[..msg.len()].copy_from_slice(msg);
        sealer.seal(iv, &mut region, msg.len()).unwrap();
        region
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Every test of a Wycheproof file (see tests/data/wycheproof/README.md).
    fn wycheproof(json: &str) -> Vec<serde_json::Value> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        let tests: Vec<_> = v["testGroups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["tests"].as_array().unwrap().clone())
            .collect();
        assert_eq!(tests.len() as u64, v["numberOfTests"].as_u64().unwrap());
        tests
    }

    #[test]
    fn wycheproof_aes_256_gcm() {
        let tests = wycheproof(include_str!("../tests/data/wycheproof/aes_gcm_test.json"));
        let (mut valid, mut invalid) = (0, 0);
        for t in &tests {
            let id = &t["tcId"];
            let key: [u8; 32] = hex(t["key"].as_str().unwrap()).try_into().unwrap();
            let iv = hex(t["iv"].as_str().unwrap());
            let msg = hex(t["msg"].as_str().unwrap());
            let expected = [
                hex(t["ct"].as_str().unwrap()),
                hex(t["tag"].as_str().unwrap()),
            ]
            .concat();
            let mut ct = expected.clone();
            let opened = open_gcm(&key, &iv, &mut ct).map(<[u8]>::to_vec);
            if t["result"] == "valid" {
                valid += 1;
                assert_eq!(opened, Ok(msg.clone()), "open, test {id}");
                assert_eq!(
                    sealed(Mode::Gcm, &key, &iv, &msg),
                    expected,
                    "seal, test {id}"
                );
            } else {
                invalid += 1;
                assert_eq!(
                    opened,
                    Err(Error::TokenAuthenticationFailed),
                    "invalid test {id} opened"
                );
            }
        }
        assert!(
            valid >= 20 && invalid >= 20,
            "{valid} valid, {invalid} invalid"
        );
    }

    #[test]
    fn wycheproof_aes_256_cbc_pkcs7() {
        let tests = wycheproof(include_str!(
            "../tests/data/wycheproof/aes_cbc_pkcs5_test.json"
        ));
        let (mut valid, mut invalid) = (0, 0);
        for t in &tests {
            let id = &t["tcId"];
            let key: [u8; 32] = hex(t["key"].as_str().unwrap()).try_into().unwrap();
            let iv = hex(t["iv"].as_str().unwrap());
            let msg = hex(t["msg"].as_str().unwrap());
            let expected = hex(t["ct"].as_str().unwrap());
            let mut ct = expected.clone();
            // The decryption and the padding check of `open_cbc` (whose verdict also wants a
            // token04 plaintext, which these messages are not).
            let iv16: [u8; 16] = iv.clone().try_into().unwrap();
            let opened = if ct.is_empty() || !ct.len().is_multiple_of(16) {
                Err(Error::TokenDecryptFailed)
            } else {
                decrypt_cbc(&key, &iv16, &mut ct).map(|()| {
                    let pt = &ct;
                    let (pad, bad) = pkcs7_check(&pt[pt.len() - 16..]);
                    let ok = bad == 0;
                    let keep = if ok { pt.len() - pad as usize } else { 0 };
                    (pt[..keep].to_vec(), ok)
                })
            };
            if t["result"] == "valid" {
                valid += 1;
                assert_eq!(opened, Ok((msg.clone(), true)), "open, test {id}");
                assert_eq!(
                    sealed(Mode::Cbc, &key, &iv, &msg),
                    expected,
                    "seal, test {id}"
                );
            } else {
                invalid += 1;
                // Bad padding or length: never a valid opening.
                assert!(!matches!(opened, Ok((_, true))), "invalid test {id} opened");
            }
        }
        assert!(
            valid >= 20 && invalid >= 40,
            "{valid} valid, {invalid} invalid"
        );
    }
}
