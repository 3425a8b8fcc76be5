//! Converting C arguments: bounded reads of NUL-terminated strings, and output pointers.

use std::ffi::c_char;

use crate::Error;

/// A C string argument, read without scanning past the longest accepted length.
pub(crate) enum Arg<'a> {
    Null,
    Text(&'a str),
    TooLong,
    NotUtf8,
}

impl<'a> Arg<'a> {
    /// Reads at most `max + 1` bytes of `p`, so an oversized (or unterminated-but-readable) input
    /// is rejected without scanning all of it.
    ///
    /// # Safety
    /// `p` is NULL or points to a NUL-terminated string, or to at least `max + 1` readable bytes.
    pub(crate) unsafe fn bounded(p: *const c_char, max: usize) -> Arg<'a> {
        if p.is_null() {
            return Arg::Null;
        }
        let len = libc::strnlen(p, max.saturating_add(1));
        if len > max {
            return Arg::TooLong;
        }
        Self::from_bytes(std::slice::from_raw_parts(p.cast::<u8>(), len))
    }

    /// # Safety
    /// `p` is NULL or a NUL-terminated string.
    pub(crate) unsafe fn unbounded(p: *const c_char) -> Arg<'a> {
        if p.is_null() {
            return Arg::Null;
        }
        Self::from_bytes(std::ffi::CStr::from_ptr(p).to_bytes())
    }

    fn from_bytes(bytes: &'a [u8]) -> Arg<'a> {
        if bytes.is_ascii() {
            // SAFETY: ASCII is valid UTF-8. (`is_ascii` checks a word at a time; the full UTF-8
            // validation, needed only for other text, costs a few times more on every call.)
            return Arg::Text(unsafe { std::str::from_utf8_unchecked(bytes) });
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Arg::Text(s),
            Err(_) => Arg::NotUtf8,
        }
    }

    /// The text, if the argument is a valid string.
    pub(crate) fn text(&self) -> Option<&'a str> {
        match self {
            Arg::Text(s) => Some(s),
            _ => None,
        }
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
