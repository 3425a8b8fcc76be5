//! No key material is left on the stack after a C call returns.
//!
//! The expanded AES key lives in the generator (heap, wiped on free) or, for a one-shot call, in a
//! frame of the call (wiped on drop by the crates). But building a key schedule, moving it and
//! running AES leave copies and register spills in frames that the drop never sees: two
//! consecutive round keys give the secret. So each C entry point that touches a key scrubs the
//! stack it used before returning.
//!
//! This test calls each entry point from a thread with its own stack, then, from the same frame,
//! reads the bytes below that frame (where the call's frames were) and looks for every 16-byte
//! piece of key material of the secret: the encryption and decryption key schedules (as the `aes`
//! crate holds them, AES-NI or software), the GHASH key of AES-GCM, and the secret's own bytes.
//! Any piece found, at any alignment, fails the test.

use std::ffi::CString;
use std::ptr;

use aes::cipher::KeyInit;
use zego_token::ffi::*;

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
const OTHER: &str = "0123456789abcdef0123456789abcdef";
/// How far below the caller's frame to look: well past the deepest key-handling frame.
const SCAN: usize = 64 * 1024;

/// The 16-byte pieces of `T`'s bytes (built for SECRET) that depend on the key: those that differ
/// from the same value built for OTHER.
fn key_pieces<T>(make: impl Fn(&[u8; 32]) -> T) -> Vec<[u8; 16]> {
    let raw = |k: &str| {
        let v = Box::new(make(k.as_bytes().try_into().unwrap()));
        let p = (&*v as *const T).cast::<u8>();
        let bytes: Vec<u8> = (0..std::mem::size_of::<T>())
            .map(|i| unsafe { std::ptr::read_volatile(p.add(i)) })
            .collect();
        drop(v);
        bytes
    };
    let (a, b) = (raw(SECRET), raw(OTHER));
    a.chunks_exact(16)
        .zip(b.chunks_exact(16))
        .filter(|(x, y)| x != y && x.iter().any(|&c| c != 0))
        .map(|(x, _)| x.try_into().unwrap())
        .collect()
}

fn all_key_pieces() -> Vec<[u8; 16]> {
    let mut v = key_pieces(|k| aes::Aes256Enc::new(k.into()));
    v.extend(key_pieces(|k| aes::Aes256Dec::new(k.into())));
    v.extend(key_pieces(|k| aes_gcm::Aes256Gcm::new(k.into())));
    v.push(SECRET.as_bytes()[..16].try_into().unwrap());
    v.push(SECRET.as_bytes()[16..].try_into().unwrap());
    v.sort();
    v.dedup();
    // AES-256: 15 round keys for encryption, 15 for decryption, and the GHASH key.
    assert!(v.len() >= 28, "only {} key pieces", v.len());
    v
}

/// Reads the `SCAN` bytes below this function's frame into `out` (allocated by the caller, so
/// that nothing here calls anything that would overwrite them).
#[inline(never)]
fn read_below(out: &mut [u8; SCAN]) {
    let here = 0u8;
    let top = std::hint::black_box(&here as *const u8);
    for (i, b) in out.iter_mut().enumerate() {
        // SAFETY (test): the thread's stack is 1 MiB and mapped below this frame; the bytes are
        // read, never written, and as bytes any value is valid.
        *b = unsafe { std::ptr::read_volatile(top.sub(SCAN).add(i)) };
    }
}

/// Runs `call` on a fresh thread, then returns where key pieces were found below its frame.
fn leaks_after(name: &str, call: fn()) -> Vec<String> {
    let pieces = all_key_pieces();
    let name = name.to_string();
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let mut below = Box::new([0u8; SCAN]);
            run(call, &mut below);
            let mut found = Vec::new();
            for (i, w) in below.windows(16).enumerate() {
                if pieces.iter().any(|p| p == w) {
                    found.push(format!("{name}: key piece {} bytes below", SCAN - i));
                }
            }
            found
        })
        .unwrap()
        .join()
        .unwrap()
}

/// The call and the read from one frame, so that the read sees the frames the call used.
#[inline(never)]
fn run(call: fn(), below: &mut [u8; SCAN]) {
    std::hint::black_box(call)();
    read_below(below);
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn one_shot_cbc() {
    let (u, s) = (cstr("user"), cstr(SECRET));
    let mut out = ptr::null_mut();
    let rc =
        unsafe { zego_generate_token04(1, u.as_ptr(), s.as_ptr(), 3600, ptr::null(), &mut out) };
    assert_eq!(rc, 0);
    unsafe { zego_string_free(out) };
}

fn one_shot_gcm() {
    let (u, s) = (cstr("user"), cstr(SECRET));
    let mut out = ptr::null_mut();
    let rc = unsafe {
        zego_generate_token04_gcm(1, u.as_ptr(), s.as_ptr(), 3600, ptr::null(), &mut out)
    };
    assert_eq!(rc, 0);
    unsafe { zego_string_free(out) };
}

/// The one-shot calls into a caller's buffer, both modes.
fn one_shot_into() {
    let mut buf = [0u8; 512];
    let mut len = 0;
    for into in [
        zego_generate_token04_into_n,
        zego_generate_token04_gcm_into_n,
    ] {
        let rc = unsafe {
            into(
                1,
                "user".as_ptr().cast(),
                4,
                SECRET.as_ptr().cast(),
                SECRET.len(),
                3600,
                ptr::null(),
                0,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut len,
            )
        };
        assert_eq!(rc, 0);
    }
}

fn generator_lifecycle(mode: i32) {
    let (u, s) = (cstr("user"), cstr(SECRET));
    let mut g = ptr::null_mut();
    assert_eq!(
        unsafe { zego_token04_generator_new(1, s.as_ptr(), mode, &mut g) },
        0
    );
    let mut out = ptr::null_mut();
    let rc = unsafe { zego_token04_generator_generate(g, u.as_ptr(), 3600, ptr::null(), &mut out) };
    assert_eq!(rc, 0);
    unsafe { zego_string_free(out) };
    let mut buf = [0 as std::ffi::c_char; 512];
    let mut len = 0usize;
    let rc = unsafe {
        zego_token04_generator_generate_into(
            g,
            u.as_ptr(),
            3600,
            ptr::null(),
            buf.as_mut_ptr(),
            buf.len(),
            &mut len,
        )
    };
    assert_eq!(rc, 0);
    unsafe { zego_token04_generator_free(g) };
}

/// A generator made on another thread; `generate` and `generate_into` alone on the probe thread.
static SHARED: std::sync::atomic::AtomicPtr<ZegoToken04Generator> =
    std::sync::atomic::AtomicPtr::new(ptr::null_mut());

fn shared_generate() {
    let g = SHARED.load(std::sync::atomic::Ordering::SeqCst);
    let u = cstr("user");
    for _ in 0..3 {
        let mut out = ptr::null_mut();
        let rc =
            unsafe { zego_token04_generator_generate(g, u.as_ptr(), 3600, ptr::null(), &mut out) };
        assert_eq!(rc, 0);
        unsafe { zego_string_free(out) };
        let mut buf = [0 as std::ffi::c_char; 512];
        let mut len = 0usize;
        let rc = unsafe {
            zego_token04_generator_generate_into(
                g,
                u.as_ptr(),
                3600,
                ptr::null(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut len,
            )
        };
        assert_eq!(rc, 0);
    }
}

fn generator_cbc() {
    generator_lifecycle(ZegoTokenMode::ZEGO_TOKEN_MODE_CBC as i32);
}

fn generator_gcm() {
    generator_lifecycle(ZegoTokenMode::ZEGO_TOKEN_MODE_GCM as i32);
}

fn token(mode: i32) -> CString {
    let (u, s) = (cstr("user"), cstr(SECRET));
    let mut out = ptr::null_mut();
    let rc = unsafe {
        if mode == ZegoTokenMode::ZEGO_TOKEN_MODE_CBC as i32 {
            zego_generate_token04(1, u.as_ptr(), s.as_ptr(), 3600, ptr::null(), &mut out)
        } else {
            zego_generate_token04_gcm(1, u.as_ptr(), s.as_ptr(), 3600, ptr::null(), &mut out)
        }
    };
    assert_eq!(rc, 0);
    let t = unsafe { std::ffi::CStr::from_ptr(out) }.to_owned();
    unsafe { zego_string_free(out) };
    t
}

fn decode_both() {
    let s = cstr(SECRET);
    for mode in [
        ZegoTokenMode::ZEGO_TOKEN_MODE_CBC as i32,
        ZegoTokenMode::ZEGO_TOKEN_MODE_GCM as i32,
    ] {
        let t = token(mode);
        let mut c = std::mem::MaybeUninit::<ZegoToken04Claims>::uninit();
        assert_eq!(
            unsafe { zego_token04_decode(t.as_ptr(), s.as_ptr(), c.as_mut_ptr()) },
            0
        );
        unsafe { zego_token04_claims_free(c.as_mut_ptr()) };
    }
}

fn verify_both() {
    let s = cstr(SECRET);
    for mode in [
        ZegoTokenMode::ZEGO_TOKEN_MODE_CBC as i32,
        ZegoTokenMode::ZEGO_TOKEN_MODE_GCM as i32,
    ] {
        let t = token(mode);
        let rc = unsafe {
            zego_token04_verify_flags(
                t.as_ptr(),
                s.as_ptr(),
                1,
                0,
                ZEGO_VERIFY_ALLOW_CBC,
                ptr::null_mut(),
            )
        };
        assert_eq!(rc, 0);
    }
}

/// A failing call scrubs as well (a wrong secret: the key is expanded, the tag fails).
fn decode_wrong_secret() {
    let t = token(ZegoTokenMode::ZEGO_TOKEN_MODE_GCM as i32);
    let s = cstr(SECRET);
    let t2 = {
        // The same token checked against SECRET after being made for OTHER.
        let (u, o) = (cstr("user"), cstr(OTHER));
        let mut out = ptr::null_mut();
        let rc = unsafe {
            zego_generate_token04_gcm(1, u.as_ptr(), o.as_ptr(), 3600, ptr::null(), &mut out)
        };
        assert_eq!(rc, 0);
        let x = unsafe { std::ffi::CStr::from_ptr(out) }.to_owned();
        unsafe { zego_string_free(out) };
        x
    };
    let _ = t;
    let rc = unsafe { zego_token04_verify(t2.as_ptr(), s.as_ptr(), 1, 0, ptr::null_mut()) };
    assert_eq!(rc, ZEGO_TOKEN_AUTHENTICATION_FAILED);
}

#[test]
fn no_key_material_left_on_the_stack_after_any_c_call() {
    for mode in [
        ZegoTokenMode::ZEGO_TOKEN_MODE_CBC as i32,
        ZegoTokenMode::ZEGO_TOKEN_MODE_GCM as i32,
    ] {
        let s = cstr(SECRET);
        let mut g = ptr::null_mut();
        assert_eq!(
            unsafe { zego_token04_generator_new(1, s.as_ptr(), mode, &mut g) },
            0
        );
        SHARED.store(g, std::sync::atomic::Ordering::SeqCst);
        let found = leaks_after(
            &format!("generate, generate_into (mode {mode})"),
            shared_generate,
        );
        unsafe { zego_token04_generator_free(g) };
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
    let calls: [(&str, fn()); 9] = [
        ("zego_generate_token04", one_shot_cbc),
        ("zego_generate_token04_gcm", one_shot_gcm),
        ("zego_generate_token04[_gcm]_into_n", one_shot_into),
        (
            "generator new/generate/generate_into/free (CBC)",
            generator_cbc,
        ),
        (
            "generator new/generate/generate_into/free (GCM)",
            generator_gcm,
        ),
        ("zego_token04_decode (CBC, GCM)", decode_both),
        ("zego_token04_verify_flags (CBC, GCM)", verify_both),
        ("zego_token04_verify (wrong secret)", decode_wrong_secret),
        ("zego_generate_token04 (again)", one_shot_cbc),
    ];
    let mut found = Vec::new();
    for (name, call) in calls {
        found.extend(leaks_after(name, call));
    }
    assert!(
        found.is_empty(),
        "{} key pieces left:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The scan can see a key: a frame that held a key schedule and was not scrubbed is found.
#[test]
fn the_scan_finds_a_key_schedule_left_in_a_dead_frame() {
    #[inline(never)]
    fn leave_a_schedule() {
        let k: &[u8; 32] = SECRET.as_bytes().try_into().unwrap();
        // Built, used and forgotten (not dropped: no wipe), as a careless caller might.
        let aes = std::mem::ManuallyDrop::new(aes::Aes256Enc::new(k.into()));
        std::hint::black_box(&*aes);
    }
    let found = leaks_after("control", leave_a_schedule);
    assert!(!found.is_empty(), "the scan found nothing in a dead frame");
}
