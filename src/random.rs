//! Randomness for IVs and JSON nonces, from the operating system's CSPRNG only.
//!
//! To amortize the `getrandom` system call, each thread keeps a small buffer of OS random bytes.
//! Bytes are handed out once and never again; the buffer is discarded when the fork generation
//! changes (see `os`), so a forked child never repeats an IV or nonce of its parent or siblings.

use std::cell::RefCell;

use crate::{os, Error};

const POOL_BYTES: usize = 4096;

struct Pool {
    buf: [u8; POOL_BYTES],
    pos: usize,
    generation: u64,
}

thread_local! {
    static POOL: RefCell<Pool> = const {
        RefCell::new(Pool { buf: [0; POOL_BYTES], pos: POOL_BYTES, generation: 0 })
    };
}

impl Pool {
    /// Hands out `dest.len()` (at most `POOL_BYTES`) unused bytes.
    fn take(&mut self, dest: &mut [u8], generation: u64) -> Result<(), Error> {
        if self.generation != generation {
            self.pos = POOL_BYTES;
            self.generation = generation;
        }
        if POOL_BYTES - self.pos < dest.len() {
            getrandom::getrandom(&mut self.buf).map_err(|_| Error::RandomFailed)?;
            self.pos = 0;
        }
        let end = self.pos + dest.len();
        dest.copy_from_slice(&self.buf[self.pos..end]);
        // Handed-out bytes are wiped so that no copy of them lingers in the pool.
        self.buf[self.pos..end].fill(0);
        self.pos = end;
        Ok(())
    }
}

/// Fills `dest` with bytes from the OS CSPRNG.
pub(crate) fn fill(dest: &mut [u8]) -> Result<(), Error> {
    let Some(generation) = os::fork_generation() else {
        // No fork protection available: never cache.
        return getrandom::getrandom(dest).map_err(|_| Error::RandomFailed);
    };
    for chunk in dest.chunks_mut(POOL_BYTES) {
        let done = POOL.with(|pool| match pool.try_borrow_mut() {
            Ok(mut pool) => Some(pool.take(chunk, generation)),
            Err(_) => None,
        });
        match done {
            Some(result) => result?,
            None => getrandom::getrandom(chunk).map_err(|_| Error::RandomFailed)?,
        }
    }
    Ok(())
}

const IV_ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// The largest multiple of 36 that fits a byte: bytes at or above it are rejected, so every
/// character is equally likely (no modulo bias).
const IV_ACCEPT_BELOW: u8 = 252;

/// A CBC IV: 16 characters of `0-9a-z`, uniform and independent.
pub(crate) fn cbc_iv() -> Result<[u8; 16], Error> {
    let mut iv = [0u8; 16];
    let mut filled = 0;
    let mut raw = [0u8; 20];
    while filled < iv.len() {
        fill(&mut raw)?;
        for &b in &raw {
            if b < IV_ACCEPT_BELOW && filled < iv.len() {
                iv[filled] = IV_ALPHABET[usize::from(b % 36)];
                filled += 1;
            }
        }
    }
    Ok(iv)
}

/// A GCM nonce: 12 random bytes.
pub(crate) fn gcm_nonce() -> Result<[u8; 12], Error> {
    let mut iv = [0u8; 12];
    fill(&mut iv)?;
    Ok(iv)
}

/// The JSON nonce: uniform in `0..=2147483647`.
pub(crate) fn json_nonce() -> Result<i64, Error> {
    let mut b = [0u8; 4];
    fill(&mut b)?;
    Ok(i64::from(u32::from_le_bytes(b) & 0x7fff_ffff))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn iv_alphabet_and_uniqueness() {
        let mut seen = HashSet::new();
        let mut counts = [0usize; 36];
        for _ in 0..20_000 {
            let iv = cbc_iv().unwrap();
            for c in iv {
                let i = IV_ALPHABET
                    .iter()
                    .position(|&a| a == c)
                    .expect("char outside 0-9a-z");
                counts[i] += 1;
            }
            assert!(seen.insert(iv), "repeated IV");
        }
        // 320,000 characters over 36 symbols: expected 8,889 each; a biased generator (plain
        // modulo over 256) would give the first four symbols about 10% more.
        let expected = 20_000.0 * 16.0 / 36.0;
        for (i, &n) in counts.iter().enumerate() {
            let dev = (n as f64 - expected).abs() / expected;
            assert!(dev < 0.05, "symbol {i} count {n} deviates {dev:.3}");
        }
    }

    #[test]
    fn nonce_range() {
        let mut any_high = false;
        for _ in 0..1000 {
            let n = json_nonce().unwrap();
            assert!((0..=i64::from(i32::MAX)).contains(&n));
            any_high |= n > i64::from(i32::MAX / 2);
        }
        assert!(any_high);
    }

    #[test]
    fn large_fill_spans_pool() {
        let mut a = vec![0u8; POOL_BYTES * 2 + 7];
        fill(&mut a).unwrap();
        assert!(a.iter().filter(|&&b| b == 0).count() < a.len() / 64);
    }
}
