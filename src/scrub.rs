//! Wiping the stack a call used, before it returns to its caller.
//!
//! Building a key schedule, moving it into place and running AES leave copies and register
//! spills of round keys in stack frames that no `Drop` sees; two consecutive round keys give the
//! secret. So the C entry points that touch a key run their work in a frame of their own and
//! then call [`stack`], whose one big local array of zeros covers the frames the work used (the way
//! libsodium's and BoringSSL's stack scrubbing works). `tests/stack_scrub.rs` scans the stack
//! below the caller after each C call for every piece of key material, a generator's `generate`
//! calls included (they only read the expanded key from the heap, but AES spills round keys).

/// How many bytes below the caller the calls that expand a key wipe (one-shot generation,
/// decode, verify, `generator_new`). The deepest key-holding frame measured was 5.4 KiB below the
/// entry point in a release build and 11.5 KiB in a debug build (unoptimized frames are larger);
/// the test scans 64 KiB.
pub(crate) const DEEP: usize = if cfg!(debug_assertions) { 24 } else { 8 } * 1024;

/// How many bytes a generator's `generate` calls wipe, by mode: they expand no key, but AES
/// spills round keys from registers (measured in a release build: 1.4 KiB below the entry point
/// for CBC, 4.3 KiB for GCM, whose counter mode runs deeper; 9.3 KiB in a debug build). Kept
/// as small as that allows, since every token pays for it.
pub(crate) const GENERATE_CBC: usize = if cfg!(debug_assertions) {
    24 * 1024
} else {
    2 * 1024
};
/// See [`GENERATE_CBC`].
pub(crate) const GENERATE_GCM: usize = if cfg!(debug_assertions) {
    24 * 1024
} else {
    6 * 1024
};

/// Overwrites the `N` bytes of stack below the caller's frame with zeros.
#[inline(never)]
pub(crate) fn stack<const N: usize>() {
    let zeros = [0u8; N];
    // The array must really be written: its address escapes to an opaque reader.
    std::hint::black_box(&zeros);
}
