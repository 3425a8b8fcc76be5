//! Wiping the stack a call used, before it returns to its caller.
//!
//! Building a key schedule, moving it into place and running AES leave copies and register
//! spills of round keys in stack frames that no `Drop` sees; two consecutive round keys give the
//! secret. So the C entry points that touch a key run their work in a frame of their own and
//! then call [`after`], whose one big local array, zeroed, covers the frames the work used (the
//! way libsodium's and BoringSSL's stack scrubbing works). `tests/stack_scrub.rs` scans the stack
//! below the caller after each C call for every piece of key material, a generator's `generate`
//! calls included (they only read the expanded key from the heap, but AES spills round keys).
//!
//! Every token pays for the wipe, so each kind of call wipes only as deep as it was measured to
//! leave key material, with a margin, and the zeroing runs in 2 KiB pieces: the C library's
//! `memset` switches to `rep stosb` above that, which measured 1.5x slower for 6–8 KiB here.

use std::mem::MaybeUninit;

/// What a C call did, for how deep its stack is wiped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Depth {
    /// Expanded a key: one-shot generation, decode, verify, `generator_new`. The deepest key
    /// piece measured was 5.4 KiB below the entry point (release build, `aes`'s VAES-256
    /// backend), 11.5 KiB in a debug build (unoptimized frames are larger).
    Deep,
    /// A CBC generator's `generate`: no key expansion, but the AES round keys spill from
    /// registers (measured 1.6 KiB below the entry point).
    GenerateCbc,
    /// A GCM generator's `generate`, whose counter mode runs deeper (measured 4.4 KiB).
    GenerateGcm,
}

const KIB: usize = 1024;
/// Every depth in a debug build (the deepest measured there was 11.5 KiB).
const DEBUG: usize = 24 * KIB;
const DEEP: usize = 6 * KIB;
const GENERATE_CBC: usize = 2 * KIB;
const GENERATE_GCM: usize = 5 * KIB;
/// Added on x86 processors with AVX-512 and VAES, where `aes` runs its VAES-512 backend, whose
/// frames are 2.5 KiB larger than the VAES-256 ones measured above (4,088 against 1,544 bytes
/// for encryption, 3,064 against 808 for decryption, from the disassembly). No machine here has
/// AVX-512, so this margin is derived, not measured: the test checks it where it runs on one.
const WIDE_EXTRA: usize = 4 * KIB;

/// Wipes the stack below the caller's frame as deep as `depth` needs, on this processor.
#[inline(always)]
pub(crate) fn after(depth: Depth) {
    if cfg!(debug_assertions) {
        return stack::<DEBUG>();
    }
    match (depth, wide()) {
        (Depth::Deep, false) => stack::<DEEP>(),
        (Depth::Deep, true) => stack::<{ DEEP + WIDE_EXTRA }>(),
        (Depth::GenerateCbc, false) => stack::<GENERATE_CBC>(),
        (Depth::GenerateCbc, true) => stack::<{ GENERATE_CBC + WIDE_EXTRA }>(),
        (Depth::GenerateGcm, false) => stack::<GENERATE_GCM>(),
        (Depth::GenerateGcm, true) => stack::<{ GENERATE_GCM + WIDE_EXTRA }>(),
    }
}

#[cfg(target_arch = "x86_64")]
cpufeatures::new!(vaes512, "avx512f", "vaes");

/// Whether `aes` runs its VAES-512 backend here: the same `cpufeatures` test it makes (AVX-512F
/// and VAES), whose answer the crate caches.
#[inline(always)]
fn wide() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        vaes512::InitToken::init_get().1
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The zeroing runs in pieces of this size (see the module's documentation).
const PIECE: usize = 2 * KIB;

/// Overwrites the `N` bytes of stack below the caller's frame with zeros.
#[inline(never)]
fn stack<const N: usize>() {
    let mut area = [MaybeUninit::<u8>::uninit(); N];
    for piece in area.chunks_mut(PIECE) {
        piece.fill(MaybeUninit::new(0));
        // Each piece must really be written, and separately (one `memset` of the whole would be
        // the slower `rep stosb`): its address escapes to an opaque reader.
        std::hint::black_box(&*piece);
    }
}
