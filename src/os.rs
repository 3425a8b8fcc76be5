//! The one place where the core talks to the operating system beyond `getrandom`: a fork
//! generation counter, bumped in the child by a `pthread_atfork` handler, so that per-thread
//! random buffers inherited across `fork()` are thrown away instead of reused.
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
