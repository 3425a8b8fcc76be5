//! The one place where the core talks to the operating system beyond `getrandom`: a fork
//! generation counter, bumped in the child by a `pthread_atfork` handler, so that per-thread
//! random state inherited across `fork()` is thrown away instead of reused; and the coarse clock.
#![allow(unsafe_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

static GENERATION: AtomicU64 = AtomicU64::new(0);
static REGISTER: Once = Once::new();
static REGISTERED: AtomicU64 = AtomicU64::new(0);

extern "C" fn on_fork_child() {
    // Async-signal-safe: a single atomic add.
    GENERATION.fetch_add(1, Ordering::SeqCst);
}

/// The number of `fork()`s between the first call of this function in this process's ancestry
/// and now. Any state cached under one value must be discarded when the value changes.
///
/// Returns `None` when the fork handler could not be registered; callers must then not cache.
#[inline]
pub(crate) fn fork_generation() -> Option<u64> {
    REGISTER.call_once(|| {
        // SAFETY: `on_fork_child` is an `extern "C"` function that only performs an atomic add,
        // which is async-signal-safe as POSIX requires of a handler run in a forked child. glibc
        // ties the registration to this shared object and drops it if the object is unloaded.
        let rc = unsafe { libc::pthread_atfork(None, None, Some(on_fork_child)) };
        REGISTERED.store(u64::from(rc == 0), Ordering::SeqCst);
    });
    if REGISTERED.load(Ordering::Relaxed) == 1 {
        Some(GENERATION.load(Ordering::Acquire))
    } else {
        None
    }
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
}
