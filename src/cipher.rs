//! AES-256 in the two token04 modes, over key schedules expanded once and reused.
//! The `aes` and `aes-gcm` crates zeroize their key schedules on drop.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, InnerIvInit, KeyInit};
use aes::Aes256Dec;
use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, Nonce, Tag};

use crate::aes256::EncKey;
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
    Gcm(Aes256Gcm),
}

impl Sealer {
    pub(crate) fn new(mode: Mode, key: &[u8; 32]) -> Sealer {
        match mode {
            Mode::Cbc => Sealer::Cbc(EncKey::new(key)),
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

    /// Encrypts in place the plaintext `buf[start..start + pt_len]`, filling the rest of the
    /// ciphertext region `buf[start..start + ct_len(pt_len)]` (padding or tag). Each time a prefix
    /// of `buf` is final, calls `ready(buf, n)` with its length `n`, so that the caller can encode
    /// it while the next CBC block is still being encrypted.
    pub(crate) fn seal(
        &self,
        iv: &[u8],
        buf: &mut [u8],
        start: usize,
        pt_len: usize,
        mut ready: impl FnMut(&[u8], usize),
    ) -> Result<(), Error> {
        let end = start + self.ct_len(pt_len);
        let region = buf.get_mut(start..end).ok_or(Error::Internal)?;
        match self {
            Sealer::Cbc(aes) => {
                let iv: &[u8; BLOCK] = iv.try_into().map_err(|_| Error::Internal)?;
                // PKCS#7: 1 to 16 bytes, each holding the pad length.
                let pad = region.len() - pt_len;
                region[pt_len..].fill(pad as u8);
                // CBC over the shared key schedule (no per-token copy of it).
                aes.cbc_encrypt(iv, buf, start..end, ready);
            }
            Sealer::Gcm(gcm) => {
                let nonce: &[u8; 12] = iv.try_into().map_err(|_| Error::Internal)?;
                let (body, tag_out) = region.split_at_mut(pt_len);
                let tag = gcm
                    .encrypt_in_place_detached(Nonce::from_slice(nonce), b"", body)
                    .map_err(|_| Error::Internal)?;
                tag_out.copy_from_slice(&tag);
                ready(buf, end);
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
