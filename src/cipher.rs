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
                let tag_mask = aes.gcm_ctr(nonce, body);
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
