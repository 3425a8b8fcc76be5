//! Randomness for IVs and JSON nonces.
//!
//! Every thread runs a fast-key-erasure generator (AES-256 in counter mode, as described by
//! D. J. Bernstein, "Fast-key-erasure random-number generators", 2017) keyed from the operating
//! system's CSPRNG (`getrandom`): each refill encrypts 64 counter blocks, the first 32 bytes of the
//! output immediately become the next key (so past output cannot be recomputed from the state) and
//! the rest is handed out, each byte once, then wiped. The key is drawn fresh from `getrandom`
//! every 1 MiB of output and whenever the fork generation changes (see `os`), so a forked child
//! never repeats its parent's or a sibling's output.

use std::cell::RefCell;

use zeroize::Zeroize;

use crate::aes256::EncKey;
use crate::{os, Error};

const BLOCKS: usize = 64;
const BUF_BYTES: usize = BLOCKS * 16;
/// Refills (of 992 output bytes) between two seeds from the OS: about 1 MiB.
const REFILLS_PER_SEED: u32 = 1024;

struct Drbg {
    key: Option<EncKey>,
    buf: [[u8; 16]; BLOCKS],
    pos: usize,
    generation: Option<u64>,
    refills: u32,
}

impl Drop for Drbg {
    fn drop(&mut self) {
        self.buf.as_flattened_mut().zeroize();
    }
}

thread_local! {
    static DRBG: RefCell<Drbg> = const {
        RefCell::new(Drbg {
            key: None,
            buf: [[0; 16]; BLOCKS],
            pos: BUF_BYTES,
            generation: None,
            refills: 0,
        })
    };
}

impl Drbg {
    fn refill(&mut self, generation: Option<u64>) -> Result<(), Error> {
        if self.key.is_none()
            || generation.is_none()
            || self.generation != generation
            || self.refills >= REFILLS_PER_SEED
        {
            let mut seed = [0u8; 32];
            getrandom::getrandom(&mut seed).map_err(|_| Error::RandomFailed)?;
            self.key = Some(EncKey::new(&seed));
            seed.zeroize();
            self.generation = generation;
            self.refills = 0;
        }
        let key = self.key.as_ref().ok_or(Error::Internal)?;
        for (i, block) in self.buf.iter_mut().enumerate() {
            *block = (i as u128).to_le_bytes();
        }
        key.encrypt_blocks(&mut self.buf);
        // Fast key erasure: the first 32 output bytes are the next key, and are wiped.
        let bytes = self.buf.as_flattened_mut();
        let mut next = [0u8; 32];
        next.copy_from_slice(&bytes[..32]);
        self.key = Some(EncKey::new(&next));
        next.zeroize();
        bytes[..32].zeroize();
        self.pos = 32;
        self.refills += 1;
        Ok(())
    }

    /// Hands out `dest.len()` (at most `BUF_BYTES - 32`) unused bytes.
    fn take(&mut self, dest: &mut [u8], generation: Option<u64>) -> Result<(), Error> {
        if self.generation != generation || generation.is_none() {
            // Forked (or no fork protection): nothing buffered may be used.
            self.pos = BUF_BYTES;
            self.key = None;
        }
        if BUF_BYTES - self.pos < dest.len() {
            self.refill(generation)?;
        }
        let end = self.pos + dest.len();
        let handed_out = &mut self.buf.as_flattened_mut()[self.pos..end];
        dest.copy_from_slice(handed_out);
        // A plain fill (a few wide stores instead of `zeroize`'s byte-by-byte volatile ones) is
        // enough: the buffer is thread-local state that outlives this call, so the stores cannot
        // be optimized away. `Drop` still zeroizes the whole buffer.
        handed_out.fill(0);
        self.pos = end;
        Ok(())
    }
}

/// Fills `dest` with random bytes.
pub(crate) fn fill(dest: &mut [u8]) -> Result<(), Error> {
    let generation = os::fork_generation();
    for chunk in dest.chunks_mut(BUF_BYTES / 2) {
        let done = DRBG.with(|drbg| match drbg.try_borrow_mut() {
            Ok(mut drbg) => Some(drbg.take(chunk, generation)),
            Err(_) => None,
        });
        match done {
            Some(result) => result?,
            // Re-entered (cannot happen today): go to the OS directly.
            None => getrandom::getrandom(chunk).map_err(|_| Error::RandomFailed)?,
        }
    }
    Ok(())
}

/// The CBC IV's characters (the official generators draw from these 36).
#[cfg(test)]
const IV_ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// One IV character from a 16-bit draw by D. Lemire's multiply-shift ("Fast Random Integer
/// Generation in an Interval", 2019): the digit is the high half of `x * 36`; the draw must be
/// rejected (`false`) when the low half is below `2^16 mod 36 = 16`, which leaves exactly 1,820
/// draws for each of the 36 digits (uniform, no modulo bias). Branch-free, so that the sixteen
/// characters of an IV are computed side by side.
#[inline]
fn iv_char(x: u16) -> (u8, bool) {
    const REJECT_BELOW: u32 = (1 << 16) % 36;
    let m = u32::from(x) * 36;
    let digit = (m >> 16) as u8;
    // '0'..='9', then 'a'..='z' (39 further on in ASCII).
    let c = b'0' + digit + 39 * u8::from(digit > 9);
    (c, m & 0xffff >= REJECT_BELOW)
}

/// The JSON nonce from four random bytes: uniform in `0..=2147483647`.
fn nonce_of(b: [u8; 4]) -> i64 {
    i64::from(u32::from_le_bytes(b) & 0x7fff_ffff)
}

/// A CBC IV and a JSON nonce, from one draw of 36 bytes (redrawn when rejected, 0.4% of draws).
///
/// The IV is 16 characters of `0-9a-z`, uniform and independent (no modulo bias): each from 16
/// random bits by [`iv_char`]; when any character's draw is rejected, the whole draw is.
pub(crate) fn cbc_iv_and_nonce() -> Result<([u8; 16], i64), Error> {
    loop {
        let mut r = [0u8; 36];
        fill(&mut r)?;
        let mut iv = [0u8; 16];
        let mut accepted = true;
        for (c, pair) in iv.iter_mut().zip(r.chunks_exact(2)) {
            let (ch, ok) = iv_char(u16::from_le_bytes([pair[0], pair[1]]));
            *c = ch;
            accepted &= ok;
        }
        if accepted {
            return Ok((iv, nonce_of([r[32], r[33], r[34], r[35]])));
        }
    }
}

/// A GCM nonce (12 random bytes) and a JSON nonce, from one draw of 16 bytes.
pub(crate) fn gcm_iv_and_nonce() -> Result<([u8; 12], i64), Error> {
    let mut r = [0u8; 16];
    fill(&mut r)?;
    let mut iv = [0u8; 12];
    iv.copy_from_slice(&r[..12]);
    Ok((iv, nonce_of([r[12], r[13], r[14], r[15]])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn iv_alphabet_uniformity_and_uniqueness() {
        let mut seen = HashSet::new();
        let mut counts = [[0usize; 36]; 16];
        const N: usize = 144_000;
        for _ in 0..N {
            let (iv, _) = cbc_iv_and_nonce().unwrap();
            for (pos, c) in iv.into_iter().enumerate() {
                let i = IV_ALPHABET
                    .iter()
                    .position(|&a| a == c)
                    .expect("char outside 0-9a-z");
                counts[pos][i] += 1;
            }
            assert!(seen.insert(iv), "repeated IV");
        }
        // Every position, every symbol: expected 4,000 (standard deviation 62), accepted within
        // six standard deviations (a false alarm about once in a million runs); a biased generator
        // (plain modulo over a byte) would give the first four symbols 14% more (4,560).
        for (pos, row) in counts.iter().enumerate() {
            for (i, &n) in row.iter().enumerate() {
                assert!(
                    (3_625..4_375).contains(&n),
                    "position {pos} symbol {i}: {n}"
                );
            }
        }
    }

    #[test]
    fn iv_char_is_exactly_uniform() {
        // Over all 2^16 draws: every character of the alphabet from exactly 1,820 accepted
        // draws, 16 draws rejected, nothing else produced.
        let mut counts = [0u32; 36];
        let mut rejected = 0;
        for x in 0..=u16::MAX {
            match iv_char(x) {
                (c, true) => {
                    let i = IV_ALPHABET
                        .iter()
                        .position(|&a| a == c)
                        .expect("outside 0-9a-z");
                    counts[i] += 1;
                }
                (_, false) => rejected += 1,
            }
        }
        assert_eq!(counts, [1820; 36]);
        assert_eq!(rejected, 16);
        assert_eq!(iv_char(0), (b'0', false));
        assert_eq!(iv_char(u16::MAX), (b'z', true));
    }

    #[test]
    fn nonce_range() {
        let mut any_high = false;
        for _ in 0..1000 {
            let (_, n) = cbc_iv_and_nonce().unwrap();
            let (_, m) = gcm_iv_and_nonce().unwrap();
            assert!((0..=i64::from(i32::MAX)).contains(&m));
            assert!((0..=i64::from(i32::MAX)).contains(&n));
            any_high |= n > i64::from(i32::MAX / 2);
        }
        assert!(any_high);
    }

    #[test]
    fn output_spans_refills_and_never_repeats_a_block() {
        let mut a = vec![0u8; 3 * BUF_BYTES + 7];
        fill(&mut a).unwrap();
        let mut blocks = HashSet::new();
        for b in a.chunks_exact(16) {
            assert!(blocks.insert(b.to_vec()), "repeated 16-byte block");
        }
        // Byte values are spread out: a stuck or zeroed buffer would fail this.
        let zeros = a.iter().filter(|&&b| b == 0).count();
        assert!(zeros < a.len() / 64, "{zeros} zero bytes");
    }

    #[test]
    fn threads_get_different_streams() {
        let draw = || {
            let mut b = [0u8; 32];
            fill(&mut b).unwrap();
            b
        };
        let here = draw();
        let there = std::thread::spawn(draw).join().unwrap();
        assert_ne!(here, there);
    }
}
