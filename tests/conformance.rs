//! The conformance table (`tests/data/conformance.json`, format in CONTRIBUTING.md) through the C
//! ABI, in both of its forms: the length-delimited `_n` calls and the NUL-terminated ones. Every
//! entry whose `needs` a form can meet must give the listed code in every entry point; the other
//! layers (C++, CLI, bindings) run the same file.
#![allow(clippy::type_complexity)]

use std::collections::BTreeSet;
use std::ffi::{c_char, CStr, CString};
use std::ptr;

use serde_json::Value;
use zego_token::ffi::*;

fn table() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/conformance.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A string input of the table.
#[derive(Clone, Debug)]
enum Input {
    Null,
    NullLen(usize),
    Bytes(Vec<u8>),
}

fn input(v: &Value) -> Input {
    match v {
        Value::Null => Input::Null,
        Value::String(s) => Input::Bytes(s.as_bytes().to_vec()),
        Value::Object(o) => {
            if let Some(h) = o.get("hex") {
                let h = h.as_str().unwrap();
                Input::Bytes(
                    (0..h.len())
                        .step_by(2)
                        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                        .collect(),
                )
            } else if let Some(r) = o.get("repeat") {
                let prefix = o.get("prefix").and_then(Value::as_str).unwrap_or("");
                let count = o["count"].as_u64().unwrap() as usize;
                let mut b = prefix.as_bytes().to_vec();
                b.extend(r.as_str().unwrap().repeat(count).into_bytes());
                Input::Bytes(b)
            } else if let Some(n) = o.get("null_len") {
                Input::NullLen(n.as_u64().unwrap() as usize)
            } else {
                panic!("unknown string input {v}")
            }
        }
        _ => panic!("unknown string input {v}"),
    }
}

/// An integer input: a number, or decimal digits for those a double cannot hold.
fn integer(v: &Value) -> i128 {
    match v {
        Value::Number(n) => n.as_i64().map(i128::from).unwrap(),
        Value::String(s) => {
            let n: i128 = s.parse().unwrap();
            assert!(
                n.unsigned_abs() > (1u128 << 53) - 1,
                "{s} should be a number"
            );
            n
        }
        _ => panic!("not an integer: {v}"),
    }
}

/// The capabilities a string input needs, by the rule in CONTRIBUTING.md.
fn string_needs(i: &Input, needs: &mut BTreeSet<&'static str>) {
    match i {
        Input::Null => {
            needs.insert("null");
        }
        Input::NullLen(_) => {
            needs.insert("null_len");
        }
        Input::Bytes(b) => {
            if b.contains(&0) {
                needs.insert("nul");
            }
            if std::str::from_utf8(b).is_err() {
                needs.insert("non_utf8");
            }
        }
    }
}

fn token_needs(i: &Input, needs: &mut BTreeSet<&'static str>) {
    if let Input::Bytes(b) = i {
        // Python's bytes.strip(): ASCII whitespace.
        let ws = |c: &u8| b" \t\n\r\x0b\x0c".contains(c);
        if !b.iter().all(ws) && (ws(&b[0]) || ws(&b[b.len() - 1])) {
            needs.insert("whitespace");
        }
    }
}

fn listed_needs(e: &Value) -> BTreeSet<String> {
    e["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// The two forms of the C ABI's string arguments.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Form {
    /// `(ptr, len)`: the `_n` functions.
    Len,
    /// NUL-terminated.
    Terminated,
}

impl Form {
    fn can(self, need: &str) -> bool {
        match need {
            "null" | "non_utf8" | "whitespace" | "empty_secret" => true,
            "nul" | "null_len" => self == Form::Len,
            "wide_app_id" | "wide_lifetime" => false,
            other => panic!("unknown capability {other}"),
        }
    }
}

/// An argument held for one call: its pointer and length in each form.
struct Arg {
    ptr: *const c_char,
    len: usize,
    _keep: Option<Vec<u8>>,
}

fn arg(i: &Input) -> Arg {
    match i {
        Input::Null => Arg {
            ptr: ptr::null(),
            len: 0,
            _keep: None,
        },
        Input::NullLen(n) => Arg {
            ptr: ptr::null(),
            len: *n,
            _keep: None,
        },
        Input::Bytes(b) => {
            // NUL-terminated too, so that the same bytes serve both forms (a NUL inside cannot
            // reach the terminated form: such entries need "nul").
            let mut keep = b.clone();
            keep.push(0);
            Arg {
                ptr: keep.as_ptr().cast(),
                len: b.len(),
                _keep: Some(keep),
            }
        }
    }
}

fn take_string(p: *mut c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let s = unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string();
    unsafe { zego_string_free(p) };
    Some(s)
}

struct Claims {
    app_id: u32,
    user_id: String,
    nonce: i64,
    ctime: i64,
    expire: i64,
    payload: String,
    mode: i32,
}

/// Runs a decode-like call and checks the rule on its output: filled exactly on success.
fn with_claims(f: impl FnOnce(*mut ZegoToken04Claims) -> i32) -> (i32, Option<Claims>) {
    let mut c = std::mem::MaybeUninit::<ZegoToken04Claims>::uninit();
    let rc = f(c.as_mut_ptr());
    let mut c = unsafe { c.assume_init() };
    assert_eq!(
        rc == 0,
        !c.user_id.is_null(),
        "claims are filled exactly on success"
    );
    let out = (rc == 0).then(|| Claims {
        app_id: c.app_id,
        user_id: unsafe { CStr::from_ptr(c.user_id) }
            .to_str()
            .unwrap()
            .into(),
        nonce: c.nonce,
        ctime: c.ctime,
        expire: c.expire,
        payload: unsafe { CStr::from_ptr(c.payload) }
            .to_str()
            .unwrap()
            .into(),
        mode: c.mode,
    });
    unsafe { zego_token04_claims_free(&mut c) };
    (rc, out)
}

fn decode(form: Form, token: &Arg, secret: &Arg) -> (i32, Option<Claims>) {
    with_claims(|out| unsafe {
        match form {
            Form::Len => zego_token04_decode_n(token.ptr, token.len, secret.ptr, secret.len, out),
            Form::Terminated => zego_token04_decode(token.ptr, secret.ptr, out),
        }
    })
}

fn verify(
    form: Form,
    token: &Arg,
    secret: &Arg,
    app_id: u32,
    now: i64,
    flags: u32,
) -> (i32, Option<Claims>) {
    with_claims(|out| unsafe {
        match (form, flags) {
            (Form::Len, 0) => zego_token04_verify_n(
                token.ptr, token.len, secret.ptr, secret.len, app_id, now, out,
            ),
            (Form::Len, _) => zego_token04_verify_flags_n(
                token.ptr, token.len, secret.ptr, secret.len, app_id, now, flags, out,
            ),
            (Form::Terminated, 0) => zego_token04_verify(token.ptr, secret.ptr, app_id, now, out),
            (Form::Terminated, _) => {
                zego_token04_verify_flags(token.ptr, secret.ptr, app_id, now, flags, out)
            }
        }
    })
}

/// One-shot generation; the token on success.
fn generate(
    form: Form,
    mode: i32,
    app_id: u32,
    user_id: &Arg,
    secret: &Arg,
    ttl: i64,
    payload: &Arg,
) -> (i32, Option<String>) {
    let mut out: *mut c_char = ptr::null_mut();
    let rc = unsafe {
        match (form, mode) {
            (Form::Len, 0) => zego_generate_token04_n(
                app_id,
                user_id.ptr,
                user_id.len,
                secret.ptr,
                secret.len,
                ttl,
                payload.ptr,
                payload.len,
                &mut out,
            ),
            (Form::Len, _) => zego_generate_token04_gcm_n(
                app_id,
                user_id.ptr,
                user_id.len,
                secret.ptr,
                secret.len,
                ttl,
                payload.ptr,
                payload.len,
                &mut out,
            ),
            (Form::Terminated, 0) => {
                zego_generate_token04(app_id, user_id.ptr, secret.ptr, ttl, payload.ptr, &mut out)
            }
            (Form::Terminated, _) => zego_generate_token04_gcm(
                app_id,
                user_id.ptr,
                secret.ptr,
                ttl,
                payload.ptr,
                &mut out,
            ),
        }
    };
    assert_eq!(rc == 0, !out.is_null(), "a token exactly on success");
    if let Form::Len = form {
        // The same call into a buffer (zego_generate_token04[_gcm]_into_n) must agree.
        let mut buf = vec![0u8; 140_000];
        let mut len = usize::MAX;
        let into = if mode == 0 {
            zego_generate_token04_into_n
        } else {
            zego_generate_token04_gcm_into_n
        };
        let rc_into = unsafe {
            into(
                app_id,
                user_id.ptr,
                user_id.len,
                secret.ptr,
                secret.len,
                ttl,
                payload.ptr,
                payload.len,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut len,
            )
        };
        into_agrees(rc, rc_into, &buf, len);
    }
    (rc, take_string(out))
}

/// A generator in `mode`, then a token from it (through `generate` and `generate_into`, which
/// must agree): the first failure of the two steps.
fn generator(
    form: Form,
    mode: i32,
    app_id: u32,
    user_id: &Arg,
    secret: &Arg,
    ttl: i64,
    payload: &Arg,
) -> (i32, Option<String>) {
    let mut g: *mut ZegoToken04Generator = ptr::null_mut();
    let rc = unsafe {
        match form {
            Form::Len => zego_token04_generator_new_n(app_id, secret.ptr, secret.len, mode, &mut g),
            Form::Terminated => zego_token04_generator_new(app_id, secret.ptr, mode, &mut g),
        }
    };
    assert_eq!(rc == 0, !g.is_null());
    if rc != 0 {
        return (rc, None);
    }
    let mut out: *mut c_char = ptr::null_mut();
    let mut buf = vec![0u8; 140_000];
    let mut len = usize::MAX;
    let (rc, rc_into) = unsafe {
        match form {
            Form::Len => (
                zego_token04_generator_generate_n(
                    g,
                    user_id.ptr,
                    user_id.len,
                    ttl,
                    payload.ptr,
                    payload.len,
                    &mut out,
                ),
                zego_token04_generator_generate_into_n(
                    g,
                    user_id.ptr,
                    user_id.len,
                    ttl,
                    payload.ptr,
                    payload.len,
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    &mut len,
                ),
            ),
            Form::Terminated => (
                zego_token04_generator_generate(g, user_id.ptr, ttl, payload.ptr, &mut out),
                zego_token04_generator_generate_into(
                    g,
                    user_id.ptr,
                    ttl,
                    payload.ptr,
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    &mut len,
                ),
            ),
        }
    };
    unsafe { zego_token04_generator_free(g) };
    assert_eq!(rc == 0, !out.is_null());
    into_agrees(rc, rc_into, &buf, len);
    (rc, take_string(out))
}

/// An `_into` call gave the code of its allocating twin, and left a token of `len` bytes with
/// its NUL, or "" and no length.
fn into_agrees(rc: i32, rc_into: i32, buf: &[u8], len: usize) {
    assert_eq!(rc, rc_into, "generate and generate_into agree");
    if rc == 0 {
        assert_eq!(buf[len], 0);
        assert!(len > 2 && buf[..2] == *b"04");
    } else {
        assert_eq!(
            (len, buf[0]),
            (0, 0),
            "generate_into leaves \"\" and no length"
        );
    }
}

fn mode_name(mode: i32) -> &'static str {
    if mode == 0 {
        "cbc"
    } else {
        "gcm"
    }
}

/// A generated token decodes to the inputs.
fn check_token(token: &str, mode: i32, e: &Value, user_id: &Input, payload: &Input, ttl: i64) {
    let secret = arg(&input(&e["secret"]));
    let (rc, claims) = decode(Form::Len, &arg(&Input::Bytes(token.into())), &secret);
    assert_eq!(rc, 0, "{}: the generated token decodes", e["name"]);
    let c = claims.unwrap();
    assert_eq!(i128::from(c.app_id), integer(&e["app_id"]));
    let Input::Bytes(u) = user_id else {
        panic!("a token for no user id")
    };
    assert_eq!(c.user_id.as_bytes(), &u[..]);
    let p = match payload {
        Input::Bytes(p) => p.clone(),
        _ => Vec::new(),
    };
    assert_eq!(c.payload.as_bytes(), &p[..]);
    assert_eq!(c.expire - c.ctime, ttl);
    assert_eq!(c.mode, mode);
}

fn check_needs(e: &Value, derived: BTreeSet<&'static str>) {
    let derived: BTreeSet<String> = derived.into_iter().map(String::from).collect();
    assert_eq!(
        listed_needs(e),
        derived,
        "{}: `needs` is not what the inputs require",
        e["name"]
    );
}

fn runnable(form: Form, e: &Value) -> bool {
    listed_needs(e).iter().all(|n| form.can(n))
}

#[test]
fn generate_entries() {
    let table = table();
    let mut ran = [0, 0];
    for e in table["generate"].as_array().unwrap() {
        let (user_id, secret, payload) = (
            input(&e["user_id"]),
            input(&e["secret"]),
            input(&e["payload"]),
        );
        let (app_id, ttl) = (
            integer(&e["app_id"]),
            integer(&e["effective_time_in_seconds"]),
        );
        let mut needs = BTreeSet::new();
        for i in [&user_id, &secret, &payload] {
            string_needs(i, &mut needs);
        }
        if matches!(&secret, Input::Bytes(b) if b.is_empty()) {
            needs.insert("empty_secret");
        }
        if u32::try_from(app_id).is_err() {
            needs.insert("wide_app_id");
        }
        if i64::try_from(ttl).is_err() {
            needs.insert("wide_lifetime");
        }
        check_needs(e, needs);
        for (k, form) in [Form::Len, Form::Terminated].into_iter().enumerate() {
            if !runnable(form, e) {
                continue;
            }
            ran[k] += 1;
            let (app_id, ttl) = (app_id as u32, ttl as i64);
            let (u, s, p) = (arg(&user_id), arg(&secret), arg(&payload));
            let name = e["name"].as_str().unwrap();
            for mode in [0, 1] {
                let expect = &e["expect"][format!("generate_{}", mode_name(mode))];
                let (rc, token) = generate(form, mode, app_id, &u, &s, ttl, &p);
                assert_eq!(
                    Some(i64::from(rc)),
                    expect.as_i64(),
                    "{name} ({form:?}, {mode})"
                );
                if let Some(t) = token {
                    check_token(&t, mode, e, &user_id, &payload, ttl);
                }
                let (rc, token) = generator(form, mode, app_id, &u, &s, ttl, &p);
                assert_eq!(
                    Some(i64::from(rc)),
                    e["expect"]["generator"].as_i64(),
                    "{name} (generator, {form:?}, {mode})"
                );
                if let Some(t) = token {
                    check_token(&t, mode, e, &user_id, &payload, ttl);
                }
            }
        }
    }
    // The forms run what they can express, and that is most of the table.
    assert!(ran[0] > 40 && ran[1] > 25, "{ran:?}");
}

#[test]
fn decode_entries() {
    let table = table();
    let mut ran = [0, 0];
    for e in table["decode"].as_array().unwrap() {
        let name = e["name"].as_str().unwrap();
        let (token, secret) = (input(&e["token"]), input(&e["secret"]));
        let mut needs = BTreeSet::new();
        string_needs(&token, &mut needs);
        string_needs(&secret, &mut needs);
        token_needs(&token, &mut needs);
        if matches!(&secret, Input::Bytes(b) if b.is_empty()) {
            needs.insert("empty_secret");
        }
        check_needs(e, needs);
        let app_id = u32::try_from(integer(&e["app_id"])).unwrap();
        let now = i64::try_from(integer(&e["now"])).unwrap();
        for (k, form) in [Form::Len, Form::Terminated].into_iter().enumerate() {
            if !runnable(form, e) {
                continue;
            }
            ran[k] += 1;
            let (t, s) = (arg(&token), arg(&secret));
            let runs = [
                ("decode", decode(form, &t, &s)),
                ("verify", verify(form, &t, &s, app_id, now, 0)),
                (
                    "verify_allow_cbc",
                    verify(form, &t, &s, app_id, now, ZEGO_VERIFY_ALLOW_CBC),
                ),
            ];
            for (call, (rc, claims)) in runs {
                assert_eq!(
                    Some(i64::from(rc)),
                    e["expect"][call].as_i64(),
                    "{name}: {call} ({form:?})"
                );
                if let (Some(c), Some(want)) = (claims, e.get("claims")) {
                    assert_eq!(i64::from(c.app_id), want["app_id"].as_i64().unwrap());
                    assert_eq!(c.user_id, want["user_id"].as_str().unwrap(), "{name}");
                    assert_eq!(c.payload, want["payload"].as_str().unwrap(), "{name}");
                    assert_eq!(i128::from(c.nonce), integer(&want["nonce"]));
                    assert_eq!(i128::from(c.ctime), integer(&want["ctime"]));
                    assert_eq!(i128::from(c.expire), integer(&want["expire"]));
                    assert_eq!(mode_name(c.mode), want["mode"].as_str().unwrap());
                }
            }
        }
    }
    assert!(ran[0] > 60 && ran[1] > 50, "{ran:?}");
}

#[test]
fn room_payload_entries() {
    let table = table();
    for e in table["room_payload"].as_array().unwrap() {
        let name = e["name"].as_str().unwrap();
        let room = input(&e["room_id"]);
        let streams: Option<Vec<Input>> = e["stream_ids"]
            .as_array()
            .map(|a| a.iter().map(input).collect());
        let mut needs = BTreeSet::new();
        string_needs(&room, &mut needs);
        for s in streams.iter().flatten() {
            string_needs(s, &mut needs);
        }
        check_needs(e, needs);
        let flag = |k: &str| i32::from(e[k].as_bool().unwrap());
        for form in [Form::Len, Form::Terminated] {
            if !runnable(form, e) {
                continue;
            }
            let r = arg(&room);
            let ids: Option<Vec<Arg>> = streams.as_ref().map(|v| v.iter().map(arg).collect());
            let ptrs: Option<Vec<*const c_char>> =
                ids.as_ref().map(|v| v.iter().map(|a| a.ptr).collect());
            let lens: Option<Vec<usize>> = ids.as_ref().map(|v| v.iter().map(|a| a.len).collect());
            let (p, l, n) = match (&ptrs, &lens) {
                (Some(p), Some(l)) => (p.as_ptr(), l.as_ptr(), p.len()),
                _ => (ptr::null(), ptr::null(), 0),
            };
            let mut out: *mut c_char = ptr::null_mut();
            let rc = unsafe {
                match form {
                    Form::Len => zego_build_rtc_room_payload_n(
                        r.ptr,
                        r.len,
                        flag("can_login_room"),
                        flag("can_publish_stream"),
                        p,
                        l,
                        n,
                        &mut out,
                    ),
                    Form::Terminated => zego_build_rtc_room_payload(
                        r.ptr,
                        flag("can_login_room"),
                        flag("can_publish_stream"),
                        p,
                        n,
                        &mut out,
                    ),
                }
            };
            assert_eq!(
                Some(i64::from(rc)),
                e["expect"].as_i64(),
                "{name} ({form:?})"
            );
            assert_eq!(
                take_string(out).as_deref(),
                e.get("payload").and_then(Value::as_str),
                "{name} ({form:?})"
            );
        }
    }
}

/// `generate_into` with a user id inside the caller's buffer: caught before the buffer is
/// touched, whether the user id is valid or not (issue #17: an invalid one used to get a NUL
/// written into it).
#[test]
fn generate_into_overlap_is_caught_before_writing() {
    let secret = CString::new("fa94dd0f974cf2e293728a526b028271").unwrap();
    let mut g: *mut ZegoToken04Generator = ptr::null_mut();
    assert_eq!(
        unsafe { zego_token04_generator_new(1, secret.as_ptr(), 1, &mut g) },
        0
    );
    // Valid ("demo"), too long (65 bytes), not UTF-8, empty: each inside the buffer.
    for user in [&b"demo"[..], &[b'u'; 65], b"\xff\xfe", b""] {
        for form in [Form::Len, Form::Terminated] {
            let mut buf = vec![b'#'; 512];
            buf[100..100 + user.len()].copy_from_slice(user);
            buf[100 + user.len()] = 0;
            let before = buf.clone();
            let mut len = 7;
            let u = unsafe { buf.as_ptr().add(100) }.cast::<c_char>();
            let rc = unsafe {
                match form {
                    Form::Len => zego_token04_generator_generate_into_n(
                        g,
                        u,
                        user.len(),
                        3600,
                        ptr::null(),
                        0,
                        buf.as_mut_ptr().cast(),
                        buf.len(),
                        &mut len,
                    ),
                    Form::Terminated => zego_token04_generator_generate_into(
                        g,
                        u,
                        3600,
                        ptr::null(),
                        buf.as_mut_ptr().cast(),
                        buf.len(),
                        &mut len,
                    ),
                }
            };
            // An empty length-delimited user id covers no byte: nothing to overlap.
            if user.is_empty() && form == Form::Len {
                assert_eq!(rc, ZEGO_USER_ID_INVALID);
                continue;
            }
            assert_eq!(rc, ZEGO_BUFFER_INVALID, "{user:?} {form:?}");
            assert_eq!(len, 0);
            assert!(buf == before, "the buffer was written ({user:?}, {form:?})");
        }
    }
    unsafe { zego_token04_generator_free(g) };
}
