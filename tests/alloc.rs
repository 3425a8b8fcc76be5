//! Allocation counts on the hot path: `generate_into` allocates nothing once warm, `generate`
//! exactly one string, and nothing grows across many tokens.
//!
//! Only the test's own thread is counted: the test harness's thread may allocate meanwhile (its
//! "running for over 60 seconds" notice on a loaded machine did, and failed the count).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use zego_token::{build_rtc_room_payload, max_token_len, Generator, Mode};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn counted() -> bool {
    COUNTED.try_with(|c| c.get()).unwrap_or(false)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if counted() {
            ALLOCS.fetch_add(1, Ordering::SeqCst);
            LIVE_BYTES.fetch_add(layout.size(), Ordering::SeqCst);
        }
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if counted() {
            LIVE_BYTES.fetch_sub(layout.size(), Ordering::SeqCst);
        }
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn hot_path_allocations() {
    COUNTED.with(|c| c.set(true));
    let payload = build_rtc_room_payload::<&str>("room", true, true, None);
    for mode in [Mode::Cbc, Mode::Gcm] {
        let g = Generator::new(1, "fa94dd0f974cf2e293728a526b028271", mode).unwrap();
        let mut buf = vec![0u8; max_token_len(4, payload.len())];
        // Warm up the per-thread scratch and random state.
        for _ in 0..100 {
            g.generate_into("user", 60, &payload, &mut buf).unwrap();
            drop(g.generate("user", 60, &payload).unwrap());
        }
        let (allocs, live) = (
            ALLOCS.load(Ordering::SeqCst),
            LIVE_BYTES.load(Ordering::SeqCst),
        );
        for _ in 0..10_000 {
            g.generate_into("user", 60, &payload, &mut buf).unwrap();
        }
        assert_eq!(
            ALLOCS.load(Ordering::SeqCst) - allocs,
            0,
            "generate_into allocated"
        );
        let allocs = ALLOCS.load(Ordering::SeqCst);
        for _ in 0..10_000 {
            drop(g.generate("user", 60, &payload).unwrap());
        }
        assert_eq!(
            ALLOCS.load(Ordering::SeqCst) - allocs,
            10_000,
            "one allocation per token"
        );
        assert_eq!(LIVE_BYTES.load(Ordering::SeqCst), live, "live memory grew");
    }
}
