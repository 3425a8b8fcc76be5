//! The one module of the core that calls the operating system directly (with `unsafe`):
//! a page of memory that no forked child can share, for the per-thread random buffer, and the
//! coarse clock.
//!
//! The page is mapped privately and marked `MADV_WIPEONFORK` (Linux 4.14 and later, the way
//! BoringSSL detects forks): the kernel gives any child created by `fork()`, `_Fork()`,
//! `syscall(SYS_fork)` or a raw `clone()` without `CLONE_VM` a zero-filled page, whatever ran or
//! did not run in user space (a `CLONE_VM` child shares the page itself, so nothing is repeated).
//! Where the kernel refuses the advice, the page remembers the process id it was filled in and the
//! caller compares it with `getpid()` on every use.
#![allow(unsafe_code)]

use std::ptr::NonNull;

/// The size of a [`ForkSafePage`].
pub(crate) const PAGE: usize = 4096;

/// One private, anonymous, page-aligned page of `PAGE` bytes, zero-filled in any forked child
/// (when [`ForkSafePage::wipes_on_fork`]), unmapped and wiped on drop.
pub(crate) struct ForkSafePage {
    ptr: NonNull<u8>,
    wipes_on_fork: bool,
}

impl ForkSafePage {
    /// Maps a new page; `None` when the kernel gives no memory.
    pub(crate) fn new() -> Option<ForkSafePage> {
        // SAFETY: an anonymous private mapping with no address hint has no preconditions; the
        // result is checked against MAP_FAILED before use.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                PAGE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return None;
        }
        let ptr = NonNull::new(p.cast::<u8>())?;
        // SAFETY: `p` is the start of the page just mapped, PAGE bytes long and page-aligned.
        let wipes_on_fork = unsafe { libc::madvise(p, PAGE, libc::MADV_WIPEONFORK) } == 0;
        Some(ForkSafePage { ptr, wipes_on_fork })
    }

    /// A page the kernel is not asked to wipe, to test the `getpid()` fallback.
    #[cfg(test)]
    pub(crate) fn without_wipe_on_fork() -> Option<ForkSafePage> {
        let mut page = ForkSafePage::new()?;
        // SAFETY: the page mapped in `new`; MADV_KEEPONFORK undoes MADV_WIPEONFORK.
        let rc = unsafe { libc::madvise(page.ptr.as_ptr().cast(), PAGE, libc::MADV_KEEPONFORK) };
        assert_eq!(rc, 0);
        page.wipes_on_fork = false;
        Some(page)
    }

    /// Whether the kernel zero-fills the page in forked children. When it does not, callers
    /// must detect forks some other way (see [`current_pid`]).
    pub(crate) fn wipes_on_fork(&self) -> bool {
        self.wipes_on_fork
    }

    /// The page's bytes.
    pub(crate) fn bytes(&mut self) -> &mut [u8; PAGE] {
        // SAFETY: the mapping is PAGE bytes, readable and writable, owned by `self` alone until
        // drop, and `&mut self` makes this the only reference to it.
        unsafe { &mut *self.ptr.as_ptr().cast::<[u8; PAGE]>() }
    }
}

impl Drop for ForkSafePage {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.bytes()[..]);
        // SAFETY: the pointer is the page mapped in `new`, unmapped only here.
        unsafe {
            libc::munmap(self.ptr.as_ptr().cast(), PAGE);
        }
    }
}

/// The process id, from the kernel on every call (glibc no longer caches it).
pub(crate) fn current_pid() -> u32 {
    std::process::id()
}

/// The current time in whole Unix seconds, from the coarse real-time clock (a few nanoseconds
/// instead of tens; it lags the precise clock by at most one kernel tick, which does not matter at
/// the one-second resolution of a token). Falls back to the precise clock.
pub(crate) fn now_unix() -> i64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    if unsafe { libc::clock_gettime(libc::CLOCK_REALTIME_COARSE, &mut ts) } == 0 {
        return ts.tv_sec;
    }
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn coarse_clock_agrees_with_the_precise_one() {
        let precise = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let coarse = super::now_unix();
        assert!((coarse - precise).abs() <= 1, "{coarse} vs {precise}");
    }

    #[test]
    fn page_is_writable_and_wipes_on_fork_here() {
        let mut p = super::ForkSafePage::new().expect("mmap");
        p.bytes()[0] = 1;
        p.bytes()[super::PAGE - 1] = 2;
        assert_eq!(p.bytes()[0] + p.bytes()[super::PAGE - 1], 3);
        // Linux >= 4.14 supports MADV_WIPEONFORK; CI and every supported kernel do.
        assert!(p.wipes_on_fork());
    }
}
