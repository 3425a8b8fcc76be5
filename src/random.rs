//! Randomness for IVs and JSON nonces: bytes from the operating system (`getrandom`), and
//! nothing of our own in between.
//!
//! One `getrandom` call costs about half a microsecond, so each thread draws 4 KiB at a time into
//! a buffer that lives in a [`ForkSafePage`]: a page the kernel zero-fills in any forked child
//! (`MADV_WIPEONFORK`), whichever way the child was made (`fork()`, `_Fork()`, `syscall(SYS_fork)`,
//! raw `clone()`), so a child can never hand out the bytes its parent will. The count of unused
//! bytes lives in the page too, so a wiped page reads as empty and is refilled.
//!
//! A fork can also land **inside** a call (from a signal handler that calls `_Fork()` and
//! returns): the child's page is wiped after the parent's bytes were counted, or even after they
//! were copied out. So every refill also draws a check word that is never handed out, and after
//! its last store each call reads that word again from memory: zero means the page was wiped
//! during the call, and the request is served straight from the OS instead (and the count reset).
//!
//! Where the wipe is not available or not trusted (see [`os`]), the buffer is thrown away
//! whenever `getpid()` or the `pthread_atfork` fork generation differs from the values it was
//! filled under, checked before and again after each call. Every byte is handed out once and
//! wiped as it is.

use std::cell::RefCell;

use crate::os::{self, ForkSafePage, PAGE};
use crate::Error;

/// Bytes 0..8 of the page: the number of unused random bytes (little-endian), at the end of the
/// buffer. Zero in a wiped page.
const AVAIL: std::ops::Range<usize> = 0..8;
/// Bytes 8..16: the check word, random bytes drawn with every refill and never handed out. Zero
/// in a wiped page (and, once in 2^64 refills, by chance: then the buffer is just not used).
const CHECK: std::ops::Range<usize> = 8..16;
/// The random bytes.
const BUF: std::ops::Range<usize> = 64..PAGE;
const BUF_BYTES: usize = PAGE - 64;
/// Requests above this go straight to the OS.
const MAX_BUFFERED: usize = 256;

struct Pool {
    page: ForkSafePage,
    /// The process the buffer was filled in, and its fork generation (checked only when the page
    /// does not wipe on fork).
    pid: u32,
    generation: u64,
}

impl Pool {
    fn new(page: ForkSafePage) -> Pool {
        Pool {
            page,
            pid: os::current_pid(),
            generation: os::fork_generation(),
        }
    }

    fn take(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        self.take_with(dest, |_| ())
    }

    /// Whether this is still the process the buffer was filled in (always, when the page wipes
    /// on fork); when not, records the new one.
    fn same_process(&mut self) -> bool {
        if self.page.wipes_on_fork() {
            return true;
        }
        let now = (os::current_pid(), os::fork_generation());
        if now == (self.pid, self.generation) {
            return true;
        }
        (self.pid, self.generation) = now;
        false
    }

    /// [`Pool::take`], with `during` run after the bytes were copied out and the count stored
    /// (where a fork inside the call would be seen last): tests stand in for the fork there.
    fn take_with(&mut self, dest: &mut [u8], during: impl FnOnce(&mut Pool)) -> Result<(), Error> {
        if !self.same_process() {
            self.page.bytes().fill(0);
        }
        let mut avail = self.page.read_now(AVAIL.start) as usize;
        if avail > BUF_BYTES {
            return Err(Error::Internal);
        }
        if self.page.read_now(CHECK.start) == 0 {
            avail = 0;
        }
        let bytes = self.page.bytes();
        if avail < dest.len() {
            // The check word and the buffer in one draw (bytes 16..64 are drawn and never used).
            getrandom::getrandom(&mut bytes[CHECK.start..]).map_err(|_| Error::RandomFailed)?;
            avail = BUF_BYTES;
        }
        let start = BUF.start + BUF_BYTES - avail;
        let used = &mut bytes[start..start + dest.len()];
        dest.copy_from_slice(used);
        used.fill(0);
        avail -= dest.len();
        bytes[AVAIL].copy_from_slice(&(avail as u64).to_le_bytes());
        during(self);
        // Wiped since the check word was read, or (without the wipe) a new process: what was
        // copied may be zeros or the parent's next bytes. Serve this request from the OS.
        if self.page.read_now(CHECK.start) == 0 || !self.same_process() {
            self.page.bytes().fill(0);
            getrandom::getrandom(dest).map_err(|_| Error::RandomFailed)?;
        }
        Ok(())
    }
}

#[cfg(test)]
fn u64_at(bytes: &[u8; PAGE]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&bytes[AVAIL]);
    u64::from_le_bytes(a)
}

thread_local! {
    static POOL: RefCell<Option<Pool>> = const { RefCell::new(None) };
}

/// Fills `dest` with random bytes from the operating system.
pub(crate) fn fill(dest: &mut [u8]) -> Result<(), Error> {
    if dest.len() <= MAX_BUFFERED {
        let done = POOL.try_with(|pool| {
            let mut pool = pool.try_borrow_mut().ok()?;
            if pool.is_none() {
                *pool = ForkSafePage::new().map(Pool::new);
            }
            Some(pool.as_mut()?.take(dest))
        });
        if let Ok(Some(result)) = done {
            return result;
        }
    }
    // Large, re-entered, during thread exit, or no page could be mapped: straight from the OS.
    getrandom::getrandom(dest).map_err(|_| Error::RandomFailed)
}

/// The CBC IV's characters (the official generators draw from these 36).
#[cfg(test)]
const IV_ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Random bytes at or above this are rejected for IV characters: 252 = 7 * 36, so that each of the
/// 36 characters comes from exactly seven byte values (uniform, no modulo bias).
const IV_BYTE_LIMIT: u8 = 252;

/// The IV character of an accepted random byte (below [`IV_BYTE_LIMIT`]).
#[inline]
fn iv_char(b: u8) -> u8 {
    let digit = b % 36;
    // '0'..='9', then 'a'..='z' (39 further on in ASCII).
    b'0' + digit + 39 * u8::from(digit > 9)
}

/// The JSON nonce from four random bytes: uniform in `0..=2147483647`.
fn nonce_of(b: [u8; 4]) -> i64 {
    i64::from(u32::from_le_bytes(b) & 0x7fff_ffff)
}

/// A CBC IV and a JSON nonce, from one draw of 20 bytes (and one more byte for each rejected one,
/// 1.6% of them).
///
/// The IV is 16 characters of `0-9a-z`, uniform and independent: each from one random byte,
/// redrawn while it is 252 or above (see [`IV_BYTE_LIMIT`]).
pub(crate) fn cbc_iv_and_nonce() -> Result<([u8; 16], i64), Error> {
    let mut r = [0u8; 20];
    fill(&mut r)?;
    let mut iv = [0u8; 16];
    // All sixteen side by side (no branch per character); redraws are rare (22% of IVs have one).
    let mut rejected = false;
    for (c, &b) in iv.iter_mut().zip(&r[..16]) {
        *c = iv_char(b);
        rejected |= b >= IV_BYTE_LIMIT;
    }
    if rejected {
        for (c, &b) in iv.iter_mut().zip(&r[..16]) {
            let mut b = b;
            while b >= IV_BYTE_LIMIT {
                let mut one = [0u8; 1];
                fill(&mut one)?;
                b = one[0];
            }
            *c = iv_char(b);
        }
    }
    Ok((iv, nonce_of([r[16], r[17], r[18], r[19]])))
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
        // Over all accepted bytes: every character of the alphabet from exactly seven.
        let mut counts = [0u32; 36];
        for b in 0..IV_BYTE_LIMIT {
            let c = iv_char(b);
            let i = IV_ALPHABET
                .iter()
                .position(|&a| a == c)
                .expect("outside 0-9a-z");
            counts[i] += 1;
        }
        assert_eq!(counts, [7; 36]);
        assert_eq!(iv_char(0), b'0');
        assert_eq!(iv_char(35), b'z');
        assert_eq!(iv_char(IV_BYTE_LIMIT - 1), b'z');
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
        for chunk in a.chunks_mut(48) {
            fill(chunk).unwrap();
        }
        let mut blocks = HashSet::new();
        for b in a.chunks_exact(16) {
            assert!(blocks.insert(b.to_vec()), "repeated 16-byte block");
        }
        // Byte values are spread out: a stuck or zeroed buffer would fail this.
        let zeros = a.iter().filter(|&&b| b == 0).count();
        assert!(zeros < a.len() / 64, "{zeros} zero bytes");
    }

    #[test]
    fn without_wipe_on_fork_a_new_pid_discards_the_buffer() {
        let mut pool = Pool::new(ForkSafePage::without_wipe_on_fork().unwrap());
        let mut a = [0u8; 16];
        pool.take(&mut a).unwrap();
        let left = u64_at(pool.page.bytes());
        assert_eq!(left as usize, BUF_BYTES - 16);
        // What a child would see: the parent's buffer and another pid.
        let saved: Vec<u8> = pool.page.bytes().to_vec();
        pool.pid = pool.pid.wrapping_add(1);
        let mut b = [0u8; 16];
        pool.take(&mut b).unwrap();
        // Refilled: the bytes the parent would hand out next were not used.
        assert_eq!(u64_at(pool.page.bytes()) as usize, BUF_BYTES - 16);
        let next_of_parent = &saved[BUF.start + 16..BUF.start + 32];
        assert_ne!(&b[..], next_of_parent);
        assert_eq!(pool.pid, os::current_pid());
    }

    #[test]
    fn a_wiped_page_reads_as_empty_and_is_refilled() {
        let mut pool = Pool::new(ForkSafePage::new().unwrap());
        let mut a = [0u8; 32];
        pool.take(&mut a).unwrap();
        // What the kernel does to the page in a forked child.
        pool.page.bytes().fill(0);
        let mut b = [0u8; 32];
        pool.take(&mut b).unwrap();
        assert_eq!(u64_at(pool.page.bytes()) as usize, BUF_BYTES - 32);
        assert_ne!(a, b);
        assert!(b.iter().any(|&x| x != 0));
        // Handed-out bytes are wiped.
        assert!(pool.page.bytes()[BUF.start..BUF.start + 32]
            .iter()
            .all(|&x| x == 0));
    }

    #[test]
    fn without_wipe_on_fork_a_new_fork_generation_discards_the_buffer() {
        // A child with its parent's PID (PID 1 of a new PID namespace, forked from PID 1): only
        // the fork generation tells.
        let mut pool = Pool::new(ForkSafePage::without_wipe_on_fork().unwrap());
        let mut a = [0u8; 16];
        pool.take(&mut a).unwrap();
        let saved: Vec<u8> = pool.page.bytes().to_vec();
        pool.generation = pool.generation.wrapping_add(1);
        let mut b = [0u8; 16];
        pool.take(&mut b).unwrap();
        assert_ne!(&b[..], &saved[BUF.start + 16..BUF.start + 32]);
        assert_eq!(pool.generation, os::fork_generation());
    }

    #[test]
    fn a_page_wiped_during_a_call_is_seen_and_the_request_served_from_the_os() {
        // What a `_Fork()` from a signal handler leaves the child when it lands between the
        // refill and the end of the call: a wiped page (the parent's bytes gone, or already
        // copied out) and, without the check word, a count that says the buffer is full.
        for first in [16usize, BUF_BYTES] {
            let mut pool = Pool::new(ForkSafePage::new().unwrap());
            let mut warm = vec![0u8; first.min(MAX_BUFFERED)];
            pool.take(&mut warm).unwrap();
            let mut dest = [0u8; 16];
            pool.take_with(&mut dest, |p| p.page.bytes().fill(0))
                .unwrap();
            assert!(dest.iter().any(|&x| x != 0), "zeros handed out");
            // The count does not survive: the next call refills instead of reading zeros.
            assert_eq!(u64_at(pool.page.bytes()), 0);
            let mut next = [0u8; 16];
            pool.take(&mut next).unwrap();
            assert!(next.iter().any(|&x| x != 0));
            assert_ne!(next, dest);
            assert_eq!(u64_at(pool.page.bytes()) as usize, BUF_BYTES - 16);
        }
    }

    #[test]
    fn without_wipe_on_fork_a_fork_during_a_call_is_seen() {
        let mut pool = Pool::new(ForkSafePage::without_wipe_on_fork().unwrap());
        let mut a = [0u8; 16];
        pool.take(&mut a).unwrap();
        let saved: Vec<u8> = pool.page.bytes().to_vec();
        let mut b = [0u8; 16];
        // The parent's bytes were copied out, then the process changed (as a child sees it).
        pool.take_with(&mut b, |p| p.pid = p.pid.wrapping_add(1))
            .unwrap();
        assert_ne!(&b[..], &saved[BUF.start + 16..BUF.start + 32]);
        assert_eq!(u64_at(pool.page.bytes()), 0);
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
