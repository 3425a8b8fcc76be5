//! The addon's own FFI glue: string conversions on the hot path, on raw N-API calls.
//!
//! napi-rs converts a `String` argument with two UTF-8 conversions (one to learn the length, one
//! to copy) into a new heap allocation, and returns a `String` through a UTF-8 decode; on the
//! per-token path that was most of the cost of a call. Here an argument is read with one O(1)
//! length query (its UTF-16 length) and one copy into a buffer on the stack, and a token (ASCII by
//! construction: "04" and base64) is returned as a Latin-1 string, which V8 copies as it is.
//! The conversion itself is V8's, as before: a lone surrogate would become U+FFFD, but the
//! JavaScript half never passes one (it passes "\0" in its place).

use std::ptr;

use napi::bindgen_prelude::{FromNapiValue, ToNapiValue, TypeName, ValidateNapiValue, ValueType};
use napi::{sys, Error, Result, Status};

/// Bytes held on the stack; longer strings (large payloads) go to the heap.
const INLINE: usize = 384;

/// A JavaScript string argument, as UTF-8.
pub struct Utf8Arg {
    inline: [u8; INLINE],
    len: usize,
    heap: Vec<u8>,
}

impl Utf8Arg {
    /// The string. V8 writes valid UTF-8; should it ever not, the result is "\0", which every
    /// caller rejects with its argument's code.
    pub fn as_str(&self) -> &str {
        let bytes = if self.heap.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.heap[..self.len]
        };
        std::str::from_utf8(bytes).unwrap_or("\0")
    }
}

fn expected_string() -> Error {
    Error::new(Status::StringExpected, "expected a string")
}

impl FromNapiValue for Utf8Arg {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut units = 0usize;
        // SAFETY: `env` and `value` come from napi-rs for this call; a NULL buffer asks only for
        // the length (in UTF-16 code units), written to `units`.
        let status =
            unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut units) };
        if status != sys::Status::napi_ok {
            return Err(expected_string());
        }
        // One UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4), plus the
        // NUL that N-API always writes: the copy below is never cut short.
        let cap = units
            .checked_mul(3)
            .and_then(|n| n.checked_add(1))
            .ok_or_else(expected_string)?;
        let mut arg = Utf8Arg {
            inline: [0; INLINE],
            len: 0,
            heap: Vec::new(),
        };
        let buf: *mut u8 = if cap <= INLINE {
            arg.inline.as_mut_ptr()
        } else {
            arg.heap = vec![0; cap];
            arg.heap.as_mut_ptr()
        };
        let mut written = 0usize;
        // SAFETY: `buf` points to `cap` writable bytes (the inline array or the heap vector,
        // both owned by `arg` and not moved until after this call returns); N-API writes at most
        // `cap` bytes there, a NUL included, and the count without the NUL to `written`.
        let status =
            unsafe { sys::napi_get_value_string_utf8(env, value, buf.cast(), cap, &mut written) };
        if status != sys::Status::napi_ok || written >= cap {
            return Err(expected_string());
        }
        arg.len = written;
        Ok(arg)
    }
}

impl TypeName for Utf8Arg {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl ValidateNapiValue for Utf8Arg {}

/// A token: ASCII, returned to JavaScript as a Latin-1 string.
pub struct Token(pub String);

impl ToNapiValue for Token {
    unsafe fn to_napi_value(env: sys::napi_env, token: Self) -> Result<sys::napi_value> {
        debug_assert!(token.0.is_ascii());
        if !token.0.is_ascii() {
            // Never: a token is "04" and base64. Kept correct all the same.
            // SAFETY: forwarded unchanged from napi-rs's caller (same contract).
            return unsafe { String::to_napi_value(env, token.0) };
        }
        let len = isize::try_from(token.0.len())
            .map_err(|_| Error::new(Status::GenericFailure, "token too long"))?;
        let mut out = ptr::null_mut();
        // SAFETY: `env` is napi-rs's for this call; the pointer and length describe the token's
        // bytes, alive for the call; V8 copies them into a new string written to `out`.
        let status =
            unsafe { sys::napi_create_string_latin1(env, token.0.as_ptr().cast(), len, &mut out) };
        if status != sys::Status::napi_ok {
            return Err(Error::new(
                Status::GenericFailure,
                "could not create a string",
            ));
        }
        Ok(out)
    }
}

impl TypeName for Token {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

/// A generator as a JavaScript external: a plain N-API value the JavaScript half keeps in a
/// private field and passes back to the per-token function (a class method cost a few hundred
/// nanoseconds more per call: the class instance unwrapped through napi-rs's checks). The box is
/// freed (and the core's `Generator` zeroizes its expanded key) by `close` or, at the latest, by
/// the finalizer when the external is garbage-collected.
pub struct GeneratorCell {
    inner: std::cell::RefCell<Option<zego_token::Generator>>,
}

/// Tags our externals, so that an external from anywhere else is refused, not misread.
const TAG: sys::napi_type_tag = sys::napi_type_tag {
    lower: 0x7a65_676f_746f_6b65,
    upper: 0x6e2d_6765_6e65_7261,
};

/// A new generator external.
pub struct NewGenerator(pub zego_token::Generator);

unsafe extern "C" fn finalize(
    _env: sys::napi_env,
    data: *mut std::ffi::c_void,
    _hint: *mut std::ffi::c_void,
) {
    // SAFETY: `data` is the pointer of `Box::into_raw` below, handed to N-API with this one
    // finalizer, which N-API calls once, after which nothing can reach the external.
    drop(unsafe { Box::from_raw(data.cast::<GeneratorCell>()) });
}

impl ToNapiValue for NewGenerator {
    unsafe fn to_napi_value(env: sys::napi_env, g: Self) -> Result<sys::napi_value> {
        let data = Box::into_raw(Box::new(GeneratorCell {
            inner: std::cell::RefCell::new(Some(g.0)),
        }));
        let mut out = ptr::null_mut();
        // SAFETY: `env` is napi-rs's for this call; on success N-API owns `data` and frees it
        // through `finalize`.
        let status = unsafe {
            sys::napi_create_external(env, data.cast(), Some(finalize), ptr::null_mut(), &mut out)
        };
        if status != sys::Status::napi_ok {
            // SAFETY: N-API did not take `data`: it is still ours alone.
            drop(unsafe { Box::from_raw(data) });
            return Err(Error::new(
                Status::GenericFailure,
                "could not create a generator",
            ));
        }
        // SAFETY: `out` is the external just created, in this env.
        let status = unsafe { sys::napi_type_tag_object(env, out, &TAG) };
        if status != sys::Status::napi_ok {
            return Err(Error::new(
                Status::GenericFailure,
                "could not tag a generator",
            ));
        }
        Ok(out)
    }
}

impl TypeName for NewGenerator {
    fn type_name() -> &'static str {
        "ExternalObject<Generator>"
    }

    fn value_type() -> ValueType {
        ValueType::External
    }
}

/// A generator external passed back in: valid for the call (the argument keeps it alive).
pub struct GeneratorArg(*const GeneratorCell);

impl GeneratorArg {
    /// Runs `f` on the generator, or returns `None` once it is closed.
    pub fn with<R>(&self, f: impl FnOnce(&zego_token::Generator) -> R) -> Option<R> {
        // SAFETY: the pointer was checked to be one of our tagged externals, whose box lives
        // until its finalizer runs, which cannot happen while the external is an argument of the
        // running call. Externals never leave their thread (they cannot be cloned to a worker),
        // and nothing here calls back into JavaScript, so the RefCell is never borrowed twice.
        let cell = unsafe { &*self.0 };
        cell.inner.borrow().as_ref().map(f)
    }

    /// Drops the generator now (zeroizing its key). Idempotent.
    pub fn close(&self) {
        // SAFETY: as in `with`.
        let cell = unsafe { &*self.0 };
        cell.inner.borrow_mut().take();
    }
}

impl FromNapiValue for GeneratorArg {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let bad = || Error::new(Status::InvalidArg, "expected a zego-token generator");
        let mut ours = false;
        // SAFETY: `env` and `value` come from napi-rs for this call.
        let status = unsafe { sys::napi_check_object_type_tag(env, value, &TAG, &mut ours) };
        if status != sys::Status::napi_ok || !ours {
            return Err(bad());
        }
        let mut data = ptr::null_mut();
        // SAFETY: as above; `value` is an external (only externals carry our tag).
        let status = unsafe { sys::napi_get_value_external(env, value, &mut data) };
        if status != sys::Status::napi_ok || data.is_null() {
            return Err(bad());
        }
        Ok(GeneratorArg(data.cast::<GeneratorCell>().cast_const()))
    }
}

impl TypeName for GeneratorArg {
    fn type_name() -> &'static str {
        "ExternalObject<Generator>"
    }

    fn value_type() -> ValueType {
        ValueType::External
    }
}

impl ValidateNapiValue for GeneratorArg {}
