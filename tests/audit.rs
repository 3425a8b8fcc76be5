//! The bad-input audit: every input class tried against every entry point, through the C ABI, with
//! the code it must return. docs/bad-input-audit.md is this table: a test checks that
//! every row here appears there. (The CLI's rows are checked by cli/tests/cli.rs.)
#![allow(clippy::type_complexity)]

use std::ffi::{c_char, CString};
use std::ptr;

use zego_token::ffi::*;

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn bytes(b: &[u8]) -> CString {
    CString::new(b).unwrap()
}

/// A NUL-terminated string, or NULL.
enum S {
    Null,
    Str(CString),
}

impl S {
    fn ptr(&self) -> *const c_char {
        match self {
            S::Null => ptr::null(),
            S::Str(s) => s.as_ptr(),
        }
    }
}

fn s(v: &str) -> S {
    S::Str(c(v))
}

fn gen(mode: i32, app: u32, user: S, secret: S, ttl: i64, payload: S) -> i32 {
    let mut out: *mut c_char = ptr::null_mut();
    let rc = unsafe {
        let f = if mode == 0 {
            zego_generate_token04
        } else {
            zego_generate_token04_gcm
        };
        f(app, user.ptr(), secret.ptr(), ttl, payload.ptr(), &mut out)
    };
    assert_eq!(
        rc == ZEGO_SUCCESS,
        !out.is_null(),
        "output must be NULL exactly on error"
    );
    unsafe { zego_string_free(out) };
    rc
}

fn ok_gen(mode: i32, user: S, secret: S, ttl: i64, payload: S) -> i32 {
    gen(mode, 1, user, secret, ttl, payload)
}

fn token(mode: i32) -> String {
    if mode == 0 {
        zego_token::generate_token04(1, "demo", SECRET, 3600, "").unwrap()
    } else {
        zego_token::generate_token04_gcm(1, "demo", SECRET, 3600, "").unwrap()
    }
}

fn decode(token: S, secret: S) -> i32 {
    let mut claims = std::mem::MaybeUninit::<ZegoToken04Claims>::uninit();
    let rc = unsafe { zego_token04_decode(token.ptr(), secret.ptr(), claims.as_mut_ptr()) };
    let mut claims = unsafe { claims.assume_init() };
    assert_eq!(rc == ZEGO_SUCCESS, !claims.user_id.is_null());
    unsafe { zego_token04_claims_free(&mut claims) };
    rc
}

fn verify(token: &str, app: u32, now: i64) -> i32 {
    unsafe {
        zego_token04_verify(
            c(token).as_ptr(),
            c(SECRET).as_ptr(),
            app,
            now,
            ptr::null_mut(),
        )
    }
}

fn verify_flags(token: &str, secret: &str, flags: u32) -> i32 {
    unsafe {
        zego_token04_verify_flags(
            c(token).as_ptr(),
            c(secret).as_ptr(),
            1,
            0,
            flags,
            ptr::null_mut(),
        )
    }
}

fn payload(room: S, login: i32, publish: i32, ids: Option<Vec<S>>, count: Option<usize>) -> i32 {
    let ptrs: Option<Vec<*const c_char>> = ids.as_ref().map(|v| v.iter().map(S::ptr).collect());
    let n = count.unwrap_or_else(|| ptrs.as_ref().map_or(0, Vec::len));
    let mut out: *mut c_char = ptr::null_mut();
    let rc = unsafe {
        zego_build_rtc_room_payload(
            room.ptr(),
            login,
            publish,
            ptrs.as_ref().map_or(ptr::null(), |v| v.as_ptr()),
            n,
            &mut out,
        )
    };
    assert_eq!(rc == ZEGO_SUCCESS, !out.is_null());
    unsafe { zego_string_free(out) };
    rc
}

fn generator(app: u32, secret: S, mode: i32) -> i32 {
    let mut g = ptr::null_mut();
    let rc = unsafe { zego_token04_generator_new(app, secret.ptr(), mode, &mut g) };
    assert_eq!(rc == ZEGO_SUCCESS, !g.is_null());
    unsafe { zego_token04_generator_free(g) };
    rc
}

fn with_generator(f: impl FnOnce(*const ZegoToken04Generator) -> i32) -> i32 {
    let mut g = ptr::null_mut();
    assert_eq!(
        unsafe { zego_token04_generator_new(1, c(SECRET).as_ptr(), 1, &mut g) },
        0
    );
    let rc = f(g);
    unsafe { zego_token04_generator_free(g) };
    rc
}

fn into(user: S, buf_len: usize) -> i32 {
    with_generator(|g| {
        let mut buf = vec![0 as c_char; buf_len.max(1)];
        let mut n = 0usize;
        let p = if buf_len == 0 {
            ptr::null_mut()
        } else {
            buf.as_mut_ptr()
        };
        unsafe {
            zego_token04_generator_generate_into(
                g,
                user.ptr(),
                3600,
                ptr::null(),
                p,
                buf_len,
                &mut n,
            )
        }
    })
}

/// (area, input, expected code name, run)
fn cases() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    Box<dyn Fn() -> i32>,
)> {
    let tamper = |t: String| {
        let mut b = t.into_bytes();
        let i = b.len() - 6;
        b[i] = if b[i] == b'A' { b'B' } else { b'A' };
        String::from_utf8(b).unwrap()
    };
    vec![
        (
            "generate",
            "valid inputs, NULL payload",
            "ZEGO_SUCCESS",
            Box::new(|| ok_gen(0, s("demo"), s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "app_id 0",
            "ZEGO_APP_ID_INVALID",
            Box::new(|| gen(0, 0, s("demo"), s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "app_id 4294967295",
            "ZEGO_SUCCESS",
            Box::new(|| gen(0, u32::MAX, s("demo"), s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "user_id NULL",
            "ZEGO_USER_ID_INVALID",
            Box::new(|| ok_gen(0, S::Null, s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "user_id empty",
            "ZEGO_USER_ID_INVALID",
            Box::new(|| ok_gen(0, s(""), s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "user_id 64 bytes",
            "ZEGO_SUCCESS",
            Box::new(|| ok_gen(0, s(&"u".repeat(64)), s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "user_id 65 bytes",
            "ZEGO_USER_ID_INVALID",
            Box::new(|| ok_gen(0, s(&"u".repeat(65)), s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "user_id 65 bytes of 2-byte UTF-8",
            "ZEGO_USER_ID_INVALID",
            Box::new(|| {
                ok_gen(
                    0,
                    s(&format!("{}x", "é".repeat(32))),
                    s(SECRET),
                    3600,
                    S::Null,
                )
            }),
        ),
        (
            "generate",
            "user_id 1 MB",
            "ZEGO_USER_ID_INVALID",
            Box::new(|| ok_gen(0, s(&"u".repeat(1 << 20)), s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "user_id invalid UTF-8",
            "ZEGO_USER_ID_INVALID",
            Box::new(|| ok_gen(0, S::Str(bytes(b"a\xffb")), s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "user_id with quotes, control characters and emoji",
            "ZEGO_SUCCESS",
            Box::new(|| ok_gen(0, s("\"\\\n\u{1}😀"), s(SECRET), 3600, S::Null)),
        ),
        (
            "generate",
            "secret NULL",
            "ZEGO_SECRET_INVALID",
            Box::new(|| ok_gen(0, s("demo"), S::Null, 3600, S::Null)),
        ),
        (
            "generate",
            "secret empty",
            "ZEGO_SECRET_INVALID",
            Box::new(|| ok_gen(0, s("demo"), s(""), 3600, S::Null)),
        ),
        (
            "generate",
            "secret 31 bytes",
            "ZEGO_SECRET_INVALID",
            Box::new(|| ok_gen(0, s("demo"), s(&SECRET[..31]), 3600, S::Null)),
        ),
        (
            "generate",
            "secret 33 bytes",
            "ZEGO_SECRET_INVALID",
            Box::new(|| ok_gen(0, s("demo"), s(&format!("{SECRET}0")), 3600, S::Null)),
        ),
        (
            "generate",
            "secret 32 bytes, not UTF-8",
            "ZEGO_SECRET_INVALID",
            Box::new(|| ok_gen(0, s("demo"), S::Str(bytes(&[0xc3; 32])), 3600, S::Null)),
        ),
        (
            "generate",
            "lifetime 0",
            "ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID",
            Box::new(|| ok_gen(0, s("demo"), s(SECRET), 0, S::Null)),
        ),
        (
            "generate",
            "lifetime -1",
            "ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID",
            Box::new(|| ok_gen(0, s("demo"), s(SECRET), -1, S::Null)),
        ),
        (
            "generate",
            "lifetime INT64_MIN",
            "ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID",
            Box::new(|| ok_gen(0, s("demo"), s(SECRET), i64::MIN, S::Null)),
        ),
        (
            "generate",
            "lifetime INT64_MAX (expiry overflows)",
            "ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID",
            Box::new(|| ok_gen(0, s("demo"), s(SECRET), i64::MAX, S::Null)),
        ),
        (
            "generate",
            "payload invalid UTF-8",
            "ZEGO_PAYLOAD_INVALID",
            Box::new(|| ok_gen(0, s("demo"), s(SECRET), 3600, S::Str(bytes(b"\xfe")))),
        ),
        (
            "generate",
            "payload 70,000 bytes",
            "ZEGO_PAYLOAD_TOO_LARGE",
            Box::new(|| ok_gen(0, s("demo"), s(SECRET), 3600, s(&"p".repeat(70_000)))),
        ),
        (
            "generate",
            "payload 12,000 control characters (escaped past the limit)",
            "ZEGO_PAYLOAD_TOO_LARGE",
            Box::new(|| ok_gen(0, s("demo"), s(SECRET), 3600, s(&"\u{1}".repeat(12_000)))),
        ),
        (
            "generate",
            "payload 65,000 bytes",
            "ZEGO_SUCCESS",
            Box::new(|| ok_gen(0, s("demo"), s(SECRET), 3600, s(&"p".repeat(65_000)))),
        ),
        (
            "generate",
            "out_token NULL",
            "ZEGO_NULL_ARGUMENT",
            Box::new(|| unsafe {
                zego_generate_token04(
                    1,
                    c("demo").as_ptr(),
                    c(SECRET).as_ptr(),
                    3600,
                    ptr::null(),
                    ptr::null_mut(),
                )
            }),
        ),
        (
            "generate",
            "every argument invalid (app id wins)",
            "ZEGO_APP_ID_INVALID",
            Box::new(|| gen(0, 0, S::Null, S::Null, 0, S::Str(bytes(b"\xff")))),
        ),
        (
            "generate",
            "bad secret and lifetime (secret wins)",
            "ZEGO_SECRET_INVALID",
            Box::new(|| ok_gen(0, s("demo"), s("short"), 0, S::Null)),
        ),
        (
            "GCM",
            "valid inputs",
            "ZEGO_SUCCESS",
            Box::new(|| ok_gen(1, s("demo"), s(SECRET), 3600, s("{}"))),
        ),
        (
            "GCM",
            "user_id 65 bytes",
            "ZEGO_USER_ID_INVALID",
            Box::new(|| ok_gen(1, s(&"u".repeat(65)), s(SECRET), 3600, S::Null)),
        ),
        (
            "GCM",
            "secret NULL",
            "ZEGO_SECRET_INVALID",
            Box::new(|| ok_gen(1, s("demo"), S::Null, 3600, S::Null)),
        ),
        (
            "GCM",
            "lifetime 0",
            "ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID",
            Box::new(|| ok_gen(1, s("demo"), s(SECRET), 0, S::Null)),
        ),
        (
            "GCM",
            "payload 70,000 bytes",
            "ZEGO_PAYLOAD_TOO_LARGE",
            Box::new(|| ok_gen(1, s("demo"), s(SECRET), 3600, s(&"p".repeat(70_000)))),
        ),
        (
            "builder",
            "official sample",
            "ZEGO_SUCCESS",
            Box::new(|| payload(s("demo"), 1, 0, None, None)),
        ),
        (
            "builder",
            "room_id NULL",
            "ZEGO_SUCCESS",
            Box::new(|| payload(S::Null, 1, 1, None, None)),
        ),
        (
            "builder",
            "room_id invalid UTF-8",
            "ZEGO_ROOM_ID_INVALID",
            Box::new(|| payload(S::Str(bytes(b"\xff")), 1, 1, None, None)),
        ),
        (
            "builder",
            "privilege 2",
            "ZEGO_PRIVILEGE_INVALID",
            Box::new(|| payload(s("r"), 2, 0, None, None)),
        ),
        (
            "builder",
            "privilege -1",
            "ZEGO_PRIVILEGE_INVALID",
            Box::new(|| payload(s("r"), 0, -1, None, None)),
        ),
        (
            "builder",
            "stream ids NULL with count 3",
            "ZEGO_NULL_ARGUMENT",
            Box::new(|| payload(s("r"), 1, 1, None, Some(3))),
        ),
        (
            "builder",
            "stream id count SIZE_MAX",
            "ZEGO_BUFFER_INVALID",
            Box::new(|| payload(s("r"), 1, 1, Some(vec![s("a")]), Some(usize::MAX))),
        ),
        (
            "builder",
            "a stream id NULL",
            "ZEGO_STREAM_ID_INVALID",
            Box::new(|| payload(s("r"), 1, 1, Some(vec![s("a"), S::Null]), None)),
        ),
        (
            "builder",
            "a stream id invalid UTF-8",
            "ZEGO_STREAM_ID_INVALID",
            Box::new(|| payload(s("r"), 1, 1, Some(vec![S::Str(bytes(b"\xc3"))]), None)),
        ),
        (
            "builder",
            "out_payload NULL",
            "ZEGO_NULL_ARGUMENT",
            Box::new(|| unsafe {
                zego_build_rtc_room_payload(ptr::null(), 1, 1, ptr::null(), 0, ptr::null_mut())
            }),
        ),
        (
            "decode",
            "CBC token",
            "ZEGO_SUCCESS",
            Box::new(|| decode(s(&token(0)), s(SECRET))),
        ),
        (
            "decode",
            "GCM token",
            "ZEGO_SUCCESS",
            Box::new(|| decode(s(&token(1)), s(SECRET))),
        ),
        (
            "decode",
            "token NULL",
            "ZEGO_NULL_ARGUMENT",
            Box::new(|| decode(S::Null, s(SECRET))),
        ),
        (
            "decode",
            "out_claims NULL",
            "ZEGO_NULL_ARGUMENT",
            Box::new(|| unsafe {
                zego_token04_decode(c(&token(0)).as_ptr(), c(SECRET).as_ptr(), ptr::null_mut())
            }),
        ),
        (
            "decode",
            "secret 31 bytes",
            "ZEGO_SECRET_INVALID",
            Box::new(|| decode(s(&token(0)), s(&SECRET[..31]))),
        ),
        (
            "decode",
            "no 04 prefix",
            "ZEGO_TOKEN_PREFIX_INVALID",
            Box::new(|| decode(s(&token(0)[2..]), s(SECRET))),
        ),
        (
            "decode",
            "not base64",
            "ZEGO_TOKEN_BASE64_INVALID",
            Box::new(|| decode(s("04!!!!"), s(SECRET))),
        ),
        (
            "decode",
            "not UTF-8",
            "ZEGO_TOKEN_BASE64_INVALID",
            Box::new(|| decode(S::Str(bytes(b"04\xff\xff")), s(SECRET))),
        ),
        (
            "decode",
            "1 MB of base64",
            "ZEGO_TOKEN_BASE64_INVALID",
            Box::new(|| decode(s(&format!("04{}", "A".repeat(1 << 20))), s(SECRET))),
        ),
        (
            "decode",
            "truncated header",
            "ZEGO_TOKEN_TRUNCATED",
            Box::new(|| decode(s("04AAAA"), s(SECRET))),
        ),
        (
            "decode",
            "IV length past the end",
            "ZEGO_TOKEN_TRUNCATED",
            Box::new(move || {
                let t = token(0);
                decode(
                    s(&rewrap(&t, |b| b[8..10].copy_from_slice(&[0xff, 0xff]))),
                    s(SECRET),
                )
            }),
        ),
        (
            "decode",
            "two bytes after the ciphertext",
            "ZEGO_TOKEN_TRAILING_DATA",
            Box::new(move || {
                let t = token(0);
                decode(s(&rewrap(&t, |b| b.extend_from_slice(&[0, 0]))), s(SECRET))
            }),
        ),
        (
            "decode",
            "mode byte 2",
            "ZEGO_TOKEN_MODE_INVALID",
            Box::new(move || {
                let t = token(0);
                decode(s(&rewrap(&t, |b| b.push(2))), s(SECRET))
            }),
        ),
        (
            "decode",
            "CBC token marked GCM (16-byte IV)",
            "ZEGO_TOKEN_IV_LENGTH_INVALID",
            Box::new(move || {
                let t = token(0);
                decode(s(&rewrap(&t, |b| b.push(1))), s(SECRET))
            }),
        ),
        (
            "decode",
            "GCM token, wrong secret",
            "ZEGO_TOKEN_AUTHENTICATION_FAILED",
            Box::new(|| decode(s(&token(1)), s("0123456789abcdef0123456789abcdef"))),
        ),
        (
            "decode",
            "GCM token, one character changed",
            "ZEGO_TOKEN_AUTHENTICATION_FAILED",
            Box::new(move || decode(s(&tamper(token(1))), s(SECRET))),
        ),
        (
            "decode",
            "CBC ciphertext not whole blocks",
            "ZEGO_TOKEN_DECRYPT_FAILED",
            Box::new(move || {
                let t = token(0);
                decode(
                    s(&rewrap(&t, |b| {
                        b.pop();
                        let n = u16::from_be_bytes([b[26], b[27]]) - 1;
                        b[26..28].copy_from_slice(&n.to_be_bytes());
                    })),
                    s(SECRET),
                )
            }),
        ),
        (
            "decode",
            "header expiry changed",
            "ZEGO_TOKEN_EXPIRE_MISMATCH",
            Box::new(move || {
                let t = token(1);
                decode(s(&rewrap(&t, |b| b[7] ^= 1)), s(SECRET))
            }),
        ),
        (
            "decode",
            "CBC token, wrong secret",
            "ZEGO_TOKEN_DECRYPT_FAILED",
            Box::new(|| decode(s(&token(0)), s("0123456789abcdef0123456789abcdef"))),
        ),
        (
            "decode",
            "CBC token, header expiry changed",
            "ZEGO_TOKEN_DECRYPT_FAILED",
            Box::new(move || {
                let t = token(0);
                decode(s(&rewrap(&t, |b| b[7] ^= 1)), s(SECRET))
            }),
        ),
        (
            "verify",
            "valid, before expiry",
            "ZEGO_SUCCESS",
            Box::new(|| verify(&token(1), 1, 0)),
        ),
        (
            "verify",
            "another app id",
            "ZEGO_TOKEN_APP_ID_MISMATCH",
            Box::new(|| verify(&token(1), 2, 0)),
        ),
        (
            "verify",
            "now = expire",
            "ZEGO_TOKEN_EXPIRED",
            Box::new(|| {
                let t = token(1);
                let e = zego_token::decode_token04(&t, SECRET).unwrap().expire;
                verify(&t, 1, e)
            }),
        ),
        (
            "verify",
            "valid CBC token (GCM only)",
            "ZEGO_TOKEN_MODE_NOT_ALLOWED",
            Box::new(|| verify(&token(0), 1, 0)),
        ),
        (
            "verify",
            "CBC token, wrong secret (GCM only)",
            "ZEGO_TOKEN_MODE_NOT_ALLOWED",
            Box::new(|| verify_flags(&token(0), "0123456789abcdef0123456789abcdef", 0)),
        ),
        (
            "verify_flags",
            "CBC token, ZEGO_VERIFY_ALLOW_CBC",
            "ZEGO_SUCCESS",
            Box::new(|| verify_flags(&token(0), SECRET, ZEGO_VERIFY_ALLOW_CBC)),
        ),
        (
            "verify_flags",
            "GCM token, flags 0",
            "ZEGO_SUCCESS",
            Box::new(|| verify_flags(&token(1), SECRET, 0)),
        ),
        (
            "verify_flags",
            "unknown flag bit 2",
            "ZEGO_FLAGS_INVALID",
            Box::new(|| verify_flags(&token(1), SECRET, 2)),
        ),
        (
            "verify_flags",
            "CBC token, wrong secret, ZEGO_VERIFY_ALLOW_CBC",
            "ZEGO_TOKEN_DECRYPT_FAILED",
            Box::new(|| {
                verify_flags(
                    &token(0),
                    "0123456789abcdef0123456789abcdef",
                    ZEGO_VERIFY_ALLOW_CBC,
                )
            }),
        ),
        (
            "verify",
            "token NULL",
            "ZEGO_NULL_ARGUMENT",
            Box::new(|| unsafe {
                zego_token04_verify(ptr::null(), c(SECRET).as_ptr(), 1, 0, ptr::null_mut())
            }),
        ),
        (
            "generator",
            "valid, GCM",
            "ZEGO_SUCCESS",
            Box::new(|| generator(1, s(SECRET), 1)),
        ),
        (
            "generator",
            "app_id 0",
            "ZEGO_APP_ID_INVALID",
            Box::new(|| generator(0, s(SECRET), 0)),
        ),
        (
            "generator",
            "secret 33 bytes",
            "ZEGO_SECRET_INVALID",
            Box::new(|| generator(1, s(&format!("{SECRET}0")), 0)),
        ),
        (
            "generator",
            "mode 2",
            "ZEGO_MODE_INVALID",
            Box::new(|| generator(1, s(SECRET), 2)),
        ),
        (
            "generator",
            "out_generator NULL",
            "ZEGO_NULL_ARGUMENT",
            Box::new(|| unsafe {
                zego_token04_generator_new(1, c(SECRET).as_ptr(), 0, ptr::null_mut())
            }),
        ),
        (
            "generator",
            "generate with generator NULL",
            "ZEGO_NULL_ARGUMENT",
            Box::new(|| {
                let mut o = ptr::null_mut();
                unsafe {
                    zego_token04_generator_generate(
                        ptr::null(),
                        c("u").as_ptr(),
                        60,
                        ptr::null(),
                        &mut o,
                    )
                }
            }),
        ),
        (
            "generator",
            "generate, user_id NULL",
            "ZEGO_USER_ID_INVALID",
            Box::new(|| {
                with_generator(|g| {
                    let mut o = ptr::null_mut();
                    unsafe {
                        zego_token04_generator_generate(g, ptr::null(), 60, ptr::null(), &mut o)
                    }
                })
            }),
        ),
        (
            "generator",
            "_into, buffer NULL, length 0 (size query)",
            "ZEGO_BUFFER_TOO_SMALL",
            Box::new(|| into(s("demo"), 0)),
        ),
        (
            "generator",
            "_into, buffer of 100 bytes",
            "ZEGO_BUFFER_TOO_SMALL",
            Box::new(|| into(s("demo"), 100)),
        ),
        (
            "generator",
            "_into, buffer of zego_token04_max_len bytes",
            "ZEGO_SUCCESS",
            Box::new(|| into(s("demo"), zego_token04_max_len(4, 0))),
        ),
        (
            "generator",
            "_into, buffer length SIZE_MAX",
            "ZEGO_BUFFER_INVALID",
            Box::new(|| {
                with_generator(|g| {
                    let mut buf = [0 as c_char; 8];
                    unsafe {
                        zego_token04_generator_generate_into(
                            g,
                            c("demo").as_ptr(),
                            3600,
                            ptr::null(),
                            buf.as_mut_ptr(),
                            usize::MAX,
                            ptr::null_mut(),
                        )
                    }
                })
            }),
        ),
        (
            "generator",
            "_into, buffer overlapping user_id",
            "ZEGO_BUFFER_INVALID",
            Box::new(|| {
                with_generator(|g| {
                    let mut buf = vec![0 as c_char; 1024];
                    buf[..5].copy_from_slice(&[
                        b'd' as c_char,
                        b'e' as c_char,
                        b'm' as c_char,
                        b'o' as c_char,
                        0,
                    ]);
                    let p = buf.as_mut_ptr();
                    let rc = unsafe {
                        zego_token04_generator_generate_into(
                            g,
                            p,
                            3600,
                            ptr::null(),
                            p,
                            1024,
                            ptr::null_mut(),
                        )
                    };
                    // Rejected before the buffer (and so the user id) was touched.
                    assert_eq!(
                        buf[..5],
                        [
                            b'd' as c_char,
                            b'e' as c_char,
                            b'm' as c_char,
                            b'o' as c_char,
                            0
                        ]
                    );
                    rc
                })
            }),
        ),
        (
            "generator",
            "_into, user_id 65 bytes",
            "ZEGO_USER_ID_INVALID",
            Box::new(|| into(s(&"u".repeat(65)), 1024)),
        ),
    ]
}

/// Decodes a token's base64, lets `f` change the bytes, and encodes it again.
fn rewrap(token: &str, f: impl FnOnce(&mut Vec<u8>)) -> String {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    let mut b = STANDARD.decode(&token[2..]).unwrap();
    f(&mut b);
    format!("04{}", STANDARD.encode(b))
}

fn code_of(name: &str) -> i32 {
    if name == "ZEGO_SUCCESS" {
        return 0;
    }
    zego_token::Error::ALL
        .iter()
        .find(|e| e.c_name() == name)
        .unwrap_or_else(|| panic!("no error named {name}"))
        .code()
}

#[test]
fn every_bad_input_gives_its_code() {
    let cases = cases();
    assert!(cases.len() >= 40);
    for (area, input, name, run) in &cases {
        assert_eq!(run(), code_of(name), "{area}: {input}");
    }
}

#[test]
fn audit_doc_lists_every_case() {
    let readme = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/bad-input-audit.md"
    ))
    .unwrap();
    let mut missing = Vec::new();
    for (area, input, name, _) in cases() {
        let row = format!("| {area} | {input} | {} `{name}` |", code_of(name));
        if !readme.contains(&row) {
            missing.push(row);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/bad-input-audit.md lacks these audit rows:\n{}",
        missing.join("\n")
    );
}
