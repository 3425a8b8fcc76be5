//! The one module of the core that calls the operating system directly (with `unsafe`):
//! a page of memory that no forked child can share, for the per-thread random buffer, and the
//! coarse clock.
//!
//! The page is mapped privately and marked `MADV_WIPEONFORK` (Linux 4.14 and later, the way
//! BoringSSL detects forks): the kernel gives any child created by `fork()`, `_Fork()`,
//! `syscall(SYS_fork)` or a raw `clone()` without `CLONE_VM` a zero-filled page, whatever ran or
//! did not run in user space. The advice is trusted only when the kernel also **refuses** an
//! invalid one (`madvise(p, len, -1)`): emulators such as qemu-user accept every advice and wipe
//! nothing. Where the advice is refused or not trusted, the caller detects forks by comparing
//! `getpid()` and a fork generation (bumped by a `pthread_atfork` child handler, which also sees a
//! child that is PID 1 of a new PID namespace, as its parent may be) with the values of the
//! process the buffer was filled in.
//!
//! Not covered, anywhere: a child made with `CLONE_VM` (it shares the parent's memory, page and
//! all, so it is a thread in all but name, and two of them running on one thread-local buffer
//! hand out the same bytes: use threads, or `fork`/`posix_spawn`), and, where the wipe is not
//! available, a child made by `_Fork()` or a raw `clone()` (no `pthread_atfork` handler runs)
//! whose PID equals its parent's (PID 1 in a new PID namespace, forked from PID 1).
#![allow(unsafe_code)]

use std::ptr::NonNull;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

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
        // SAFETY: `p` is the start of the page just mapped, PAGE bytes long and page-aligned;
        // -1 is no advice, which a real kernel refuses (EINVAL) without touching the page.
        let honest = unsafe { libc::madvise(p, PAGE, -1) } != 0;
        // SAFETY: as above; MADV_WIPEONFORK only changes what a child inherits.
        let wipes_on_fork = honest && unsafe { libc::madvise(p, PAGE, libc::MADV_WIPEONFORK) } == 0;
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

    /// The little-endian `u64` at `offset` (8-aligned, inside the page), read from memory as it
    /// is now: after a fork, the kernel may have wiped the page between two instructions of
    /// this thread, which the compiler cannot know, so the read is volatile and no store before
    /// it may be moved after it.
    pub(crate) fn read_now(&mut self, offset: usize) -> u64 {
        assert!(offset.is_multiple_of(8) && offset + 8 <= PAGE);
        std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
        // SAFETY: `offset + 8 <= PAGE` and the page is page-aligned, so the read is in bounds
        // and 8-aligned; the mapping is readable and owned by `self`.
        let v = unsafe { std::ptr::read_volatile(self.ptr.as_ptr().add(offset).cast::<u64>()) };
        u64::from_le(v)
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

/// Bumped in every child made by `fork()` (or anything else that runs `pthread_atfork`
/// handlers), in the child, before `fork()` returns there.
static FORK_GENERATION: AtomicU64 = AtomicU64::new(0);
static ATFORK: Once = Once::new();

extern "C" fn after_fork_in_child() {
    FORK_GENERATION.fetch_add(1, Ordering::Relaxed);
}

/// The number of `fork()`s between the first call of this function in the process's ancestry
/// and now, as seen by this process: it differs in a child from its value in the parent
/// whenever `pthread_atfork` handlers ran, even if the child's PID equals the parent's.
pub(crate) fn fork_generation() -> u64 {
    ATFORK.call_once(|| {
        // SAFETY: the handler is a plain `extern "C"` function that only increments an atomic
        // (async-signal-safe); glibc ties the registration to this library (`__dso_handle`), so
        // it is removed if the library is unloaded. A failure (ENOMEM) leaves the `getpid()`
        // check in place.
        unsafe {
            libc::pthread_atfork(None, None, Some(after_fork_in_child));
        }
    });
    FORK_GENERATION.load(Ordering::Relaxed)
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
        // Linux >= 4.14 supports MADV_WIPEONFORK and refuses advice -1; CI's kernel does (and
        // under qemu-user, which accepts both, the page must not claim to wipe).
        let emulated = std::env::var_os("ZEGO_TEST_UNDER_QEMU").is_some();
        assert_eq!(p.wipes_on_fork(), !emulated);
        assert_eq!(p.read_now(8), 0);
        p.bytes()[8] = 5;
        assert_eq!(p.read_now(8), 5);
    }

    #[test]
    fn fork_generation_is_bumped_in_a_forked_child_only() {
        let before = super::fork_generation();
        // SAFETY (test): the child only reads an atomic and exits with `_exit`.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0);
        if pid == 0 {
            let ok = super::fork_generation() == before + 1;
            unsafe { libc::_exit(if ok { 0 } else { 1 }) };
        }
        let mut status = 0;
        assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
        assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
        assert_eq!(super::fork_generation(), before);
    }
}
