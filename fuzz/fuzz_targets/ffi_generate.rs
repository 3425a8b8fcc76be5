//! The C ABI's generate entry points with arbitrary inputs: arbitrary bytes (not UTF-8, too long,
//! NUL-free) or NULL for every string, arbitrary numbers. Every call returns a documented code,
//! leaves the output NULL on error, and a token it returns decodes to the inputs.
#![no_main]

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use libfuzzer_sys::fuzz_target;
use zego_token::ffi::*;

/// Splits `data` into NUL-free pieces; an empty piece at an even index stands for NULL.
fn pieces(data: &[u8]) -> Vec<Option<CString>> {
    data.split(|&b| b == 0)
        .enumerate()
        .map(|(i, p)| {
            if p.is_empty() && i % 2 == 0 {
                None
            } else {
                CString::new(p).ok()
            }
        })
        .collect()
}

fn ptr_of(p: &Option<CString>) -> *const c_char {
    p.as_ref().map_or(ptr::null(), |c| c.as_ptr())
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 13 {
        return;
    }
    let app_id = u32::from_le_bytes(data[0..4].try_into().unwrap());
    let ttl = i64::from_le_bytes(data[4..12].try_into().unwrap());
    let which = data[12];
    let mut args = pieces(&data[13..]);
    args.resize(3, None);
    let (user, secret, payload) = (&args[0], &args[1], &args[2]);
    let mut out: *mut c_char = 1usize as *mut c_char;
    let rc = unsafe {
        match which % 3 {
            0 => zego_generate_token04(app_id, ptr_of(user), ptr_of(secret), ttl, ptr_of(payload), &mut out),
            1 => zego_generate_token04_gcm(app_id, ptr_of(user), ptr_of(secret), ttl, ptr_of(payload), &mut out),
            _ => {
                let mut g = ptr::null_mut();
                let rc = zego_token04_generator_new(app_id, ptr_of(secret), i32::from(which % 2), &mut g);
                if rc != ZEGO_SUCCESS {
                    assert!(g.is_null());
                    out = ptr::null_mut();
                    rc
                } else {
                    let rc = zego_token04_generator_generate(g, ptr_of(user), ttl, ptr_of(payload), &mut out);
                    zego_token04_generator_free(g);
                    rc
                }
            }
        }
    };
    assert!(rc == ZEGO_SUCCESS || zego_token::Error::from_code(rc).is_some(), "undocumented code {rc}");
    assert_ne!(rc, ZEGO_INTERNAL_ERROR);
    if rc != ZEGO_SUCCESS {
        assert!(out.is_null());
        return;
    }
    let token = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
    unsafe { zego_string_free(out) };
    let secret = secret.as_ref().unwrap().to_str().unwrap();
    let claims = zego_token::decode_token04(&token, secret).unwrap();
    assert_eq!(claims.app_id, app_id);
    assert_eq!(claims.user_id.as_bytes(), user.as_ref().unwrap().as_bytes());
    let expected_payload = payload.as_ref().map_or(&b""[..], |p| p.as_bytes());
    assert_eq!(claims.payload.as_bytes(), expected_payload);
    assert_eq!(claims.expire - claims.ctime, ttl);
});
