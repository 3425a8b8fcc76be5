//! Converting C arguments: the one place where a C string becomes a Rust `&str`, and output
//! pointers.
//!
//! A string argument reaches the library in one of two ways: with its length (`ptr, len`: the
//! `_n` functions, which every binding uses) or NUL-terminated (the classic functions, which read
//! up to the NUL and then go through the same rule). Either way it becomes a [`Raw`], and one
//! function per kind of argument ([`user_id`], [`secret`], [`payload`], [`token`], [`room_id`],
//! [`stream_id`]) turns it into text or into that argument's own code:
//!
//! | input               | user id | secret | payload | token | room id  | stream id |
//! |---------------------|---------|--------|---------|-------|----------|-----------|
//! | NULL, length 0      | 3       | 5      | ""      | 100   | "" (any) | 111       |
//! | NULL, length > 0    | 3       | 5      | 101     | 100   | 110      | 111       |
//! | holds a NUL byte    | 3       | 5      | 101     | 121   | 110      | 111       |
//! | not UTF-8           | 3       | 5      | 101     | 121   | 110      | 111       |
//! | longer than allowed | 3       | 5      | 102     | 121   | -        | -         |
//!
//! User id and secret turn into `""` when invalid, which the core rejects with 3 or 5 in the
//! official order (app id, user id, secret, lifetime); a payload's error is reported by the core
//! after those checks.

use std::ffi::c_char;
use std::ops::Range;

use crate::{Error, Hint, MAX_PLAINTEXT_BYTES, MAX_TOKEN_LEN, MAX_USER_ID_BYTES, SECRET_BYTES};

/// A string argument as the caller passed it, read no further than its kind's longest accepted
/// length (plus one byte, for a NUL-terminated string).
#[derive(Clone, Copy)]
pub(crate) struct Raw<'a> {
    /// The bytes the caller's argument covers, for the output-buffer overlap checks (the NUL
    /// included for a NUL-terminated string; what was read of a too-long one).
    span: Option<(*const u8, usize)>,
    kind: Kind<'a>,
}

#[derive(Clone, Copy)]
enum Kind<'a> {
    /// A NULL pointer, with the length the caller gave (0 for a NUL-terminated argument).
    Null {
        len: usize,
    },
    Bytes(&'a [u8]),
    TooLong,
}

/// The result of the common checks: text, or why not.
enum Text<'a> {
    Null,
    Ok(&'a str),
    /// NULL with a non-zero length, an embedded NUL, or not UTF-8.
    Invalid,
    TooLong,
}

impl<'a> Raw<'a> {
    /// `len` bytes at `p` (NULL allowed). A length above `max` is too long, and nothing is read.
    ///
    /// # Safety
    /// `p` is NULL, or `len <= max` and `p` points to `len` readable bytes that stay unchanged
    /// for `'a` (a larger `len` is never read).
    pub(crate) unsafe fn with_len(p: *const c_char, len: usize, max: usize) -> Raw<'a> {
        if p.is_null() {
            return Raw {
                span: None,
                kind: Kind::Null { len },
            };
        }
        let span = Some((p.cast::<u8>(), len.min(max.saturating_add(1))));
        if len > max {
            return Raw {
                span,
                kind: Kind::TooLong,
            };
        }
        Raw {
            span,
            kind: Kind::Bytes(std::slice::from_raw_parts(p.cast::<u8>(), len)),
        }
    }

    /// A NUL-terminated string at `p`, read to its NUL or to `max + 1` bytes, whichever comes
    /// first; then the same rules as [`Raw::with_len`].
    ///
    /// # Safety
    /// `p` is NULL or points to a NUL-terminated string, or to at least `max + 1` readable bytes.
    pub(crate) unsafe fn terminated(p: *const c_char, max: usize) -> Raw<'a> {
        if p.is_null() {
            return Raw {
                span: None,
                kind: Kind::Null { len: 0 },
            };
        }
        let len = libc::strnlen(p, max.saturating_add(1));
        let raw = Raw::with_len(p, len, max);
        Raw {
            span: Some((p.cast::<u8>(), len.saturating_add(1))),
            ..raw
        }
    }

    /// Whether the caller's bytes of this argument overlap `range`.
    pub(crate) fn overlaps(&self, range: &Range<usize>) -> bool {
        match self.span {
            Some((p, n)) if n > 0 => {
                let start = p as usize;
                start < range.end && range.start < start.saturating_add(n)
            }
            _ => false,
        }
    }

    fn text(&self) -> Text<'a> {
        match self.kind {
            Kind::Null { len: 0 } => Text::Null,
            Kind::Null { .. } => Text::Invalid,
            Kind::TooLong => Text::TooLong,
            Kind::Bytes(bytes) => match checked_str(bytes) {
                Some(s) => Text::Ok(s),
                None => Text::Invalid,
            },
        }
    }
}

/// `bytes` as text when they are UTF-8 without a NUL byte.
fn checked_str(bytes: &[u8]) -> Option<&str> {
    // The common case, printable ASCII and no NUL, in one pass without branches (it vectorizes);
    // a NUL-terminated argument costs the same, since its bytes are checked here too.
    if bytes
        .iter()
        .fold(true, |ok, &b| ok & (b.wrapping_sub(1) < 0x7f))
    {
        // SAFETY: every byte is in 1..=127: ASCII, which is valid UTF-8.
        return Some(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    if bytes.contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// The bounds each kind of argument is read with.
pub(crate) const USER_ID_MAX: usize = MAX_USER_ID_BYTES;
pub(crate) const SECRET_MAX: usize = SECRET_BYTES;
pub(crate) const PAYLOAD_MAX: usize = MAX_PLAINTEXT_BYTES;
pub(crate) const TOKEN_MAX: usize = MAX_TOKEN_LEN;
/// Room and stream ids have no limit of their own; a slice cannot exceed `isize::MAX` bytes.
pub(crate) const ID_MAX: usize = isize::MAX as usize;

/// A user id, or `""` (which the core rejects with code 3, in the official order).
pub(crate) fn user_id<'a>(raw: &Raw<'a>) -> &'a str {
    match raw.text() {
        Text::Ok(s) => s,
        _ => "",
    }
}

/// A secret, or `""` (which the core rejects with code 5, in the official order).
pub(crate) fn secret<'a>(raw: &Raw<'a>) -> &'a str {
    match raw.text() {
        Text::Ok(s) => s,
        _ => "",
    }
}

/// A secret that must be valid before anything else is looked at (decode, verify).
pub(crate) fn secret_checked<'a>(raw: &Raw<'a>) -> Result<&'a str, Error> {
    let s = secret(raw);
    crate::validate::secret(s.as_bytes())?;
    Ok(s)
}

/// A payload: NULL is no payload; the error is reported by the core after the official checks.
pub(crate) fn payload<'a>(raw: &Raw<'a>) -> Result<&'a str, Error> {
    match raw.text() {
        Text::Null => Ok(""),
        Text::Ok(s) => Ok(s),
        Text::TooLong => Err(Error::PayloadTooLarge),
        Text::Invalid => Err(Error::PayloadInvalid),
    }
}

/// A token: NULL is `ZEGO_NULL_ARGUMENT`; anything else that is no text is a bad character (121).
pub(crate) fn token<'a>(raw: &Raw<'a>) -> Result<&'a str, Error> {
    match raw.kind {
        Kind::Null { .. } => Err(Error::NullArgument),
        _ => match raw.text() {
            Text::Ok(s) => Ok(s),
            _ => Err(Error::TokenBase64Invalid),
        },
    }
}

/// A token for `inspect` (the hint functions): NULL has no hint; a token longer than any token04
/// is not read and gets the "too long" hint.
pub(crate) fn token_hint(raw: &Raw<'_>) -> Option<Hint> {
    match raw.kind {
        Kind::Null { .. } => None,
        Kind::TooLong => Some(Hint::TooLong),
        Kind::Bytes(bytes) => crate::inspect(bytes).hint,
    }
}

/// A room id: NULL (length 0) means any room.
pub(crate) fn room_id<'a>(raw: &Raw<'a>) -> Result<&'a str, Error> {
    match raw.text() {
        Text::Null => Ok(""),
        Text::Ok(s) => Ok(s),
        Text::TooLong | Text::Invalid => Err(Error::RoomIdInvalid),
    }
}

/// A stream id: required.
pub(crate) fn stream_id<'a>(raw: &Raw<'a>) -> Result<&'a str, Error> {
    match raw.text() {
        Text::Ok(s) => Ok(s),
        _ => Err(Error::StreamIdInvalid),
    }
}

/// Stores `value` in `*out`, or fails with `NullArgument` when `out` is NULL.
///
/// # Safety
/// `out` is NULL or writable.
pub(crate) unsafe fn set_out<T>(out: *mut T, value: T) -> Result<(), Error> {
    if out.is_null() {
        return Err(Error::NullArgument);
    }
    out.write(value);
    Ok(())
}

/// A new NUL-terminated copy of `bytes` from `malloc` (what `zego_string_free` frees), or `None`
/// when `bytes` holds a NUL.
pub(crate) fn c_string(bytes: &[u8]) -> Option<*mut c_char> {
    if bytes.contains(&0) {
        return None;
    }
    Some(malloc_copy(bytes))
}

/// [`c_string`] for a token, which is `"04"` and base64 characters, never a NUL: no scan.
pub(crate) fn token_string(token: &[u8]) -> *mut c_char {
    debug_assert!(!token.contains(&0));
    malloc_copy(token)
}

/// `bytes` and a NUL in a new `malloc` block. Like every allocation in the library, running out of
/// memory aborts.
fn malloc_copy(bytes: &[u8]) -> *mut c_char {
    let size = bytes.len() + 1;
    // SAFETY: `p` is checked non-NULL and points to `size` bytes, all written here.
    unsafe {
        let p = libc::malloc(size).cast::<u8>();
        if p.is_null() {
            std::alloc::handle_alloc_error(std::alloc::Layout::from_size_align_unchecked(size, 1));
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len());
        p.add(bytes.len()).write(0);
        p.cast()
    }
}

/// Hands `bytes` to C as a new string in `*out` (freed by `zego_string_free`). Tokens and payloads
/// built by the core never contain NUL; a payload the caller passed in through C cannot either.
///
/// # Safety
/// `out` is writable (checked non-NULL by `set_out` before).
pub(crate) unsafe fn c_string_out(out: *mut *mut c_char, bytes: &[u8]) -> Result<(), Error> {
    out.write(c_string(bytes).ok_or(Error::Internal)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(bytes: &[u8], max: usize) -> Raw<'_> {
        // SAFETY: `bytes` is a live slice of `bytes.len()` bytes.
        unsafe { Raw::with_len(bytes.as_ptr().cast(), bytes.len(), max) }
    }

    #[test]
    fn the_rule_for_each_argument() {
        let null = |len| unsafe { Raw::with_len(std::ptr::null(), len, 64) };
        assert_eq!(user_id(&raw(b"demo", 64)), "demo");
        for bad in [&b"de\0mo"[..], b"\xff", b"\xed\xa0\x80", &[b'u'; 65]] {
            assert_eq!(user_id(&raw(bad, 64)), "");
            assert!(payload(&raw(bad, 64)).is_err());
            assert_eq!(token(&raw(bad, 64)), Err(Error::TokenBase64Invalid));
        }
        assert_eq!(user_id(&null(4)), "");
        assert_eq!(payload(&null(0)), Ok(""));
        assert_eq!(payload(&null(2)), Err(Error::PayloadInvalid));
        assert_eq!(payload(&raw(&[b'p'; 65], 64)), Err(Error::PayloadTooLarge));
        assert_eq!(
            payload(&raw("é\0".as_bytes(), 64)),
            Err(Error::PayloadInvalid)
        );
        assert_eq!(payload(&raw("é€😀".as_bytes(), 64)), Ok("é€😀"));
        assert_eq!(token(&null(0)), Err(Error::NullArgument));
        assert_eq!(token(&null(5)), Err(Error::NullArgument));
        assert_eq!(room_id(&null(0)), Ok(""));
        assert_eq!(room_id(&null(1)), Err(Error::RoomIdInvalid));
        assert_eq!(stream_id(&null(0)), Err(Error::StreamIdInvalid));
        assert_eq!(
            secret_checked(&raw(b"12345", 32)),
            Err(Error::SecretInvalid)
        );
    }

    #[test]
    fn terminated_strings_follow_the_same_rule() {
        let t = |s: &[u8], max| unsafe { Raw::terminated(s.as_ptr().cast(), max) };
        assert_eq!(user_id(&t(b"demo\0", 64)), "demo");
        assert_eq!(user_id(&t(b"\xff\0", 64)), "");
        let long = [b'u'; 66];
        assert_eq!(user_id(&t(&long, 64)), "");
        // The span covers the NUL, for the overlap checks.
        let s = b"ab\0";
        let r = t(s, 64);
        let p = s.as_ptr() as usize;
        assert!(r.overlaps(&(p + 2..p + 3)));
        assert!(!r.overlaps(&(p + 3..p + 4)));
    }
}
