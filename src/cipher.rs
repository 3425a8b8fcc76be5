//! AES-256 in the two token04 modes, over key schedules expanded once and reused.
//! The `aes` and `aes-gcm` crates zeroize their key schedules on drop.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncrypt, InnerIvInit, KeyInit};
use aes::{Aes256Dec, Aes256Enc};
use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, Nonce, Tag};

use crate::{Error, Mode};

pub(crate) const BLOCK: usize = 16;
pub(crate) const TAG: usize = 16;

/// An expanded key for sealing tokens in one mode.
#[derive(Clone)]
pub(crate) enum Sealer {
    Cbc(Aes256Enc),
    Gcm(Aes256Gcm),
}

impl Sealer {
    pub(crate) fn new(mode: Mode, key: &[u8; 32]) -> Sealer {
        match mode {
            Mode::Cbc => Sealer::Cbc(Aes256Enc::new(key.into())),
            Mode::Gcm => Sealer::Gcm(Aes256Gcm::new(key.into())),
        }
    }

    /// Encrypts `buf[start..]` in place, growing `buf` by the padding or the tag.
    pub(crate) fn seal(&self, iv: &[u8], buf: &mut Vec<u8>, start: usize) -> Result<(), Error> {
        let pt_len = buf.len() - start;
        match self {
            Sealer::Cbc(aes) => {
                let iv: &[u8; BLOCK] = iv.try_into().map_err(|_| Error::Internal)?;
                // PKCS#7: 1 to 16 bytes, each holding the pad length.
                let pad = BLOCK - pt_len % BLOCK;
                buf.resize(buf.len() + pad, pad as u8);
                // CBC over the shared key schedule (no per-token copy of it).
                let mut prev = *iv;
                for block in buf[start..].chunks_exact_mut(BLOCK) {
                    for (b, p) in block.iter_mut().zip(prev) {
                        *b ^= p;
                    }
                    aes.encrypt_block(block.into());
                    prev.copy_from_slice(block);
                }
            }
            Sealer::Gcm(gcm) => {
                let nonce: &[u8; 12] = iv.try_into().map_err(|_| Error::Internal)?;
                let tag = gcm
                    .encrypt_in_place_detached(Nonce::from_slice(nonce), b"", &mut buf[start..])
                    .map_err(|_| Error::Internal)?;
                buf.extend_from_slice(&tag);
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
