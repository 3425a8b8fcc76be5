//! AES-256 in the two token04 modes, over key schedules expanded once and reused.
//!
//! Sealing (the hot path) is built here from AES block encryption (`aes256`) and, for GCM, the
//! `ghash` crate: GCM as NIST SP 800-38D defines it for a 96-bit IV and no associated data, so that
//! encoding the output can overlap the hashing. Opening uses the `cbc` and `aes-gcm` crates.
//! Key schedules and hash keys are zeroized on drop.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, InnerIvInit, KeyInit};
use aes::Aes256Dec;
use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use zeroize::Zeroize;

use crate::aes256::{EncKey, Ghash};
use crate::{Error, Mode};

pub(crate) const BLOCK: usize = 16;
pub(crate) const TAG: usize = 16;

/// An expanded key for sealing tokens in one mode.
// Both variants are large and created once per generator; boxing would cost one-shot calls an
// allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub(crate) enum Sealer {
    Cbc(EncKey),
    /// The AES key and GHASH keyed with H = AES_K(0^128).
    Gcm(EncKey, Ghash),
}

impl Sealer {
    pub(crate) fn new(mode: Mode, key: &[u8; 32]) -> Sealer {
        match mode {
            Mode::Cbc => Sealer::Cbc(EncKey::new(key)),
            Mode::Gcm => {
                let aes = EncKey::new(key);
                let mut h = [0u8; BLOCK];
                aes.encrypt_block(&mut h);
                let ghash = Ghash::new(&h);
                h.zeroize();
                Sealer::Gcm(aes, ghash)
            }
        }
    }

    /// The ciphertext length for a plaintext of `pt_len` bytes.
    pub(crate) fn ct_len(&self, pt_len: usize) -> usize {
        match self {
            Sealer::Cbc(_) => (pt_len / BLOCK + 1) * BLOCK,
            Sealer::Gcm(..) => pt_len + TAG,
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
                // PKCS#7: 1 to 16 bytes, each holding the pad length.
                let pad = region.len() - pt_len;
                region[pt_len..].fill(pad as u8);
                // CBC over the shared key schedule (no per-token copy of it).
                aes.cbc_encrypt(iv, region);
            }
            Sealer::Gcm(aes, ghash) => {
                let nonce: &[u8; 12] = iv.try_into().map_err(|_| Error::Internal)?;
                let (body, tag) = region.split_at_mut(pt_len);
                let tag_mask = gcm_ctr(aes, nonce, body);
                // GHASH over the ciphertext, zero-padded, then the lengths block.
                let s = ghash.ghash(body);
                for ((t, a), b) in tag.iter_mut().zip(s).zip(tag_mask) {
                    *t = a ^ b;
                }
            }
        }
        Ok(())
    }
}

/// GCM's counter mode: encrypts `data` in place with the key stream from inc32(J0), and returns
/// AES_K(J0), the mask of the tag (J0 = IV || 0x00000001 for a 96-bit IV).
fn gcm_ctr(aes: &EncKey, iv: &[u8; 12], data: &mut [u8]) -> [u8; BLOCK] {
    const CHUNK: usize = 16;
    let counter_block = |n: u32| {
        let mut b = [0u8; BLOCK];
        b[..12].copy_from_slice(iv);
        b[12..].copy_from_slice(&n.to_be_bytes());
        b
    };
    let mut tag_mask = counter_block(1);
    let mut ks = [[0u8; BLOCK]; CHUNK];
    let mut counter = 2u32;
    let mut first = true;
    for chunk in data.chunks_mut(BLOCK * (CHUNK - 1)) {
        // The first batch also encrypts J0 for the tag, in its last slot.
        let blocks = chunk.len().div_ceil(BLOCK);
        for b in ks.iter_mut().take(blocks) {
            *b = counter_block(counter);
            counter = counter.wrapping_add(1);
        }
        let n = if first {
            ks[blocks] = tag_mask;
            blocks + 1
        } else {
            blocks
        };
        aes.encrypt_blocks(&mut ks[..n]);
        if first {
            tag_mask = ks[blocks];
            first = false;
        }
        for (d, k) in chunk.chunks_mut(BLOCK).zip(&ks) {
            if let Ok(d) = <&mut [u8; BLOCK]>::try_from(&mut *d) {
                *d = (u128::from_ne_bytes(*d) ^ u128::from_ne_bytes(*k)).to_ne_bytes();
            } else {
                for (x, y) in d.iter_mut().zip(k) {
                    *x ^= y;
                }
            }
        }
    }
    if first {
        aes.encrypt_block(&mut tag_mask);
    }
    // The key stream reveals the plaintext of this ciphertext (nothing about the key): wipe it.
    ks.zeroize();
    tag_mask
}

/// Decrypts `ct` in place and returns the plaintext slice.
pub(crate) fn open<'a>(
    mode: Mode,
    key: &[u8; 32],
    iv: &[u8],
    ct: &'a mut [u8],
) -> Result<&'a [u8], Error> {
    match mode {
        Mode::Cbc => {
            let iv: &[u8; BLOCK] = iv.try_into().map_err(|_| Error::TokenIvLengthInvalid)?;
            if ct.is_empty() || !ct.len().is_multiple_of(BLOCK) {
                return Err(Error::TokenDecryptFailed);
            }
            cbc::Decryptor::<Aes256Dec>::inner_iv_init(Aes256Dec::new(key.into()), iv.into())
                .decrypt_padded_mut::<Pkcs7>(ct)
                .map_err(|_| Error::TokenDecryptFailed)
        }
        Mode::Gcm => {
            let nonce: &[u8; 12] = iv.try_into().map_err(|_| Error::TokenIvLengthInvalid)?;
            if ct.len() < TAG {
                return Err(Error::TokenAuthenticationFailed);
            }
            let (body, tag) = ct.split_at_mut(ct.len() - TAG);
            let tag = Tag::clone_from_slice(tag);
            Aes256Gcm::new(key.into())
                .decrypt_in_place_detached(Nonce::from_slice(nonce), b"", body, &tag)
                .map_err(|_| Error::TokenAuthenticationFailed)?;
            Ok(body)
        }
    }
}
