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

use crate::{Error, Mode};

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

/// Decrypts a CBC ciphertext in place. Returns the plaintext and whether its PKCS#7 padding was
/// valid; when it was not, the plaintext is the whole decryption less its last block, so that the
/// caller can do the same work either way. The padding is checked without branching on its bytes.
/// A ciphertext whose length is not a positive multiple of 16 fails at once (its length is no
/// secret).
pub(crate) fn open_cbc<'a>(
    key: &[u8; 32],
    iv: &[u8],
    ct: &'a mut [u8],
) -> Result<(&'a [u8], bool), Error> {
    let iv: &[u8; BLOCK] = iv.try_into().map_err(|_| Error::TokenIvLengthInvalid)?;
    if ct.is_empty() || !ct.len().is_multiple_of(BLOCK) {
        return Err(Error::TokenDecryptFailed);
    }
    let len = ct.len();
    let pt = cbc::Decryptor::<Aes256Dec>::inner_iv_init(Aes256Dec::new(key.into()), iv.into())
        .decrypt_padded::<NoPadding>(ct)
        .map_err(|_| Error::TokenDecryptFailed)?;
    let (pad, ok) = pkcs7_pad_len(&pt[len - BLOCK..]);
    let keep = if ok { len - pad } else { len - BLOCK };
    Ok((&pt[..keep], ok))
}

/// The PKCS#7 pad length of the last block and whether the padding is valid, computed over all
/// sixteen bytes with no branch or index that depends on them.
fn pkcs7_pad_len(last: &[u8]) -> (usize, bool) {
    let pad = last[BLOCK - 1];
    // bad != 0 iff pad is 0 or above 16, or one of the last `pad` bytes differs from `pad`.
    let mut bad = u32::from(pad.wrapping_sub(1)) >> 4 & 0xf; // pad - 1 >= 16
    for (i, &b) in last.iter().rev().enumerate() {
        // in_pad = 0xff when i < pad, else 0.
        let in_pad = (((i as u32).wrapping_sub(u32::from(pad)) >> 8) & 0xff) as u8;
        bad |= u32::from((b ^ pad) & in_pad);
    }
    (usize::from(pad), bad == 0)
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
                let (len, ok) = pkcs7_pad_len(&block);
                assert_eq!(ok, valid, "pad {pad} good {good}");
                if ok {
                    assert_eq!(len, usize::from(pad));
                }
            }
        }
    }

    #[test]
    fn seal_then_open_round_trips_in_both_modes() {
        let key = [7u8; 32];
        for pt_len in [0usize, 1, 15, 16, 17, 100] {
            let pt: Vec<u8> = (0..pt_len).map(|i| i as u8).collect();
            for mode in [Mode::Cbc, Mode::Gcm] {
                let iv = vec![3u8; mode.iv_len()];
                let mut region = sealed(mode, &key, &iv, &pt);
                let got = match mode {
                    Mode::Cbc => {
                        let (p, ok) = open_cbc(&key, &iv, &mut region).unwrap();
                        assert!(ok);
                        p.to_vec()
                    }
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
            let opened = open_cbc(&key, &iv, &mut ct).map(|(p, ok)| (p.to_vec(), ok));
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
