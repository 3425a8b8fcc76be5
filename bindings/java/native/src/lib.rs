//! JNI glue between the safe zego-token core and the Java API in `io.github.zegotoken`.
//!
//! Every function here is a `native` method of the package-private class
//! `io.github.zegotoken.Native`. Each one converts its arguments, calls the core and converts the
//! result back; nothing else. The rules:
//!
//! - no panic ever unwinds into the JVM: every body runs under `catch_unwind`, and a caught panic
//!   becomes a `ZegoTokenException` with the core's internal-error code (104); the panic hook is
//!   silenced when the library is loaded, so that nothing is ever printed;
//! - an error becomes a `ZegoTokenException(code, message)` with the core's code and message,
//!   which never contain an input value (and so never the secret);
//! - the copies of the secret made here are wiped when dropped;
//! - `unsafe` appears only for raw JNI calls that the `jni` crate wraps too slowly or too loosely
//!   (string reads that must reject lone surrogates instead of replacing them, and ASCII token
//!   strings), and for the generator handle, each with its `SAFETY:` comment.

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

use jni::objects::{JByteArray, JClass, JObject, JObjectArray, JString, JThrowable, JValue};
use jni::sys::{jboolean, jint, jlong, jobject, jobjectArray, jsize, jstring, JNI_VERSION_1_8};
use jni::JNIEnv;
use zego_token::{
    build_rtc_room_payload, check_token04_inputs, decode_token04, generate_token04_fixed,
    generate_token04_with_mode, inspect, max_token_len, verify_token04_with, Claims, Error,
    FixedInputs, Generator, Hint, Mode, VerifyOptions, MAX_TOKEN_LEN, MAX_USER_ID_BYTES,
    SECRET_BYTES,
};
use zeroize::Zeroizing;

const EXCEPTION: &str = "io/github/zegotoken/ZegoTokenException";
const CLAIMS: &str = "io/github/zegotoken/TokenClaims";

/// Called by the JVM when `System.load` loads this library: silences the panic hook (a panic is
/// caught and reported as an exception, never printed) and asks for JNI 1.8.
#[no_mangle]
pub extern "system" fn JNI_OnLoad(_vm: *mut jni::sys::JavaVM, _reserved: *mut c_void) -> jint {
    std::panic::set_hook(Box::new(|_| {}));
    JNI_VERSION_1_8
}

/// Throws `ZegoTokenException(code, message)`. If even that fails (out of memory), the JVM's own
/// pending exception is left to propagate.
fn throw(env: &mut JNIEnv<'_>, error: Error) {
    if env.exception_check().unwrap_or(true) {
        return;
    }
    let result = (|| -> jni::errors::Result<()> {
        let message = env.new_string(error.message())?;
        let obj = env.new_object(
            EXCEPTION,
            "(ILjava/lang/String;)V",
            &[JValue::Int(error.code()), JValue::Object(&message)],
        )?;
        env.throw(JThrowable::from(obj))
    })();
    let _ = result;
}

/// Runs `body`, turning an error into a Java exception and a panic into an internal error.
/// Returns `fallback` (null, 0) whenever an exception is thrown.
fn guard<'local, R: Copy>(
    env: &mut JNIEnv<'local>,
    fallback: R,
    body: impl FnOnce(&mut JNIEnv<'local>) -> Result<R, Error>,
) -> R {
    match catch_unwind(AssertUnwindSafe(|| body(env))) {
        Ok(Ok(value)) => value,
        Ok(Err(error)) => {
            throw(env, error);
            fallback
        }
        Err(_) => {
            throw(env, Error::Internal);
            fallback
        }
    }
}

/// A Java string argument read as UTF-8.
enum Text {
    Null,
    Valid(String),
    /// Longer than the caller's limit (in UTF-16 units), not read.
    TooLong,
    /// Not valid Unicode (it holds a lone surrogate), or it holds a NUL character: the C ABI's
    /// input rules (src/ffi/convert.rs), which every layer follows, reject a NUL in any string.
    Invalid,
}

impl Text {
    fn valid(&self) -> Option<&str> {
        match self {
            Text::Valid(s) => Some(s),
            _ => None,
        }
    }
}

/// The raw JNI function table entry `name`, or `Error::Internal` if the JVM lacks it.
macro_rules! jni_fn {
    ($env:expr, $name:ident) => {{
        let raw = $env.get_raw();
        // SAFETY: `raw` is the JNIEnv pointer the JVM passed to this native call, valid for the
        // call's duration on this thread; its function table is valid as long as the JVM lives.
        match unsafe { (**raw).$name } {
            Some(f) => (raw, f),
            None => return Err(Error::Internal),
        }
    }};
}

/// Reads `s`. JNI's modified UTF-8 equals UTF-8 for text without NUL and outside the
/// supplementary planes; anything else is read again as UTF-16 and converted strictly, so that a
/// lone surrogate is reported instead of silently replaced (which `JNIEnv::get_string` does), and
/// so is a NUL.
fn read(env: &JNIEnv<'_>, s: &JString<'_>, max_units: usize) -> Result<Text, Error> {
    if s.is_null() {
        return Ok(Text::Null);
    }
    let (raw, length) = jni_fn!(env, GetStringLength);
    // SAFETY: `s` is a non-null local reference to a java.lang.String (the native method's
    // declared parameter type), alive for this call.
    let units = unsafe { length(raw, s.as_raw()) };
    let units_usize = usize::try_from(units).map_err(|_| Error::Internal)?;
    if units_usize > max_units {
        return Ok(Text::TooLong);
    }
    let (raw, utf_length) = jni_fn!(env, GetStringUTFLength);
    // SAFETY: as above.
    let bytes =
        usize::try_from(unsafe { utf_length(raw, s.as_raw()) }).map_err(|_| Error::Internal)?;
    // One more byte: HotSpot NUL-terminates what GetStringUTFRegion writes.
    let mut buf = vec![0u8; bytes + 1];
    let (raw, utf_region) = jni_fn!(env, GetStringUTFRegion);
    // SAFETY: `buf` holds `bytes + 1` bytes, the modified UTF-8 length of all `units` UTF-16 units
    // of `s` plus a terminator; the region [0, units) is within the string.
    unsafe { utf_region(raw, s.as_raw(), 0, units, buf.as_mut_ptr().cast()) };
    buf.truncate(bytes);
    match String::from_utf8(buf) {
        Ok(text) => Ok(Text::Valid(text)),
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            let mut wide = Zeroizing::new(vec![0u16; units_usize]);
            let (raw, region) = jni_fn!(env, GetStringRegion);
            // SAFETY: `wide` holds `units` UTF-16 units, the whole string.
            unsafe { region(raw, s.as_raw(), 0, units, wide.as_mut_ptr()) };
            if wide.contains(&0) {
                return Ok(Text::Invalid);
            }
            Ok(match String::from_utf16(&wide) {
                Ok(text) => Text::Valid(text),
                Err(_) => Text::Invalid,
            })
        }
    }
}

/// A NUL-terminated ASCII token as a Java string (ASCII is modified UTF-8 as it is, so no
/// conversion and no second copy, unlike `JNIEnv::new_string`).
fn ascii_string(env: &JNIEnv<'_>, nul_terminated: &[u8]) -> Result<jstring, Error> {
    if nul_terminated.last() != Some(&0) || !nul_terminated.is_ascii() {
        return Err(Error::Internal);
    }
    let (raw, new_string_utf) = jni_fn!(env, NewStringUTF);
    // SAFETY: `nul_terminated` is ASCII ending in its only NUL (tokens never contain one),
    // hence valid modified UTF-8; the JVM copies it. A null result means an OutOfMemoryError is
    // pending, which the null return passes on.
    Ok(unsafe { new_string_utf(raw, nul_terminated.as_ptr().cast()) })
}

fn token_string(env: &JNIEnv<'_>, token: String) -> Result<jstring, Error> {
    let mut bytes = token.into_bytes();
    bytes.push(0);
    ascii_string(env, &bytes)
}

/// An app id from Java's `long`: ZEGO app ids are unsigned 32-bit numbers, so anything outside
/// that range is invalid (code 1), like 0.
fn app_id(value: jlong) -> Result<u32, Error> {
    u32::try_from(value).map_err(|_| Error::AppIdInvalid)
}

/// The per-token inputs of the generate calls, read in a form whose failures keep the official
/// check order: an unreadable user id or secret becomes an empty one (code 3 or 5 in its turn),
/// an unreadable payload is reported (101) only after every other check passed.
struct Inputs {
    user_id: Text,
    secret: Zeroizing<String>,
    payload: Text,
}

fn read_inputs(
    env: &JNIEnv<'_>,
    user_id: &JString<'_>,
    secret: Option<&JString<'_>>,
    payload: &JString<'_>,
) -> Result<Inputs, Error> {
    let user_id = read(env, user_id, MAX_USER_ID_BYTES)?;
    let secret = match secret {
        Some(s) => match read(env, s, SECRET_BYTES)? {
            Text::Valid(s) => Zeroizing::new(s),
            _ => Zeroizing::new(String::new()),
        },
        None => Zeroizing::new(String::new()),
    };
    let payload = read(env, payload, usize::MAX)?;
    Ok(Inputs {
        user_id,
        secret,
        payload,
    })
}

impl Inputs {
    fn user_id(&self) -> &str {
        self.user_id.valid().unwrap_or("")
    }

    /// The payload (null is empty), or the error the official checks give before the payload's
    /// own (101).
    fn payload(&self, app_id: u32, effective_time_in_seconds: i64) -> Result<&str, Error> {
        match &self.payload {
            Text::Null => Ok(""),
            Text::Valid(s) => Ok(s),
            Text::TooLong | Text::Invalid => Err(check_token04_inputs(
                app_id,
                self.user_id(),
                &self.secret,
                effective_time_in_seconds,
                "",
            )
            .err()
            .unwrap_or(Error::PayloadInvalid)),
        }
    }
}

fn mode(value: jint) -> Result<Mode, Error> {
    Mode::from_i32(value)
}

/// `Native.version()`: the core's version.
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_version<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
) -> jstring {
    guard(&mut env, std::ptr::null_mut(), |env| {
        env.new_string(zego_token::VERSION)
            .map(JString::into_raw)
            .map_err(|_| Error::Internal)
    })
}

/// `Native.errorTable()`: the core's error table as `{code, C constant name, message}` triples,
/// flattened, so that a Java test can hold the Java constants to it.
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_errorTable<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
) -> jobjectArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let fail = |_| Error::Internal;
        let len = jsize::try_from(Error::ALL.len() * 3).map_err(|_| Error::Internal)?;
        let array = env
            .new_object_array(len, "java/lang/String", JObject::null())
            .map_err(fail)?;
        for (i, e) in Error::ALL.iter().enumerate() {
            let row = [
                e.code().to_string(),
                e.c_name().to_string(),
                e.message().to_string(),
            ];
            for (j, cell) in row.iter().enumerate() {
                let s = env.new_string(cell).map_err(fail)?;
                let index = jsize::try_from(i * 3 + j).map_err(|_| Error::Internal)?;
                env.set_object_array_element(&array, index, &s)
                    .map_err(fail)?;
                env.delete_local_ref(s).map_err(fail)?;
            }
        }
        Ok(array.into_raw())
    })
}

/// `Native.generate(mode, appId, userId, secret, effectiveTimeInSeconds, payload)`: a one-shot
/// token, the checks in the official order.
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_generate<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    mode_value: jint,
    app_id_value: jlong,
    user_id: JString<'local>,
    secret: JString<'local>,
    effective_time_in_seconds: jlong,
    payload: JString<'local>,
) -> jstring {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let app = app_id(app_id_value)?;
        let inputs = read_inputs(env, &user_id, Some(&secret), &payload)?;
        let payload = inputs.payload(app, effective_time_in_seconds)?;
        let token = generate_token04_with_mode(
            mode(mode_value)?,
            app,
            inputs.user_id(),
            &inputs.secret,
            effective_time_in_seconds,
            payload,
        )?;
        token_string(env, token)
    })
}

/// `Native.generateFixed(...)`: a token with ctime, nonce and IV fixed, for the byte-exact
/// vector tests only. The Java side keeps it in a package-private class with no public caller.
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_generateFixed<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    mode_value: jint,
    app_id_value: jlong,
    user_id: JString<'local>,
    secret: JString<'local>,
    effective_time_in_seconds: jlong,
    payload: JString<'local>,
    ctime: jlong,
    nonce: jlong,
    iv: JByteArray<'local>,
) -> jstring {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let app = app_id(app_id_value)?;
        let inputs = read_inputs(env, &user_id, Some(&secret), &payload)?;
        let payload = inputs.payload(app, effective_time_in_seconds)?;
        if iv.is_null() {
            return Err(Error::IvInvalid);
        }
        let iv = env.convert_byte_array(&iv).map_err(|_| Error::Internal)?;
        let token = generate_token04_fixed(
            mode(mode_value)?,
            app,
            inputs.user_id(),
            &inputs.secret,
            effective_time_in_seconds,
            payload,
            &FixedInputs {
                ctime,
                nonce,
                iv: &iv,
            },
        )?;
        token_string(env, token)
    })
}

/// `Native.generatorNew(appId, secret, mode)`: a boxed generator, as an opaque handle that the
/// Java `Generator` owns and frees exactly once, after its last call (reference counted there).
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_generatorNew<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    app_id_value: jlong,
    secret: JString<'local>,
    mode_value: jint,
) -> jlong {
    guard(&mut env, 0, |env| {
        let app = app_id(app_id_value)?;
        let secret = match read(env, &secret, SECRET_BYTES)? {
            Text::Valid(s) => Zeroizing::new(s),
            _ => Zeroizing::new(String::new()),
        };
        // The official order for a generator: app id, secret, then the mode.
        let mode = match mode(mode_value) {
            Ok(m) => m,
            Err(e) => {
                Generator::new(app, &secret, Mode::Gcm)?;
                return Err(e);
            }
        };
        let generator = Box::new(Generator::new(app, &secret, mode)?);
        Ok(Box::into_raw(generator) as jlong)
    })
}

/// The generator behind a handle.
///
/// # Safety
/// `handle` came from `generatorNew` and has not been passed to `generatorFree`; the Java
/// `Generator` guarantees both with its reference count (a call holds a reference, and the
/// handle is freed only when the count falls to zero).
unsafe fn generator<'a>(handle: jlong) -> Result<&'a Generator, Error> {
    let ptr = handle as *const Generator;
    // SAFETY: per this function's contract, a non-null `ptr` points to a live, boxed Generator,
    // which is only read (it is Sync).
    unsafe { ptr.as_ref() }.ok_or(Error::NullArgument)
}

thread_local! {
    /// Per-thread output buffer for generator tokens (grown to the largest token seen).
    static OUT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `Native.generatorGenerate(handle, userId, effectiveTimeInSeconds, payload)`.
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_generatorGenerate<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    user_id: JString<'local>,
    effective_time_in_seconds: jlong,
    payload: JString<'local>,
) -> jstring {
    guard(&mut env, std::ptr::null_mut(), |env| {
        // SAFETY: the Java Generator holds a reference for the duration of this call (see
        // `generator`).
        let generator = unsafe { generator(handle) }?;
        let inputs = read_inputs(env, &user_id, None, &payload)?;
        let payload = match &inputs.payload {
            Text::Null => "",
            Text::Valid(s) => s,
            Text::TooLong | Text::Invalid => {
                generator.check(inputs.user_id(), effective_time_in_seconds, "")?;
                return Err(Error::PayloadInvalid);
            }
        };
        let user = inputs.user_id();
        OUT.with(|out| {
            let mut out = out.try_borrow_mut().map_err(|_| Error::Internal)?;
            let needed = max_token_len(user.len(), payload.len());
            if out.len() < needed {
                out.resize(needed, 0);
            }
            let len = generator.generate_into(
                user,
                effective_time_in_seconds,
                payload,
                &mut out[..needed - 1],
            )?;
            out[len] = 0;
            ascii_string(env, &out[..=len])
        })
    })
}

/// `Native.generatorFree(handle)`: drops the generator, which zeroizes its expanded key.
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_generatorFree<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
) {
    guard(&mut env, (), |_| {
        if handle != 0 {
            // SAFETY: `handle` came from `generatorNew` (Box::into_raw); the Java Generator
            // calls this exactly once, when no call holds a reference any more.
            drop(unsafe { Box::from_raw(handle as *mut Generator) });
        }
        Ok(())
    })
}

fn claims_object(env: &mut JNIEnv<'_>, claims: Claims) -> Result<jobject, Error> {
    let fail = |_| Error::Internal;
    let user_id = env.new_string(&claims.user_id).map_err(fail)?;
    let payload = env.new_string(&claims.payload).map_err(fail)?;
    let obj = env
        .new_object(
            CLAIMS,
            "(JLjava/lang/String;JJJLjava/lang/String;I)V",
            &[
                JValue::Long(jlong::from(claims.app_id)),
                JValue::Object(&user_id),
                JValue::Long(claims.nonce),
                JValue::Long(claims.ctime),
                JValue::Long(claims.expire),
                JValue::Object(&payload),
                JValue::Int(claims.mode.as_i32()),
            ],
        )
        .map_err(fail)?;
    Ok(obj.into_raw())
}

/// A token argument: null, unreadable or longer than any token04 is reported as the core
/// reports such text.
fn read_token(env: &JNIEnv<'_>, token: &JString<'_>) -> Result<String, Error> {
    match read(env, token, MAX_TOKEN_LEN)? {
        Text::Valid(s) => Ok(s),
        Text::Null => Err(Error::NullArgument),
        Text::TooLong | Text::Invalid => Err(Error::TokenBase64Invalid),
    }
}

fn read_secret(env: &JNIEnv<'_>, secret: &JString<'_>) -> Result<Zeroizing<String>, Error> {
    // Checked here, before the token is read: a bad secret gives 5 whatever the token.
    match read(env, secret, SECRET_BYTES)? {
        Text::Valid(s) if s.len() == SECRET_BYTES => Ok(Zeroizing::new(s)),
        Text::Valid(s) => {
            drop(Zeroizing::new(s));
            Err(Error::SecretInvalid)
        }
        _ => Err(Error::SecretInvalid),
    }
}

/// `Native.decode(token, secret)`: the claims, without checking expiry or app id.
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_decode<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    token: JString<'local>,
    secret: JString<'local>,
) -> jobject {
    guard(&mut env, std::ptr::null_mut(), |env| {
        // The secret first (5 whatever the token), as in the C ABI.
        let secret = read_secret(env, &secret)?;
        let token = read_token(env, &token)?;
        let claims = decode_token04(&token, &secret)?;
        claims_object(env, claims)
    })
}

/// `Native.verify(token, secret, expectedAppId, nowUnixSeconds, allowCbc)`.
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_verify<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    token: JString<'local>,
    secret: JString<'local>,
    expected_app_id: jlong,
    now_unix_seconds: jlong,
    allow_cbc: jboolean,
) -> jobject {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let secret = read_secret(env, &secret)?;
        let token = read_token(env, &token)?;
        let options = VerifyOptions {
            allow_cbc: allow_cbc != 0,
        };
        let claims = match u32::try_from(expected_app_id) {
            Ok(app) => verify_token04_with(&token, &secret, app, now_unix_seconds, options)?,
            // No token carries an app id outside u32: every other check still runs first,
            // then the app id cannot match.
            Err(_) => {
                let claims = verify_token04_with(&token, &secret, 1, now_unix_seconds, options);
                return Err(match claims {
                    Ok(_) => Error::TokenAppIdMismatch,
                    Err(e) => e,
                });
            }
        };
        claims_object(env, claims)
    })
}

/// `Native.tokenHint(token)`: the core's hint for the token (`inspect(token).hint`, its fixed
/// message) or null, as `zego_token04_hint_n` gives it for the token's UTF-8: null for null, the
/// "too long" hint for a token longer than any token04 (not read), the "not text" hint for one
/// that holds a NUL or a lone surrogate (bytes that are not UTF-8 text there).
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_tokenHint<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    token: JString<'local>,
) -> jstring {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let hint = match read(env, &token, MAX_TOKEN_LEN)? {
            Text::Null => None,
            Text::TooLong => Some(Hint::TooLong),
            Text::Invalid => Some(Hint::NotText),
            Text::Valid(s) => inspect(s.as_bytes()).hint,
        };
        match hint {
            None => Ok(std::ptr::null_mut()),
            Some(h) => env
                .new_string(h.message())
                .map(JString::into_raw)
                .map_err(|_| Error::Internal),
        }
    })
}

/// `Native.buildRtcRoomPayload(roomId, canLoginRoom, canPublishStream, streamIds)`.
#[no_mangle]
pub extern "system" fn Java_io_github_zegotoken_Native_buildRtcRoomPayload<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    room_id: JString<'local>,
    can_login_room: jboolean,
    can_publish_stream: jboolean,
    stream_ids: JObjectArray<'local>,
) -> jstring {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let fail = |_| Error::Internal;
        let room = match read(env, &room_id, usize::MAX)? {
            Text::Null => String::new(),
            Text::Valid(s) => s,
            Text::TooLong | Text::Invalid => return Err(Error::RoomIdInvalid),
        };
        let ids = if stream_ids.is_null() {
            None
        } else {
            let n = env.get_array_length(&stream_ids).map_err(fail)?;
            let mut ids = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
            for i in 0..n {
                let element =
                    JString::from(env.get_object_array_element(&stream_ids, i).map_err(fail)?);
                let id = read(env, &element, usize::MAX)?;
                env.delete_local_ref(element).map_err(fail)?;
                match id {
                    Text::Valid(s) => ids.push(s),
                    _ => return Err(Error::StreamIdInvalid),
                }
            }
            Some(ids)
        };
        let payload = build_rtc_room_payload(
            &room,
            can_login_room != 0,
            can_publish_stream != 0,
            ids.as_deref(),
        );
        env.new_string(payload).map(JString::into_raw).map_err(fail)
    })
}
