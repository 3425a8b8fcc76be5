//! The native half of the npm package `zego-token`: thin napi-rs functions over the safe Rust core.
//!
//! Every argument check that JavaScript can see (types, integer ranges, well-formed strings) is
//! done by the JavaScript half (`npm/zego-token/index.js`) before it calls in here, so these
//! functions take plain Rust values. A failure is returned as the error's numeric code (a JS
//! number) instead of a token or claims object, and the JavaScript half turns it into a
//! `ZegoTokenError`: no exception crosses this boundary on the error path, and nothing here ever
//! prints. The only `unsafe` code is `glue.rs`: the per-token calls (`generate`, `generatorNew` and
//! the generator's own function) as plain N-API functions, over `one_shot`, `generator_token` and
//! `new_generator` here.
#![deny(unsafe_code)]

#[allow(unsafe_code)]
mod glue;

use napi::bindgen_prelude::{BigInt, Buffer, Either, Object};
use napi::Env;
use napi_derive::napi;
use zego_token::{
    build_rtc_room_payload, check_token04_inputs, decode_token04, generate_token04_fixed,
    generate_token04_with_mode, inspect, max_token_len, verify_token04_with, Claims, Error,
    FixedInputs, Generator, Hint, Mode, VerifyOptions, MAX_TOKEN_LEN,
};

/// What a call returns: the value, or the code of the error.
type Coded<T> = Either<T, i32>;

fn coded<T>(r: Result<T, Error>) -> Coded<T> {
    match r {
        Ok(v) => Either::A(v),
        Err(e) => Either::B(e.code()),
    }
}

/// A string C could not carry whole (it holds a NUL, so C would see it cut short) is rejected by
/// the code of its argument, as the C ABI and the other bindings do: a user id or secret is
/// replaced by `""`, which the core rejects with that argument's code in the official order.
/// (The JavaScript half replaces a string with a lone surrogate, which has no UTF-8 form, by
/// `"\0"`, so it takes the same path.)
fn c_safe(s: &str) -> &str {
    if s.contains('\0') {
        ""
    } else {
        s
    }
}

fn mode(m: u32) -> Result<Mode, Error> {
    i32::try_from(m)
        .map_err(|_| Error::ModeInvalid)
        .and_then(Mode::from_i32)
}

/// A token with a NUL fails as the C ABI's length-delimited calls fail on it (the bindings
/// contract, CONTRIBUTING.md): as a token that is not base64 (121, from `"04!"`).
fn c_safe_token(t: &str) -> &str {
    if t.contains('\0') {
        "04!"
    } else {
        t
    }
}

/// A lifetime from JavaScript: a Number (the JavaScript half passes only integers below 2^63 in
/// magnitude) or a BigInt (checked there to be in the int64 range). Anything that still does not
/// fit is 0, which the core rejects with code 6 in the official order.
fn lifetime(v: Either<i64, BigInt>) -> i64 {
    match v {
        Either::A(n) => n,
        Either::B(b) => match b.get_i64() {
            (n, true) => n,
            _ => 0,
        },
    }
}

/// A one-shot token (mode 0 = CBC, 1 = GCM) handed to `emit` as bytes (ASCII), or the error's
/// code handed to it: `generate` of the JavaScript half (registered by `glue`).
///
/// The token is written into a buffer on the stack (the core's `Generator::generate_into`, the
/// key expanded for this call only), not into a new `String`. When the app id or the secret is
/// wrong the error comes from the core's own one-shot instead, which checks in the official order
/// (app id 1, user id 3, secret 5, lifetime 6); past those two, the generator's checks (user id,
/// lifetime, payload) are the rest of that order.
pub(crate) fn one_shot<R>(
    mode_number: u32,
    app_id: u32,
    user_id: &str,
    secret: &str,
    effective_time_in_seconds: i64,
    payload: &str,
    emit: impl FnOnce(Result<&[u8], i32>) -> R,
) -> R {
    let mode = match mode(mode_number) {
        Ok(m) => m,
        Err(e) => return emit(Err(e.code())),
    };
    let (user_id, secret) = (c_safe(user_id), c_safe(secret));
    if payload.contains('\0') {
        // Every other argument is checked first (official order), then the payload.
        let e = check_token04_inputs(app_id, user_id, secret, effective_time_in_seconds, "")
            .err()
            .unwrap_or(Error::PayloadInvalid);
        return emit(Err(e.code()));
    }
    match Generator::new(app_id, secret, mode) {
        Ok(g) => into_stack(
            user_id,
            payload,
            |buf| g.generate_into(user_id, effective_time_in_seconds, payload, buf),
            emit,
        ),
        Err(_) => match generate_token04_with_mode(
            mode,
            app_id,
            user_id,
            secret,
            effective_time_in_seconds,
            payload,
        ) {
            Ok(token) => emit(Ok(token.as_bytes())),
            Err(e) => emit(Err(e.code())),
        },
    }
}

/// Bytes on the stack for a token; tokens of longer user ids or payloads go to the heap.
const TOKEN_INLINE: usize = 512;

/// Runs `generate` (a core `generate_into`) on a buffer that always holds the token and hands
/// the token, or the error's code, to `emit`.
fn into_stack<R>(
    user_id: &str,
    payload: &str,
    generate: impl FnOnce(&mut [u8]) -> Result<usize, Error>,
    emit: impl FnOnce(Result<&[u8], i32>) -> R,
) -> R {
    let need = max_token_len(user_id.len(), payload.len());
    let mut inline = [0u8; TOKEN_INLINE];
    let mut heap = Vec::new();
    let buf: &mut [u8] = if need <= TOKEN_INLINE {
        &mut inline
    } else {
        heap.resize(need, 0);
        &mut heap
    };
    match generate(&mut *buf) {
        Ok(n) => emit(Ok(&buf[..n])),
        Err(e) => emit(Err(e.code())),
    }
}

/// A generator's token handed to `emit`, or the error's code: the generator's function of the
/// JavaScript half (registered by `glue`).
pub(crate) fn generator_token<R>(
    g: &Generator,
    user_id: &str,
    effective_time_in_seconds: i64,
    payload: &str,
    emit: impl FnOnce(Result<&[u8], i32>) -> R,
) -> R {
    let user_id = c_safe(user_id);
    if payload.contains('\0') {
        let e = g
            .check(user_id, effective_time_in_seconds, "")
            .err()
            .unwrap_or(Error::PayloadInvalid);
        return emit(Err(e.code()));
    }
    into_stack(
        user_id,
        payload,
        |buf| g.generate_into(user_id, effective_time_in_seconds, payload, buf),
        emit,
    )
}

/// A new generator (the core's `Generator`: its AES key expanded once), or the error's code (1
/// app id, 5 secret, 106 mode, in that order): `generatorNew` of the JavaScript half, which
/// `glue` binds to a function of its own. Dropping it (a close, or the function collected)
/// zeroizes the expanded key.
pub(crate) fn new_generator(app_id: u32, secret: &str, mode_number: u32) -> Result<Generator, i32> {
    let secret = c_safe(secret);
    // The core checks the app id and the secret before the mode: an unknown mode is reported
    // only when those two pass (the check builds a throwaway generator on that error path only).
    let r = match mode(mode_number) {
        Ok(m) => Generator::new(app_id, secret, m),
        Err(e) => Generator::new(app_id, secret, Mode::Gcm).and(Err(e)),
    };
    r.map_err(|e| e.code())
}

/// Registers the per-token functions (`generate`, `generatorNew`) as plain N-API functions
/// (`glue.rs`).
#[napi(module_exports)]
pub fn register_hot_paths(exports: Object, env: Env) -> napi::Result<()> {
    glue::register(&env, &exports)
}

/// **Test-only** (the package's `zego-token/testing` entry point): a token with the creation
/// time, the JSON nonce and the IV fixed, to reproduce the shared vectors byte for byte.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn generate_fixed(
    mode_number: u32,
    app_id: u32,
    user_id: String,
    secret: String,
    effective_time_in_seconds: Either<i64, BigInt>,
    payload: String,
    ctime: i64,
    nonce: BigInt,
    iv: Buffer,
) -> Coded<String> {
    let (nonce, lossless) = nonce.get_i64();
    let r = mode(mode_number).and_then(|mode| {
        if !lossless {
            return Err(Error::Internal);
        }
        generate_token04_fixed(
            mode,
            app_id,
            c_safe(&user_id),
            c_safe(&secret),
            lifetime(effective_time_in_seconds),
            &payload,
            &FixedInputs {
                ctime,
                nonce,
                iv: &iv,
            },
        )
    });
    coded(r)
}

/// A token's claims, as JavaScript sees them.
#[napi(object)]
pub struct JsClaims {
    pub app_id: u32,
    pub user_id: String,
    /// Any signed 64-bit value (official generators draw it from the whole range): a BigInt.
    pub nonce: BigInt,
    pub ctime: i64,
    pub expire: i64,
    pub payload: String,
    /// `"cbc"` or `"gcm"`.
    pub mode: String,
}

fn js_claims(c: Claims) -> JsClaims {
    JsClaims {
        app_id: c.app_id,
        user_id: c.user_id.clone(),
        nonce: BigInt::from(c.nonce),
        ctime: c.ctime,
        expire: c.expire,
        payload: c.payload.clone(),
        mode: c.mode.name().to_string(),
    }
}

/// The claims of a token of either mode, or the error's code.
#[napi]
pub fn decode(token: String, secret: String) -> Coded<JsClaims> {
    coded(decode_token04(c_safe_token(&token), c_safe(&secret)).map(js_claims))
}

/// The claims of an accepted token, or the error's code.
#[napi]
pub fn verify(
    token: String,
    secret: String,
    app_id: u32,
    now_unix_seconds: i64,
    allow_cbc: bool,
) -> Coded<JsClaims> {
    coded(
        verify_token04_with(
            c_safe_token(&token),
            c_safe(&secret),
            app_id,
            now_unix_seconds,
            VerifyOptions { allow_cbc },
        )
        .map(js_claims),
    )
}

/// The core's hint for a token (`inspect(token).hint`, its fixed message), or null: what
/// `zego_token04_hint_n` returns in the C ABI, which also gives a token longer than any token04
/// the "too long" hint without reading it (the JavaScript half passes a string with a lone
/// surrogate as "\0", which gets the "not text" hint, as such bytes do there).
#[napi]
pub fn token_hint(token: String) -> Option<String> {
    let hint = if token.len() > MAX_TOKEN_LEN {
        Some(Hint::TooLong)
    } else {
        inspect(token.as_bytes()).hint
    };
    hint.map(|h| h.message().to_string())
}

/// The payload of a strict token, or the error's code (110 room id, 111 stream id).
#[napi]
pub fn rtc_room_payload(
    room_id: String,
    can_login_room: bool,
    can_publish_stream: bool,
    stream_ids: Option<Vec<String>>,
) -> Coded<String> {
    if room_id.contains('\0') {
        return Either::B(Error::RoomIdInvalid.code());
    }
    if let Some(ids) = &stream_ids {
        if ids.iter().any(|s| s.contains('\0')) {
            return Either::B(Error::StreamIdInvalid.code());
        }
    }
    Either::A(build_rtc_room_payload(
        &room_id,
        can_login_room,
        can_publish_stream,
        stream_ids.as_deref(),
    ))
}

/// One row of the core's error table.
#[napi(object)]
pub struct ErrorRow {
    pub code: i32,
    /// The C header's constant name (`ZEGO_...`).
    pub name: String,
    pub message: String,
}

/// The core's error table (`Error::ALL`), in code order.
#[napi]
pub fn error_table() -> Vec<ErrorRow> {
    Error::ALL
        .iter()
        .map(|e| ErrorRow {
            code: e.code(),
            name: e.c_name().to_string(),
            message: e.message().to_string(),
        })
        .collect()
}

/// The core library's version.
#[napi]
pub fn version() -> String {
    zego_token::VERSION.to_string()
}

/// **Benchmark-only** (`zego-token/testing`): ns/token of `n` calls of the core itself in a native
/// loop, with no JavaScript in between: `which` 0 one-shot CBC, 1 one-shot GCM, 2 generator GCM,
/// 3 generator CBC, with the inputs of the C benchmark. The in-process reference that `bench.mjs`
/// interleaves with the JavaScript calls, so that the machine's drift affects both alike.
#[napi]
pub fn bench_core_loop(which: u32, n: u32, payload: String) -> f64 {
    const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
    const USER: &str = "user-000001";
    let generator = match which {
        2 => Generator::new(1, SECRET, Mode::Gcm).ok(),
        3 => Generator::new(1, SECRET, Mode::Cbc).ok(),
        _ => None,
    };
    let start = std::time::Instant::now();
    let mut sink = 0usize;
    for _ in 0..n {
        let token = match (&generator, which) {
            (Some(g), _) => g.generate(USER, 3600, &payload),
            (None, 1) => generate_token04_with_mode(Mode::Gcm, 1, USER, SECRET, 3600, &payload),
            (None, _) => generate_token04_with_mode(Mode::Cbc, 1, USER, SECRET, 3600, &payload),
        };
        sink += token.map(|t| t.len()).unwrap_or(0);
    }
    let elapsed = start.elapsed().as_nanos() as f64;
    std::hint::black_box(sink);
    elapsed / f64::from(n.max(1))
}
