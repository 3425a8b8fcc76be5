//! The addon's own FFI glue: the per-token calls as plain N-API functions.
//!
//! napi-rs's generated wrappers cost a few hundred nanoseconds a call on top of N-API itself
//! (argument objects, `Either` probing, a `String` per argument, a `String` decoded back into a
//! JavaScript string), which was most of a token's cost. The two per-token functions are
//! therefore registered here by hand (`register`), each a single N-API callback:
//!
//! - arguments read with one N-API call each: a string into a buffer on the stack with one
//!   `napi_get_value_string_utf8` (a long one, e.g. a large payload, with a length query and a
//!   heap copy), a lifetime with `napi_get_value_int64` (a BigInt only when that says it is not
//!   a Number);
//! - the token written by the core into a buffer on the stack and returned with one
//!   `napi_create_string_latin1` (it is ASCII: "04" and base64), V8 copying it as it is;
//! - a generator bound to its own JavaScript function (the function's data pointer), so a call
//!   finds it without a lookup, a tag check or an argument: `generatorNew` returns that function,
//!   and calling it with no arguments closes it.
//!
//! The conversion of a string is V8's, as before: a lone surrogate would become U+FFFD, but the
//! JavaScript half never passes one (it passes "\0" in its place). Everything else (decode,
//! verify, the payload builder, the test-only calls) stays on napi-rs: not per token.

use std::cell::RefCell;
use std::ffi::c_void;
use std::mem::MaybeUninit;
use std::ptr;

use napi::{sys, Error, Result, Status};

/// Bytes of a string argument held on the stack; longer strings go to the heap.
const INLINE: usize = 384;
/// A UTF-8 character is at most 4 bytes: a copy that left at least this much room is whole.
const MAX_CHAR: usize = 4;

/// A JavaScript string argument, as UTF-8.
struct Utf8Arg {
    inline: MaybeUninit<[u8; INLINE]>,
    len: usize,
    heap: Vec<u8>,
}

impl Utf8Arg {
    /// The string. V8 writes valid UTF-8; should it ever not, the result is "\0", which every
    /// caller rejects with its argument's code.
    fn as_str(&self) -> &str {
        let bytes = if self.heap.is_empty() {
            // SAFETY: `read` set `len` to the number of bytes N-API wrote at the start of
            // the inline buffer (at most INLINE - 1), so these bytes are initialized.
            unsafe { std::slice::from_raw_parts(self.inline.as_ptr().cast::<u8>(), self.len) }
        } else {
            &self.heap[..self.len]
        };
        std::str::from_utf8(bytes).unwrap_or("\0")
    }
}

impl Utf8Arg {
    /// An empty argument, to be read into where it stands (`read`): moving one, with its inline
    /// buffer, would cost a copy of the buffer.
    fn new() -> Utf8Arg {
        Utf8Arg {
            inline: MaybeUninit::uninit(),
            len: 0,
            heap: Vec::new(),
        }
    }

    /// Reads a string argument into `self`; false if it is not a string.
    ///
    /// # Safety
    /// `env` and `value` are N-API's for the running callback.
    unsafe fn read(&mut self, env: sys::napi_env, value: sys::napi_value) -> bool {
        let mut written = 0usize;
        // SAFETY: the inline buffer has INLINE writable bytes, owned by `self`, which stays where
        // it is for the call; N-API writes at most INLINE bytes there (whole characters, then a
        // NUL) and the count without the NUL to `written`.
        let status = unsafe {
            sys::napi_get_value_string_utf8(
                env,
                value,
                self.inline.as_mut_ptr().cast(),
                INLINE,
                &mut written,
            )
        };
        if status != sys::Status::napi_ok {
            return false;
        }
        if written + 1 + MAX_CHAR <= INLINE {
            // Room for one more character was left: the string was copied whole.
            self.len = written;
            return true;
        }
        // Possibly cut short: its UTF-8 length, then a copy to the heap.
        let mut len = 0usize;
        // SAFETY: as above; a NULL buffer asks only for the UTF-8 length, written to `len`.
        let status =
            unsafe { sys::napi_get_value_string_utf8(env, value, ptr::null_mut(), 0, &mut len) };
        if status != sys::Status::napi_ok {
            return false;
        }
        let Some(cap) = len.checked_add(1) else {
            return false;
        };
        self.heap = vec![0; cap];
        // SAFETY: the heap buffer has `cap` writable bytes, owned by `self` for the call.
        let status = unsafe {
            sys::napi_get_value_string_utf8(
                env,
                value,
                self.heap.as_mut_ptr().cast(),
                cap,
                &mut written,
            )
        };
        if status != sys::Status::napi_ok || written != len {
            self.heap = Vec::new();
            return false;
        }
        self.len = written;
        true
    }
}

/// Reads a lifetime: a Number (the JavaScript half passes only integers below 2^63 in
/// magnitude) or a BigInt (checked there to be in the int64 range); a BigInt that still does
/// not fit is 0, which the core rejects with code 6 in the official order. `None` if neither.
///
/// # Safety
/// `env` and `value` are N-API's for the running callback.
unsafe fn read_lifetime(env: sys::napi_env, value: sys::napi_value) -> Option<i64> {
    let mut n = 0i64;
    // SAFETY: N-API's handles for this callback; the result is written to `n`.
    let status = unsafe { sys::napi_get_value_int64(env, value, &mut n) };
    if status == sys::Status::napi_ok {
        return Some(n);
    }
    let mut lossless = false;
    // SAFETY: as above.
    let status = unsafe { sys::napi_get_value_bigint_int64(env, value, &mut n, &mut lossless) };
    (status == sys::Status::napi_ok).then_some(if lossless { n } else { 0 })
}

/// Reads a u32 argument (a mode or an app id: the JavaScript half passes integers only).
///
/// # Safety
/// `env` and `value` are N-API's for the running callback.
unsafe fn read_u32(env: sys::napi_env, value: sys::napi_value) -> Option<u32> {
    let mut n = 0u32;
    // SAFETY: N-API's handles for this callback; the result is written to `n`.
    let status = unsafe { sys::napi_get_value_uint32(env, value, &mut n) };
    (status == sys::Status::napi_ok).then_some(n)
}

/// The arguments of the running callback (up to N), their count, and its data pointer.
///
/// # Safety
/// `env` and `info` are N-API's for the running callback.
unsafe fn args<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> Option<([sys::napi_value; N], usize, *mut c_void)> {
    let mut argv = [ptr::null_mut(); N];
    let mut argc = N;
    let mut data = ptr::null_mut();
    // SAFETY: `argv` has room for `argc` values; N-API writes at most that many, the real count
    // to `argc`, and the function's data pointer to `data`.
    let status = unsafe {
        sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            &mut data,
        )
    };
    (status == sys::Status::napi_ok).then_some((argv, argc, data))
}

/// Throws a TypeError (a wrong call of an internal function: the JavaScript half never makes
/// one) and returns NULL, N-API's "nothing, an exception is pending".
///
/// # Safety
/// `env` is N-API's for the running callback.
unsafe fn type_error(env: sys::napi_env, message: &std::ffi::CStr) -> sys::napi_value {
    // SAFETY: `message` is NUL-terminated and lives for the call.
    unsafe { sys::napi_throw_type_error(env, ptr::null(), message.as_ptr()) };
    ptr::null_mut()
}

/// A token as a JavaScript string, an error code as a number (the JavaScript half turns it into
/// a ZegoTokenError), or NULL with an exception pending if V8 could not create either.
///
/// # Safety
/// `env` is N-API's for the running callback.
unsafe fn token_or_code(env: sys::napi_env, r: std::result::Result<&[u8], i32>) -> sys::napi_value {
    let mut out = ptr::null_mut();
    let status = match r {
        // A token is ASCII ("04" and base64), so Latin-1 is exact; a token of more than
        // isize::MAX bytes cannot exist.
        Ok(token) => match isize::try_from(token.len()) {
            // SAFETY: the pointer and length describe the token's bytes, alive for the call;
            // V8 copies them into a new string written to `out`.
            Ok(len) => unsafe {
                sys::napi_create_string_latin1(env, token.as_ptr().cast(), len, &mut out)
            },
            Err(_) => sys::Status::napi_generic_failure,
        },
        // SAFETY: N-API's env; the number is written to `out`.
        Err(code) => unsafe { sys::napi_create_int32(env, code, &mut out) },
    };
    if status != sys::Status::napi_ok {
        // SAFETY: as `type_error`.
        return unsafe { type_error(env, c"zego-token: could not create the result") };
    }
    out
}

/// `generate(mode, appId, userId, secret, effectiveTimeInSeconds, payload)`: a one-shot token
/// (mode 0 CBC, 1 GCM) or the error's code.
unsafe extern "C" fn js_generate(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY (this block): `env` and `info` are N-API's for this call, and each value read is
    // one of its arguments.
    unsafe {
        let bad = c"zego-token: generate(mode, appId, userId, secret, ttl, payload)";
        let Some((argv, 6.., _)) = args::<6>(env, info) else {
            return type_error(env, bad);
        };
        let (mut user_id, mut secret, mut payload) =
            (Utf8Arg::new(), Utf8Arg::new(), Utf8Arg::new());
        let (Some(mode), Some(app_id), true, true, Some(ttl), true) = (
            read_u32(env, argv[0]),
            read_u32(env, argv[1]),
            user_id.read(env, argv[2]),
            secret.read(env, argv[3]),
            read_lifetime(env, argv[4]),
            payload.read(env, argv[5]),
        ) else {
            return type_error(env, bad);
        };
        crate::one_shot(
            mode,
            app_id,
            user_id.as_str(),
            secret.as_str(),
            ttl,
            payload.as_str(),
            |r| token_or_code(env, r),
        )
    }
}

/// What a generator's function holds: the core's `Generator` (its AES key expanded once) until
/// it is closed. The box is freed (and the core's `Generator` zeroizes its expanded key) by a
/// close or, at the latest, by the finalizer when the function is garbage-collected.
struct GeneratorCell(RefCell<Option<zego_token::Generator>>);

unsafe extern "C" fn finalize_generator(
    _env: sys::napi_env,
    data: *mut c_void,
    _hint: *mut c_void,
) {
    // SAFETY: `data` is the pointer of `Box::into_raw` in `js_generator_new`, handed to N-API
    // with this one finalizer, which N-API calls once, when nothing can call the function again.
    drop(unsafe { Box::from_raw(data.cast::<GeneratorCell>()) });
}

/// A generator's function: `(userId, effectiveTimeInSeconds, payload)` gives a token, the
/// error's code, or `null` once closed; `()` closes it (drops the generator, zeroizing its key;
/// idempotent) and gives `undefined`.
unsafe extern "C" fn js_generator_call(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY (this block): as in `js_generate`; `data` is the GeneratorCell this function was
    // created with, alive until its finalizer runs, which cannot happen during a call of it.
    // A function never leaves its thread (it cannot be sent to a worker), and nothing here
    // calls back into JavaScript, so the RefCell is never borrowed twice.
    unsafe {
        let bad = c"zego-token: generator(userId, ttl, payload)";
        let Some((argv, argc, data)) = args::<3>(env, info) else {
            return type_error(env, bad);
        };
        if data.is_null() {
            return type_error(env, bad);
        }
        let cell = &*data.cast::<GeneratorCell>();
        let mut out = ptr::null_mut();
        if argc == 0 {
            cell.0.borrow_mut().take();
            sys::napi_get_undefined(env, &mut out);
            return out;
        }
        let (mut user_id, mut payload) = (Utf8Arg::new(), Utf8Arg::new());
        let (3.., true, Some(ttl), true) = (
            argc,
            user_id.read(env, argv[0]),
            read_lifetime(env, argv[1]),
            payload.read(env, argv[2]),
        ) else {
            return type_error(env, bad);
        };
        match cell.0.borrow().as_ref() {
            Some(g) => crate::generator_token(g, user_id.as_str(), ttl, payload.as_str(), |r| {
                token_or_code(env, r)
            }),
            None => {
                sys::napi_get_null(env, &mut out);
                out
            }
        }
    }
}

/// `generatorNew(appId, secret, mode)`: a generator's function (see `js_generator_call`), or the
/// error's code (1 app id, 5 secret, 106 mode, in that order).
unsafe extern "C" fn js_generator_new(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY (this block): as in `js_generate`.
    unsafe {
        let bad = c"zego-token: generatorNew(appId, secret, mode)";
        let Some((argv, 3.., _)) = args::<3>(env, info) else {
            return type_error(env, bad);
        };
        let mut secret = Utf8Arg::new();
        let (Some(app_id), true, Some(mode)) = (
            read_u32(env, argv[0]),
            secret.read(env, argv[1]),
            read_u32(env, argv[2]),
        ) else {
            return type_error(env, bad);
        };
        let generator = match crate::new_generator(app_id, secret.as_str(), mode) {
            Ok(g) => g,
            Err(code) => return token_or_code(env, Err(code)),
        };
        let data = Box::into_raw(Box::new(GeneratorCell(RefCell::new(Some(generator)))));
        let mut f = ptr::null_mut();
        let name = c"generate";
        let status = sys::napi_create_function(
            env,
            name.as_ptr(),
            name.to_bytes().len() as isize,
            Some(js_generator_call),
            data.cast(),
            &mut f,
        );
        if status != sys::Status::napi_ok {
            drop(Box::from_raw(data));
            return type_error(env, c"zego-token: could not create a generator");
        }
        // From here N-API owns `data`, freed by the finalizer when `f` is collected.
        let status = sys::napi_add_finalizer(
            env,
            f,
            data.cast(),
            Some(finalize_generator),
            ptr::null_mut(),
            ptr::null_mut(),
        );
        if status != sys::Status::napi_ok {
            drop(Box::from_raw(data));
            return type_error(env, c"zego-token: could not create a generator");
        }
        f
    }
}

/// Adds `generate` and `generatorNew` to the exports.
pub fn register(env: &napi::Env, exports: &napi::bindgen_prelude::Object) -> Result<()> {
    use napi::JsValue;
    let exports = exports.raw();
    type Callback = unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;
    let functions: [(&std::ffi::CStr, Callback); 2] = [
        (c"generate", js_generate),
        (c"generatorNew", js_generator_new),
    ];
    for (name, cb) in functions {
        let mut f = ptr::null_mut();
        // SAFETY: `env` and `exports` are napi-rs's for the module's registration; the name is
        // NUL-terminated and static; N-API writes the new function to `f`.
        let status = unsafe {
            sys::napi_create_function(
                env.raw(),
                name.as_ptr(),
                name.to_bytes().len() as isize,
                Some(cb),
                ptr::null_mut(),
                &mut f,
            )
        };
        if status != sys::Status::napi_ok {
            return Err(Error::new(
                Status::GenericFailure,
                "could not create a function",
            ));
        }
        // SAFETY: as above; `f` is the function just created.
        let status = unsafe { sys::napi_set_named_property(env.raw(), exports, name.as_ptr(), f) };
        if status != sys::Status::napi_ok {
            return Err(Error::new(
                Status::GenericFailure,
                "could not export a function",
            ));
        }
    }
    Ok(())
}
