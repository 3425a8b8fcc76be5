//! The hint functions of the C ABI: the core's hints, reached by pointer and length (or NUL).
#![allow(unsafe_code)]

use std::ffi::{c_char, CStr};

use zego_token::ffi::{zego_token04_hint, zego_token04_hint_n};
use zego_token::{inspect, Hint, MAX_TOKEN_LEN};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

fn hint_n(token: &[u8]) -> Option<String> {
    // SAFETY: the pointer and length are the slice's.
    let p = unsafe { zego_token04_hint_n(token.as_ptr().cast::<c_char>(), token.len()) };
    // SAFETY: non-NULL results are static NUL-terminated strings.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string())
}

fn token_with_plus() -> String {
    (0..200)
        .map(|_| zego_token::generate_token04_gcm(1, "u", SECRET, 3600, "").unwrap())
        .find(|t| t.contains('+'))
        .expect("a token with '+'")
}

#[test]
fn a_space_instead_of_plus_gets_the_spaces_hint() {
    let token = token_with_plus();
    let spaced = token.replace('+', " ");
    let hint = hint_n(spaced.as_bytes()).expect("a hint");
    assert_eq!(hint, Hint::Spaces.message());
    assert!(hint.contains("'+'"));
    // The NUL-terminated form agrees.
    let c = std::ffi::CString::new(spaced).unwrap();
    // SAFETY: a NUL-terminated string.
    let p = unsafe { zego_token04_hint(c.as_ptr()) };
    assert!(!p.is_null());
    // SAFETY: static NUL-terminated.
    assert_eq!(unsafe { CStr::from_ptr(p) }.to_str().unwrap(), hint);
}

#[test]
fn a_good_token_and_null_have_no_hint() {
    let token = token_with_plus();
    assert_eq!(hint_n(token.as_bytes()), None);
    // SAFETY: NULL is allowed, with any length (never read).
    assert!(unsafe { zego_token04_hint_n(std::ptr::null(), 0) }.is_null());
    assert!(unsafe { zego_token04_hint_n(std::ptr::null(), 5) }.is_null());
    // SAFETY: NULL is allowed.
    assert!(unsafe { zego_token04_hint(std::ptr::null()) }.is_null());
}

#[test]
fn each_mistake_gets_its_hint_and_never_the_token() {
    let token = token_with_plus();
    let cases: Vec<(Vec<u8>, Hint)> = vec![
        (format!("{token}\n").into_bytes(), Hint::WhitespaceAround),
        (format!("'{token}'").into_bytes(), Hint::Quoted),
        (token.replace('+', "%2B").into_bytes(), Hint::UrlEncoded),
        (token.replace('+', "-").into_bytes(), Hint::UrlSafeBase64),
        (token.as_bytes()[2..].to_vec(), Hint::MissingPrefix),
        (
            token.as_bytes()[..token.len() - 4].to_vec(),
            Hint::Truncated,
        ),
        (b"04\xffAAAA".to_vec(), Hint::NotText),
        (b"04AA\0AAAA".to_vec(), Hint::NotText),
        (Vec::new(), Hint::Empty),
    ];
    for (bytes, hint) in cases {
        assert_eq!(inspect(&bytes).hint, Some(hint), "{bytes:?}");
        let got = hint_n(&bytes).expect("a hint");
        assert_eq!(got, hint.message());
        assert!(!got.contains(&token[2..10]));
    }
}

#[test]
fn an_overlong_length_is_not_read() {
    let buf = [b'A'; 16];
    // SAFETY: a length above the longest token is never read (documented), so pointing at 16
    // bytes with a longer length is within the contract of the check under test.
    let p = unsafe { zego_token04_hint_n(buf.as_ptr().cast(), MAX_TOKEN_LEN + 1) };
    // SAFETY: static NUL-terminated.
    let got = unsafe { CStr::from_ptr(p) }.to_str().unwrap();
    assert_eq!(got, Hint::TooLong.message());
    // And at usize::MAX.
    // SAFETY: as above.
    let p = unsafe { zego_token04_hint_n(buf.as_ptr().cast(), usize::MAX) };
    assert!(!p.is_null());
}
