//! The C ABI: thin `extern "C"` functions over the safe core.
//!
//! Every function follows the same steps: clear its outputs, check its pointers, convert the
//! arguments, call the core, map the error to its code. All of it runs inside [`guard`], the one
//! panic boundary, so no panic ever unwinds into C. Error codes are the numbers of
//! [`crate::Error::code`], named in the header by the `ZEGO_*` constants below.
#![allow(unsafe_code)]

mod codes;
mod convert;

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

pub use codes::*;
use convert::{
    c_string, c_string_out, set_out, token_string, Raw, ID_MAX, PAYLOAD_MAX, SECRET_MAX, TOKEN_MAX,
    USER_ID_MAX,
};

use crate::generator::TokenRequest;
use crate::{
    build_rtc_room_payload, decode_token04, max_token_len, verify_token04_with, Claims, Error,
    Generator, Mode, VerifyOptions,
};

/// The two token04 encryption modes, with their official values.
#[allow(non_camel_case_types)]
#[repr(i32)]
pub enum ZegoTokenMode {
    /// AES-256-CBC, the original format (no mode byte).
    ZEGO_TOKEN_MODE_CBC = 0,
    /// AES-256-GCM, authenticated; the current official recommendation (mode byte 1).
    ZEGO_TOKEN_MODE_GCM = 1,
}

/// The claims of a decoded token. Free the strings with `zego_token04_claims_free`.
#[repr(C)]
pub struct ZegoToken04Claims {
    /// The app id the token was issued for.
    pub app_id: u32,
    /// The user id (NUL-terminated UTF-8, owned by the library).
    pub user_id: *mut c_char,
    /// The JSON nonce.
    pub nonce: i64,
    /// Creation time, Unix seconds.
    pub ctime: i64,
    /// Expiry, Unix seconds.
    pub expire: i64,
    /// The payload (NUL-terminated UTF-8, owned by the library; "" when there is none).
    pub payload: *mut c_char,
    /// `ZEGO_TOKEN_MODE_CBC` or `ZEGO_TOKEN_MODE_GCM`.
    pub mode: i32,
}

impl ZegoToken04Claims {
    const EMPTY: ZegoToken04Claims = ZegoToken04Claims {
        app_id: 0,
        user_id: ptr::null_mut(),
        nonce: 0,
        ctime: 0,
        expire: 0,
        payload: ptr::null_mut(),
        mode: 0,
    };
}

/// A reusable token generator for one app id, secret and mode. Opaque; create it with
/// `zego_token04_generator_new`, free it with `zego_token04_generator_free`.
pub struct ZegoToken04Generator {
    inner: Generator,
}

/// The one panic boundary: runs `f`, maps its error to its code and a panic to
/// `ZEGO_INTERNAL_ERROR`.
///
/// The work runs in a frame of its own, and the stack it used is then wiped (`scrub`): key
/// schedules and their register spills must not outlive the call in dead frames.
fn guard(f: impl FnOnce() -> Result<(), Error>) -> i32 {
    guard_to(crate::scrub::Depth::Deep, f)
}

/// [`guard`] with the stack wiped as deep as `depth`.
#[inline(always)]
fn guard_to(depth: crate::scrub::Depth, f: impl FnOnce() -> Result<(), Error>) -> i32 {
    let code = guard_unscrubbed(f);
    crate::scrub::after(depth);
    code
}

/// [`guard`] for a generator's `generate` calls, which expand no key and wipe less, by mode
/// (`scrub::Depth`); `tests/stack_scrub.rs` checks that it is enough.
///
/// # Safety
/// `generator` is NULL or a live generator (the contract of the calls that use this).
unsafe fn guard_generate(
    generator: *const ZegoToken04Generator,
    f: impl FnOnce() -> Result<(), Error>,
) -> i32 {
    guard_to(generate_depth(generator), f)
}

/// How deep a generator's `generate` call wipes the stack, by its mode.
///
/// # Safety
/// `generator` is NULL or a live generator.
unsafe fn generate_depth(generator: *const ZegoToken04Generator) -> crate::scrub::Depth {
    // SAFETY: NULL or live, per this function's contract; only the mode is read.
    match unsafe { generator.as_ref() }.map(|g| g.inner.mode()) {
        Some(Mode::Gcm) => crate::scrub::Depth::GenerateGcm,
        _ => crate::scrub::Depth::GenerateCbc,
    }
}

/// [`guard`] without the stack scrub, for calls that touch no key.
#[inline(never)]
fn guard_unscrubbed(f: impl FnOnce() -> Result<(), Error>) -> i32 {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => ZEGO_SUCCESS,
        Ok(Err(e)) => e.code(),
        Err(_) => Error::Internal.code(),
    }
}

/// The per-token arguments of the generate functions, converted for the core, which checks them
/// in the official order (see `convert`: an invalid user id becomes "", which the core rejects
/// with code 3; a payload's error is reported after the official checks).
fn token_request<'a>(
    user_id: &Raw<'a>,
    effective_time_in_seconds: i64,
    payload: &Raw<'a>,
) -> TokenRequest<'a> {
    TokenRequest {
        user_id: convert::user_id(user_id),
        effective_time_in_seconds,
        payload: convert::payload(payload),
    }
}

/// The one-shot generators, both ways of passing strings.
///
/// # Safety
/// `out_token` is NULL or writable.
unsafe fn generate_one_shot(
    mode: Mode,
    app_id: u32,
    user_id: Raw<'_>,
    secret: Raw<'_>,
    effective_time_in_seconds: i64,
    payload: Raw<'_>,
    out_token: *mut *mut c_char,
) -> i32 {
    guard(|| {
        set_out(out_token, ptr::null_mut())?;
        let request = token_request(&user_id, effective_time_in_seconds, &payload);
        let secret = convert::secret(&secret);
        let token = crate::generator::with_token04(mode, app_id, secret, &request, token_string)?;
        out_token.write(token);
        Ok(())
    })
}

/// Generates a CBC token04 (the original format, accepted by every ZEGO server).
///
/// On success returns `ZEGO_SUCCESS` and stores a new NUL-terminated token in `*out_token`; free
/// it with `zego_string_free`. On any error returns the code and sets `*out_token` to NULL.
///
/// Checked in the official order, the first failure winning: `app_id` != 0 (else
/// `ZEGO_APP_ID_INVALID`); `user_id` non-NULL, non-empty UTF-8 of at most 64 bytes (else
/// `ZEGO_USER_ID_INVALID`); `secret` non-NULL and exactly 32 bytes (else `ZEGO_SECRET_INVALID`);
/// `effective_time_in_seconds` > 0 without overflowing the expiry (else
/// `ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID`). Then `payload` (NULL means ""): not UTF-8 gives
/// `ZEGO_PAYLOAD_INVALID`, too large for the token gives `ZEGO_PAYLOAD_TOO_LARGE`. A NULL
/// `out_token` gives `ZEGO_NULL_ARGUMENT` before anything else.
///
/// Thread-safe. Never writes to stdout or stderr.
///
/// # Safety
/// Each pointer argument is NULL or valid: strings NUL-terminated, `out_token` writable.
#[no_mangle]
pub unsafe extern "C" fn zego_generate_token04(
    app_id: u32,
    user_id: *const c_char,
    secret: *const c_char,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    out_token: *mut *mut c_char,
) -> i32 {
    generate_one_shot(
        Mode::Cbc,
        app_id,
        Raw::terminated(user_id, USER_ID_MAX),
        Raw::terminated(secret, SECRET_MAX),
        effective_time_in_seconds,
        Raw::terminated(payload, PAYLOAD_MAX),
        out_token,
    )
}

/// `zego_generate_token04` with each string given by pointer and length in bytes, as every
/// binding calls it: `user_id_len` bytes at `user_id`, and so on. Any byte may appear; a NUL
/// inside a string, bytes that are not UTF-8, or a NULL pointer with a non-zero length give that
/// argument's code (user id 3, secret 5, payload 101), in the official order. A NULL payload with
/// length 0 means no payload. Codes, order and ownership otherwise as for
/// `zego_generate_token04`; the strings need not be NUL-terminated.
///
/// # Safety
/// Each string pointer is NULL or points to its length in readable bytes; `out_token` is NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn zego_generate_token04_n(
    app_id: u32,
    user_id: *const c_char,
    user_id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    payload_len: usize,
    out_token: *mut *mut c_char,
) -> i32 {
    generate_one_shot(
        Mode::Cbc,
        app_id,
        Raw::with_len(user_id, user_id_len, USER_ID_MAX),
        Raw::with_len(secret, secret_len, SECRET_MAX),
        effective_time_in_seconds,
        Raw::with_len(payload, payload_len, PAYLOAD_MAX),
        out_token,
    )
}

/// Generates a GCM token04 (authenticated; the current official recommendation). Arguments,
/// ownership and error codes exactly as for `zego_generate_token04`.
///
/// # Safety
/// As for `zego_generate_token04`.
#[no_mangle]
pub unsafe extern "C" fn zego_generate_token04_gcm(
    app_id: u32,
    user_id: *const c_char,
    secret: *const c_char,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    out_token: *mut *mut c_char,
) -> i32 {
    generate_one_shot(
        Mode::Gcm,
        app_id,
        Raw::terminated(user_id, USER_ID_MAX),
        Raw::terminated(secret, SECRET_MAX),
        effective_time_in_seconds,
        Raw::terminated(payload, PAYLOAD_MAX),
        out_token,
    )
}

/// `zego_generate_token04_gcm` with strings given by pointer and length, exactly as
/// `zego_generate_token04_n` takes them.
///
/// # Safety
/// As for `zego_generate_token04_n`.
#[no_mangle]
pub unsafe extern "C" fn zego_generate_token04_gcm_n(
    app_id: u32,
    user_id: *const c_char,
    user_id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    payload_len: usize,
    out_token: *mut *mut c_char,
) -> i32 {
    generate_one_shot(
        Mode::Gcm,
        app_id,
        Raw::with_len(user_id, user_id_len, USER_ID_MAX),
        Raw::with_len(secret, secret_len, SECRET_MAX),
        effective_time_in_seconds,
        Raw::with_len(payload, payload_len, PAYLOAD_MAX),
        out_token,
    )
}

/// Generates a CBC token04 into the caller's buffer, without allocating: `zego_generate_token04_n`
/// with the buffer contract of `zego_token04_generator_generate_into`.
///
/// On success writes the NUL-terminated token to `buf` and its length (without the NUL) to
/// `*out_len`. If `buf_len` is too small (including `buf` NULL with `buf_len` 0, to ask for the
/// size), returns `ZEGO_BUFFER_TOO_SMALL` and stores in `*out_len` a buffer size, NUL included,
/// that always suffices for these arguments (`zego_token04_max_len` of their lengths). Checked
/// first: `buf_len` above `PTRDIFF_MAX` gives `ZEGO_BUFFER_INVALID`, and so does a `buf` that
/// overlaps `user_id`, `secret` or `payload`, before `buf` is touched. Then the arguments, in the
/// official order and with the codes of `zego_generate_token04_n`; the buffer's size last. On
/// other errors `*out_len` is 0. Whenever `buf` is not NULL, `buf_len` > 0 and the code is not
/// `ZEGO_BUFFER_INVALID`, `buf` holds a NUL-terminated string afterwards ("" on error). `out_len`
/// may be NULL.
///
/// Thread-safe. Never writes to stdout or stderr.
///
/// # Safety
/// `buf` is NULL or writable for `buf_len` bytes; `out_len` is NULL or writable; the strings as
/// for `zego_generate_token04_n`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn zego_generate_token04_into_n(
    app_id: u32,
    user_id: *const c_char,
    user_id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    payload_len: usize,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> i32 {
    one_shot_into(
        Mode::Cbc,
        app_id,
        Raw::with_len(user_id, user_id_len, USER_ID_MAX),
        Raw::with_len(secret, secret_len, SECRET_MAX),
        effective_time_in_seconds,
        Raw::with_len(payload, payload_len, PAYLOAD_MAX),
        Into {
            buf,
            buf_len,
            out_len,
        },
    )
}

/// `zego_generate_token04_into_n` for a GCM token04: arguments, buffer contract and codes exactly
/// as there.
///
/// # Safety
/// As for `zego_generate_token04_into_n`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn zego_generate_token04_gcm_into_n(
    app_id: u32,
    user_id: *const c_char,
    user_id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    payload_len: usize,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> i32 {
    one_shot_into(
        Mode::Gcm,
        app_id,
        Raw::with_len(user_id, user_id_len, USER_ID_MAX),
        Raw::with_len(secret, secret_len, SECRET_MAX),
        effective_time_in_seconds,
        Raw::with_len(payload, payload_len, PAYLOAD_MAX),
        Into {
            buf,
            buf_len,
            out_len,
        },
    )
}

/// The one-shot generators into a buffer.
///
/// # Safety
/// As for `zego_generate_token04_into_n`.
unsafe fn one_shot_into(
    mode: Mode,
    app_id: u32,
    user_id: Raw<'_>,
    secret: Raw<'_>,
    effective_time_in_seconds: i64,
    payload: Raw<'_>,
    out: Into,
) -> i32 {
    out.fill(
        crate::scrub::Depth::Deep,
        [&user_id, &secret, &payload],
        || Ok(()),
        || token_request(&user_id, effective_time_in_seconds, &payload),
        |(), request, buf| {
            crate::generator::token04_into(mode, app_id, convert::secret(&secret), request, buf)
        },
    )
}

/// Frees a string returned by this library (a token or a payload). NULL is a no-op.
///
/// # Safety
/// `s` is NULL or a string this library returned that has not been freed yet.
#[no_mangle]
pub unsafe extern "C" fn zego_string_free(s: *mut c_char) {
    // Every string the library returns comes from `malloc` (see `convert::c_string`).
    libc::free(s.cast());
}

/// A static English description of `code`; never NULL, also for unknown codes. Do not free it.
/// It never contains an input value.
#[no_mangle]
pub extern "C" fn zego_error_message(code: i32) -> *const c_char {
    if code == ZEGO_SUCCESS {
        return c"success".as_ptr();
    }
    Error::from_code(code)
        .map_or(c"unknown error code", Error::c_message)
        .as_ptr()
}

/// A hint naming the likely cause when `token` is malformed in one of the usual ways (a `+` that
/// a URL query turned into a space, a trailing newline or other whitespace, quotes, URL encoding,
/// URL-safe base64, a missing `04` prefix, a truncated or overlong token, characters that are not
/// base64), read from the token's text alone: no secret, nothing decrypted.
///
/// Returns a static NUL-terminated English sentence (do not free it), or NULL when the token
/// shows no such mistake (it may still fail to decode: a wrong secret, an altered token) or is
/// NULL. The sentence is one of a fixed set: it never contains any part of the token. Call it
/// after `zego_token04_decode` or `zego_token04_verify` failed with a `ZEGO_TOKEN_*` code, to
/// tell a user what to fix. A token longer than any token04 is not read past that length.
///
/// # Safety
/// `token` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_hint(token: *const c_char) -> *const c_char {
    hint(Raw::terminated(token, TOKEN_MAX))
}

/// `zego_token04_hint` with the token given by pointer and length in bytes (any bytes: a NUL or
/// bytes that are not UTF-8 get their own hint). A length above the longest token04 gives the
/// "too long" hint without reading the bytes; NULL gives NULL.
///
/// # Safety
/// `token` is NULL or points to `token_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_hint_n(
    token: *const c_char,
    token_len: usize,
) -> *const c_char {
    hint(Raw::with_len(token, token_len, TOKEN_MAX))
}

fn hint(token: Raw<'_>) -> *const c_char {
    let mut out = ptr::null();
    // Through the one panic boundary; a panic leaves NULL.
    guard_unscrubbed(|| {
        if let Some(h) = convert::token_hint(&token) {
            out = h.c_message().as_ptr();
        }
        Ok(())
    });
    out
}

/// The library version, `"MAJOR.MINOR.PATCH"`: static, never NULL. Compare it with the
/// `ZEGO_TOKEN_VERSION` macro to detect a header/library mismatch.
#[no_mangle]
pub extern "C" fn zego_token_version() -> *const c_char {
    const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    VERSION.as_ptr().cast()
}

/// Decodes `token` with `secret` into `*out_claims` (either mode, from any official generator).
/// Does not check expiry or app id: use `zego_token04_verify` to accept a token.
///
/// On success fills `*out_claims`; free its strings with `zego_token04_claims_free`. On any error
/// `*out_claims` is zeroed (its strings NULL). Errors: NULL `out_claims` or `token` gives
/// `ZEGO_NULL_ARGUMENT`; a bad secret `ZEGO_SECRET_INVALID`; a malformed token one of the
/// `ZEGO_TOKEN_*` codes. Claims with an embedded NUL character give `ZEGO_TOKEN_CLAIMS_INVALID`.
///
/// # Safety
/// Each pointer is NULL or valid: strings NUL-terminated, `out_claims` writable.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_decode(
    token: *const c_char,
    secret: *const c_char,
    out_claims: *mut ZegoToken04Claims,
) -> i32 {
    decode(
        Raw::terminated(token, TOKEN_MAX),
        Raw::terminated(secret, SECRET_MAX),
        out_claims,
    )
}

/// `zego_token04_decode` with the token and the secret given by pointer and length (in bytes).
/// A NUL inside the token, bytes that are not UTF-8 or a token longer than any token04 give
/// `ZEGO_TOKEN_BASE64_INVALID`; a NULL token `ZEGO_NULL_ARGUMENT`. The secret is checked first:
/// a bad secret gives `ZEGO_SECRET_INVALID` whatever the token.
///
/// # Safety
/// Each string pointer is NULL or points to its length in readable bytes; `out_claims` is NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_decode_n(
    token: *const c_char,
    token_len: usize,
    secret: *const c_char,
    secret_len: usize,
    out_claims: *mut ZegoToken04Claims,
) -> i32 {
    decode(
        Raw::with_len(token, token_len, TOKEN_MAX),
        Raw::with_len(secret, secret_len, SECRET_MAX),
        out_claims,
    )
}

/// # Safety
/// `out_claims` is NULL or writable.
unsafe fn decode(token: Raw<'_>, secret: Raw<'_>, out_claims: *mut ZegoToken04Claims) -> i32 {
    guard(|| {
        set_out(out_claims, ZegoToken04Claims::EMPTY)?;
        let claims = decode_args(&token, &secret, decode_token04)?;
        write_claims(out_claims, claims)
    })
}

/// Accepts `token` only if it is a **GCM** token (a CBC token gives `ZEGO_TOKEN_MODE_NOT_ALLOWED`
/// before anything is decrypted), it decrypts and authenticates with `secret`, it was issued for
/// `expected_app_id` (else `ZEGO_TOKEN_APP_ID_MISMATCH`) and `expire > now_unix_seconds` (else
/// `ZEGO_TOKEN_EXPIRED`). `out_claims` may be NULL; if not, it is filled as by decode on success
/// and zeroed on error. To accept CBC tokens too, use `zego_token04_verify_flags`.
///
/// # Safety
/// As for `zego_token04_decode`.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_verify(
    token: *const c_char,
    secret: *const c_char,
    expected_app_id: u32,
    now_unix_seconds: i64,
    out_claims: *mut ZegoToken04Claims,
) -> i32 {
    zego_token04_verify_flags(
        token,
        secret,
        expected_app_id,
        now_unix_seconds,
        0,
        out_claims,
    )
}

/// `zego_token04_verify` with `flags`: 0 behaves exactly as `zego_token04_verify`;
/// `ZEGO_VERIFY_ALLOW_CBC` accepts CBC tokens as well. Any other bit gives `ZEGO_FLAGS_INVALID`.
///
/// CBC tokens are not authenticated: anyone who has one token can alter its bytes, and only the
/// JSON checks stand between an alteration and acceptance. Every failure of a CBC token after its
/// structure has parsed (length, padding, UTF-8, JSON, claims) gives `ZEGO_TOKEN_DECRYPT_FAILED`,
/// so that the code is no padding oracle. Allow CBC only for tokens from generators that cannot
/// make GCM tokens.
///
/// # Safety
/// As for `zego_token04_decode`.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_verify_flags(
    token: *const c_char,
    secret: *const c_char,
    expected_app_id: u32,
    now_unix_seconds: i64,
    flags: u32,
    out_claims: *mut ZegoToken04Claims,
) -> i32 {
    verify(
        Raw::terminated(token, TOKEN_MAX),
        Raw::terminated(secret, SECRET_MAX),
        expected_app_id,
        now_unix_seconds,
        flags,
        out_claims,
    )
}

/// `zego_token04_verify` with the token and the secret given by pointer and length, as
/// `zego_token04_decode_n` takes them.
///
/// # Safety
/// As for `zego_token04_decode_n`.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_verify_n(
    token: *const c_char,
    token_len: usize,
    secret: *const c_char,
    secret_len: usize,
    expected_app_id: u32,
    now_unix_seconds: i64,
    out_claims: *mut ZegoToken04Claims,
) -> i32 {
    zego_token04_verify_flags_n(
        token,
        token_len,
        secret,
        secret_len,
        expected_app_id,
        now_unix_seconds,
        0,
        out_claims,
    )
}

/// `zego_token04_verify_flags` with the token and the secret given by pointer and length, as
/// `zego_token04_decode_n` takes them.
///
/// # Safety
/// As for `zego_token04_decode_n`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn zego_token04_verify_flags_n(
    token: *const c_char,
    token_len: usize,
    secret: *const c_char,
    secret_len: usize,
    expected_app_id: u32,
    now_unix_seconds: i64,
    flags: u32,
    out_claims: *mut ZegoToken04Claims,
) -> i32 {
    verify(
        Raw::with_len(token, token_len, TOKEN_MAX),
        Raw::with_len(secret, secret_len, SECRET_MAX),
        expected_app_id,
        now_unix_seconds,
        flags,
        out_claims,
    )
}

/// # Safety
/// `out_claims` is NULL or writable.
unsafe fn verify(
    token: Raw<'_>,
    secret: Raw<'_>,
    expected_app_id: u32,
    now_unix_seconds: i64,
    flags: u32,
    out_claims: *mut ZegoToken04Claims,
) -> i32 {
    guard(|| {
        if !out_claims.is_null() {
            out_claims.write(ZegoToken04Claims::EMPTY);
        }
        if flags & !ZEGO_VERIFY_ALLOW_CBC != 0 {
            return Err(Error::FlagsInvalid);
        }
        let options = VerifyOptions {
            allow_cbc: flags & ZEGO_VERIFY_ALLOW_CBC != 0,
        };
        let claims = decode_args(&token, &secret, |t, s| {
            verify_token04_with(t, s, expected_app_id, now_unix_seconds, options)
        })?;
        if out_claims.is_null() {
            return Ok(());
        }
        write_claims(out_claims, claims)
    })
}

/// The secret first (a bad one gives code 5 whatever the token), then the token.
fn decode_args(
    token: &Raw<'_>,
    secret: &Raw<'_>,
    f: impl FnOnce(&str, &str) -> Result<Claims, Error>,
) -> Result<Claims, Error> {
    let secret = convert::secret_checked(secret)?;
    let token = convert::token(token)?;
    f(token, secret)
}

/// # Safety
/// `out` is valid and writable.
unsafe fn write_claims(out: *mut ZegoToken04Claims, claims: Claims) -> Result<(), Error> {
    // A CBC token's failures all share one code (see `decode_token04`), this one included.
    let invalid = match claims.mode {
        Mode::Cbc => Error::TokenDecryptFailed,
        Mode::Gcm => Error::TokenClaimsInvalid,
    };
    let user_id = c_string(claims.user_id.as_bytes()).ok_or(invalid)?;
    let Some(payload) = c_string(claims.payload.as_bytes()) else {
        zego_string_free(user_id);
        return Err(invalid);
    };
    out.write(ZegoToken04Claims {
        app_id: claims.app_id,
        user_id,
        nonce: claims.nonce,
        ctime: claims.ctime,
        expire: claims.expire,
        payload,
        mode: claims.mode.as_i32(),
    });
    Ok(())
}

/// Frees the strings inside `*claims` and sets them to NULL. NULL `claims` is a no-op, and so is
/// freeing the same claims twice.
///
/// # Safety
/// `claims` is NULL or points to claims filled by this library (or zeroed).
#[no_mangle]
pub unsafe extern "C" fn zego_token04_claims_free(claims: *mut ZegoToken04Claims) {
    if let Some(c) = claims.as_mut() {
        zego_string_free(std::mem::replace(&mut c.user_id, ptr::null_mut()));
        zego_string_free(std::mem::replace(&mut c.payload, ptr::null_mut()));
    }
}

/// Builds the payload of a strict token, exactly as the official samples do:
/// `{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}`.
///
/// `room_id` NULL or "" means any room. `can_login_room` and `can_publish_stream` are 0 or 1
/// (else `ZEGO_PRIVILEGE_INVALID`). `stream_ids` NULL gives `null` (any stream; then
/// `stream_id_count` must be 0, else `ZEGO_NULL_ARGUMENT`), otherwise an array of the
/// `stream_id_count` strings, each non-NULL UTF-8 (else `ZEGO_STREAM_ID_INVALID`); a count whose
/// array would exceed `PTRDIFF_MAX` bytes gives `ZEGO_BUFFER_INVALID`. A room id that is not UTF-8
/// gives `ZEGO_ROOM_ID_INVALID`.
///
/// On success stores a new string in `*out_payload` (free it with `zego_string_free`); on error sets
/// it to NULL. A NULL `out_payload` gives `ZEGO_NULL_ARGUMENT`.
///
/// # Safety
/// Each pointer is NULL or valid; `stream_ids`, when not NULL, points to `stream_id_count`
/// pointers.
#[no_mangle]
pub unsafe extern "C" fn zego_build_rtc_room_payload(
    room_id: *const c_char,
    can_login_room: i32,
    can_publish_stream: i32,
    stream_ids: *const *const c_char,
    stream_id_count: usize,
    out_payload: *mut *mut c_char,
) -> i32 {
    room_payload(
        Raw::terminated(room_id, ID_MAX),
        can_login_room,
        can_publish_stream,
        stream_ids,
        ptr::null(),
        stream_id_count,
        out_payload,
    )
}

/// `zego_build_rtc_room_payload` with strings given by pointer and length: `room_id_len` bytes at
/// `room_id` (NULL with length 0: any room; a NUL inside, bytes that are not UTF-8 or NULL with a
/// non-zero length: `ZEGO_ROOM_ID_INVALID`), and stream id `i` as `stream_id_lens[i]` bytes at
/// `stream_ids[i]` (a NUL inside, bytes that are not UTF-8 or NULL: `ZEGO_STREAM_ID_INVALID`).
/// `stream_id_lens` must not be NULL when `stream_ids` is not (else `ZEGO_NULL_ARGUMENT`).
/// Otherwise as `zego_build_rtc_room_payload`.
///
/// # Safety
/// `room_id` is NULL or points to `room_id_len` readable bytes; `stream_ids` and
/// `stream_id_lens`, when not NULL, point to `stream_id_count` entries, each stream id NULL or
/// pointing to its length in readable bytes; `out_payload` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn zego_build_rtc_room_payload_n(
    room_id: *const c_char,
    room_id_len: usize,
    can_login_room: i32,
    can_publish_stream: i32,
    stream_ids: *const *const c_char,
    stream_id_lens: *const usize,
    stream_id_count: usize,
    out_payload: *mut *mut c_char,
) -> i32 {
    if !stream_ids.is_null() && stream_id_lens.is_null() {
        if !out_payload.is_null() {
            out_payload.write(ptr::null_mut());
        }
        return ZEGO_NULL_ARGUMENT;
    }
    room_payload(
        Raw::with_len(room_id, room_id_len, ID_MAX),
        can_login_room,
        can_publish_stream,
        stream_ids,
        stream_id_lens,
        stream_id_count,
        out_payload,
    )
}

/// Both forms of the room payload builder: `lens` NULL means NUL-terminated stream ids.
///
/// # Safety
/// As for `zego_build_rtc_room_payload_n`.
unsafe fn room_payload(
    room_id: Raw<'_>,
    can_login_room: i32,
    can_publish_stream: i32,
    stream_ids: *const *const c_char,
    lens: *const usize,
    stream_id_count: usize,
    out_payload: *mut *mut c_char,
) -> i32 {
    guard_unscrubbed(|| {
        set_out(out_payload, ptr::null_mut())?;
        let room_id = convert::room_id(&room_id)?;
        let flag = |v: i32| match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Error::PrivilegeInvalid),
        };
        let (login, publish) = (flag(can_login_room)?, flag(can_publish_stream)?);
        let ids = if stream_ids.is_null() {
            if stream_id_count != 0 {
                return Err(Error::NullArgument);
            }
            None
        } else {
            // A slice may not span more than isize::MAX bytes: check before forming it.
            if stream_id_count > isize::MAX as usize / std::mem::size_of::<*const c_char>() {
                return Err(Error::BufferInvalid);
            }
            let raw = std::slice::from_raw_parts(stream_ids, stream_id_count);
            let ids = raw
                .iter()
                .enumerate()
                .map(|(i, &p)| {
                    let id = if lens.is_null() {
                        Raw::terminated(p, ID_MAX)
                    } else {
                        Raw::with_len(p, *lens.add(i), ID_MAX)
                    };
                    convert::stream_id(&id)
                })
                .collect::<Result<Vec<&str>, Error>>()?;
            Some(ids)
        };
        let payload = build_rtc_room_payload(room_id, login, publish, ids.as_deref());
        c_string_out(out_payload, payload.as_bytes())
    })
}

/// Creates a reusable generator for one app id, secret and mode (`ZEGO_TOKEN_MODE_CBC` or
/// `ZEGO_TOKEN_MODE_GCM`), expanding the AES key once. The secret is not kept.
///
/// Errors: NULL `out_generator` gives `ZEGO_NULL_ARGUMENT`; then `ZEGO_APP_ID_INVALID`,
/// `ZEGO_SECRET_INVALID`, `ZEGO_MODE_INVALID`, in that order. On error `*out_generator` is NULL.
/// The generator is immutable and may be shared by any number of threads; free it once with
/// `zego_token04_generator_free`, which zeroizes the expanded key.
///
/// # Safety
/// `secret` is NULL or NUL-terminated; `out_generator` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_generator_new(
    app_id: u32,
    secret: *const c_char,
    mode: i32,
    out_generator: *mut *mut ZegoToken04Generator,
) -> i32 {
    generator_new(
        app_id,
        Raw::terminated(secret, SECRET_MAX),
        mode,
        out_generator,
    )
}

/// `zego_token04_generator_new` with the secret given by pointer and length (`secret_len`
/// bytes; a NUL inside, bytes that are not UTF-8 or a NULL pointer give `ZEGO_SECRET_INVALID`).
///
/// # Safety
/// `secret` is NULL or points to `secret_len` readable bytes; `out_generator` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_generator_new_n(
    app_id: u32,
    secret: *const c_char,
    secret_len: usize,
    mode: i32,
    out_generator: *mut *mut ZegoToken04Generator,
) -> i32 {
    generator_new(
        app_id,
        Raw::with_len(secret, secret_len, SECRET_MAX),
        mode,
        out_generator,
    )
}

/// # Safety
/// `out_generator` is NULL or writable.
unsafe fn generator_new(
    app_id: u32,
    secret: Raw<'_>,
    mode: i32,
    out_generator: *mut *mut ZegoToken04Generator,
) -> i32 {
    guard(|| {
        set_out(out_generator, ptr::null_mut())?;
        let secret = convert::secret(&secret);
        let inner = Generator::new_with(app_id, secret, Mode::from_i32(mode))?;
        out_generator.write(Box::into_raw(Box::new(ZegoToken04Generator { inner })));
        Ok(())
    })
}

/// Generates a token with `generator`. Arguments, ownership and codes as for
/// `zego_generate_token04` (a NULL `generator` gives `ZEGO_NULL_ARGUMENT`).
///
/// # Safety
/// `generator` is NULL or a live generator; the other pointers as for `zego_generate_token04`.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_generator_generate(
    generator: *const ZegoToken04Generator,
    user_id: *const c_char,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    out_token: *mut *mut c_char,
) -> i32 {
    generator_generate(
        generator,
        Raw::terminated(user_id, USER_ID_MAX),
        effective_time_in_seconds,
        Raw::terminated(payload, PAYLOAD_MAX),
        out_token,
    )
}

/// `zego_token04_generator_generate` with strings given by pointer and length, as
/// `zego_generate_token04_n` takes them.
///
/// # Safety
/// `generator` is NULL or a live generator; the other pointers as for `zego_generate_token04_n`.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_generator_generate_n(
    generator: *const ZegoToken04Generator,
    user_id: *const c_char,
    user_id_len: usize,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    payload_len: usize,
    out_token: *mut *mut c_char,
) -> i32 {
    generator_generate(
        generator,
        Raw::with_len(user_id, user_id_len, USER_ID_MAX),
        effective_time_in_seconds,
        Raw::with_len(payload, payload_len, PAYLOAD_MAX),
        out_token,
    )
}

/// # Safety
/// `generator` is NULL or a live generator; `out_token` is NULL or writable.
unsafe fn generator_generate(
    generator: *const ZegoToken04Generator,
    user_id: Raw<'_>,
    effective_time_in_seconds: i64,
    payload: Raw<'_>,
    out_token: *mut *mut c_char,
) -> i32 {
    guard_generate(generator, || {
        set_out(out_token, ptr::null_mut())?;
        let generator = &generator.as_ref().ok_or(Error::NullArgument)?.inner;
        let request = token_request(&user_id, effective_time_in_seconds, &payload);
        let token = generator.with_token(&request, token_string)?;
        out_token.write(token);
        Ok(())
    })
}

/// Generates a token with `generator` into the caller's buffer, without allocating.
///
/// On success writes the NUL-terminated token to `buf` and its length (without the NUL) to
/// `*out_len`. If `buf_len` is too small (including `buf` NULL with `buf_len` 0, to ask for the
/// size), returns `ZEGO_BUFFER_TOO_SMALL` and stores in `*out_len` a buffer size, NUL included,
/// that always suffices for these arguments. `buf_len` above `PTRDIFF_MAX`, or a `buf` that
/// overlaps `user_id` or `payload`, gives `ZEGO_BUFFER_INVALID` (checked before `buf` is touched).
/// On other errors `*out_len` is 0. Whenever `buf` is not NULL, `buf_len` > 0 and the code is not
/// `ZEGO_BUFFER_INVALID`, `buf` holds a NUL-terminated string afterwards ("" on error). `out_len`
/// may be NULL. Other codes as for `zego_token04_generator_generate`.
///
/// # Safety
/// `buf` is NULL or writable for `buf_len` bytes; other pointers as for
/// `zego_token04_generator_generate`.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_generator_generate_into(
    generator: *const ZegoToken04Generator,
    user_id: *const c_char,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> i32 {
    generate_into(
        generator,
        Raw::terminated(user_id, USER_ID_MAX),
        effective_time_in_seconds,
        Raw::terminated(payload, PAYLOAD_MAX),
        buf,
        buf_len,
        out_len,
    )
}

/// `zego_token04_generator_generate_into` with strings given by pointer and length, as
/// `zego_generate_token04_n` takes them. A `buf` that overlaps the bytes of `user_id` or `payload`
/// gives `ZEGO_BUFFER_INVALID`, whatever they hold, before `buf` is touched.
///
/// # Safety
/// `buf` is NULL or writable for `buf_len` bytes; other pointers as for
/// `zego_token04_generator_generate_n`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn zego_token04_generator_generate_into_n(
    generator: *const ZegoToken04Generator,
    user_id: *const c_char,
    user_id_len: usize,
    effective_time_in_seconds: i64,
    payload: *const c_char,
    payload_len: usize,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> i32 {
    generate_into(
        generator,
        Raw::with_len(user_id, user_id_len, USER_ID_MAX),
        effective_time_in_seconds,
        Raw::with_len(payload, payload_len, PAYLOAD_MAX),
        buf,
        buf_len,
        out_len,
    )
}

/// # Safety
/// As for `zego_token04_generator_generate_into`.
unsafe fn generate_into(
    generator: *const ZegoToken04Generator,
    user_id: Raw<'_>,
    effective_time_in_seconds: i64,
    payload: Raw<'_>,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> i32 {
    let out = Into {
        buf,
        buf_len,
        out_len,
    };
    out.fill(
        generate_depth(generator),
        [&user_id, &payload],
        || Ok(&generator.as_ref().ok_or(Error::NullArgument)?.inner),
        || token_request(&user_id, effective_time_in_seconds, &payload),
        |generator, request, buf| generator.request_into(request, buf),
    )
}

/// The caller's buffer of an `_into` call, and where its length goes.
struct Into {
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
}

impl Into {
    /// The buffer contract of the `_into` calls (see `zego_token04_generator_generate_into`),
    /// around `seal`, which writes the token of the request that `request` converts into the
    /// buffer it is given (the caller's minus the NUL's byte) and returns its length. The order:
    /// `buf_len` too large, then `first` (the checks of arguments that come before the
    /// buffer's), then a buffer that overlaps one of `strings` (all before `buf` is touched),
    /// then `seal`. All of it runs in the one panic boundary, the stack then wiped as deep as
    /// `depth`.
    ///
    /// # Safety
    /// `buf` is NULL or writable for `buf_len` bytes; `out_len` is NULL or writable.
    unsafe fn fill<'r, T, const N: usize>(
        self,
        depth: crate::scrub::Depth,
        strings: [&Raw<'_>; N],
        first: impl FnOnce() -> Result<T, Error>,
        request: impl FnOnce() -> TokenRequest<'r>,
        seal: impl FnOnce(T, &TokenRequest<'_>, &mut [u8]) -> Result<usize, Error>,
    ) -> i32 {
        let Into {
            buf,
            buf_len,
            out_len,
        } = self;
        if !out_len.is_null() {
            out_len.write(0);
        }
        let mut len = 0;
        let code = guard_to(depth, || {
            // Every check on (buf, buf_len) comes before a slice is formed from them, and the
            // overlap check looks at the caller's bytes, valid or not, before anything is written.
            if buf_len > isize::MAX as usize {
                return Err(Error::BufferInvalid);
            }
            let context = first()?;
            let buf: &mut [u8] = if buf.is_null() || buf_len == 0 {
                &mut []
            } else {
                let out = buf as usize..(buf as usize).saturating_add(buf_len);
                if strings.iter().any(|s| s.overlaps(&out)) {
                    return Err(Error::BufferInvalid);
                }
                std::slice::from_raw_parts_mut(buf.cast::<u8>(), buf_len)
            };
            let request = request();
            // Keep the last byte for the NUL.
            let room = buf.len().saturating_sub(1);
            match seal(context, &request, &mut buf[..room]) {
                Ok(n) => {
                    buf[n] = 0;
                    len = n;
                    Ok(())
                }
                Err(Error::BufferTooSmall) => {
                    len = max_token_len(request.user_id.len(), request.payload.map_or(0, str::len));
                    Err(Error::BufferTooSmall)
                }
                Err(e) => Err(e),
            }
        });
        // Any other error leaves "" in the buffer (a rejected buffer is not touched at all).
        if code != ZEGO_SUCCESS
            && code != Error::BufferInvalid.code()
            && !buf.is_null()
            && buf_len > 0
        {
            buf.write(0);
        }
        if !out_len.is_null() && (code == ZEGO_SUCCESS || code == Error::BufferTooSmall.code()) {
            out_len.write(len);
        }
        code
    }
}

/// A buffer size, NUL included, that always holds a token for a user id of `user_id_len` bytes and
/// a payload of `payload_len` bytes, in either mode.
#[no_mangle]
pub extern "C" fn zego_token04_max_len(user_id_len: usize, payload_len: usize) -> usize {
    max_token_len(user_id_len, payload_len)
}

/// Frees a generator and zeroizes its expanded key. NULL is a no-op.
///
/// # Safety
/// `generator` is NULL or a generator from `zego_token04_generator_new` not freed yet, and no
/// other thread is using it.
#[no_mangle]
pub unsafe extern "C" fn zego_token04_generator_free(generator: *mut ZegoToken04Generator) {
    if !generator.is_null() {
        // Through the one panic boundary (a drop that panicked would leak the generator).
        guard_unscrubbed(|| {
            drop(Box::from_raw(generator));
            Ok(())
        });
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use super::*;

    #[test]
    fn guard_turns_a_panic_into_internal_error() {
        assert_eq!(guard(|| panic!("boom")), ZEGO_INTERNAL_ERROR);
        assert_eq!(guard_unscrubbed(|| panic!("boom")), ZEGO_INTERNAL_ERROR);
        assert_eq!(
            unsafe { guard_generate(ptr::null(), || panic!("boom")) },
            ZEGO_INTERNAL_ERROR
        );
        assert_eq!(guard(|| Err(Error::SecretInvalid)), ZEGO_SECRET_INVALID);
        assert_eq!(guard(|| Ok(())), ZEGO_SUCCESS);
    }

    #[test]
    fn messages_are_static_and_match_the_core() {
        for e in Error::ALL {
            let m = unsafe { CStr::from_ptr(zego_error_message(e.code())) };
            assert_eq!(m.to_str().unwrap(), e.message());
            // The same pointer every time: static storage.
            assert_eq!(zego_error_message(e.code()), zego_error_message(e.code()));
        }
        let v = unsafe { CStr::from_ptr(zego_token_version()) };
        assert_eq!(v.to_str().unwrap(), crate::VERSION);
    }
}
