//! The token04 layout, in one place: packing (for the generator), parsing (for the decoder) and
//! [`inspect`], which reports a token's shape and a hint for the usual mistakes, without the
//! secret.
//!
//! ```text
//! token = "04" + base64( expire:i64 BE | iv_len:u16 BE | iv | ct_len:u16 BE | ct | [mode:u8] )
//! ```
//!
//! CBC tokens have no mode byte; GCM tokens end with the byte 1. Base64 is the standard, padded
//! alphabet (`+`, `/`, `=`).

use std::ops::Range;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::validate::MAX_PLAINTEXT_BYTES;
use crate::{cipher, Error, Mode};

/// The text every token04 starts with.
pub const TOKEN04_PREFIX: &str = "04";

/// The bytes before the IV: the expiry (8) and the IV length (2).
const IV_AT: usize = 8 + 2;

/// The longest packed token: 8 + 2 + 16 (IV) + 2 + 65,535 (ciphertext) + 1 (mode).
const MAX_PACKED: usize = 8 + 2 + 16 + 2 + MAX_PLAINTEXT_BYTES + cipher::TAG + 1;
/// The longest token text.
pub const MAX_TOKEN_LEN: usize = encoded_len(MAX_PACKED);

/// Length of `"04" + base64(packed)` for `packed_len` bytes.
/// (Padded standard base64: four characters for every three bytes or part of three.)
pub(crate) const fn encoded_len(packed_len: usize) -> usize {
    TOKEN04_PREFIX.len() + packed_len.div_ceil(3) * 4
}

/// The longest packed token for a plaintext of `pt_len` bytes, in either mode (CBC pads to at
/// most `pt_len + 16`; GCM appends a 16-byte tag and a mode byte).
pub(crate) const fn max_packed_len(pt_len: usize) -> usize {
    8 + 2 + 16 + 2 + pt_len + cipher::TAG + 1
}

/// Where the ciphertext starts for an IV of `iv_len` bytes.
#[inline(always)]
pub(crate) const fn ct_offset(iv_len: usize) -> usize {
    IV_AT + iv_len + 2
}

// ---------------------------------------------------------------------------------------------
// Packing (the generator)

/// Writes `expire | iv_len | iv` at the start of `buf` (which has room for them) and returns
/// where the ciphertext goes ([`ct_offset`]); the ciphertext length is written later by
/// [`put_ct_len`].
#[inline(always)]
pub(crate) fn put_header(buf: &mut [u8], expire: i64, iv: &[u8]) -> Result<usize, Error> {
    let iv_len = u16::try_from(iv.len()).map_err(|_| Error::Internal)?;
    buf[..8].copy_from_slice(&expire.to_be_bytes());
    buf[8..IV_AT].copy_from_slice(&iv_len.to_be_bytes());
    buf[IV_AT..IV_AT + iv.len()].copy_from_slice(iv);
    Ok(ct_offset(iv.len()))
}

/// Writes the ciphertext length before the ciphertext at `start`, and the mode byte (GCM only)
/// after it; returns the packed length.
#[inline(always)]
pub(crate) fn put_trailer(
    buf: &mut [u8],
    start: usize,
    ct_len: usize,
    mode: Mode,
) -> Result<usize, Error> {
    let ct_len16 = u16::try_from(ct_len).map_err(|_| Error::Internal)?;
    buf[start - 2..start].copy_from_slice(&ct_len16.to_be_bytes());
    let mut packed_len = start + ct_len;
    if mode == Mode::Gcm {
        buf[packed_len] = Mode::Gcm as u8;
        packed_len += 1;
    }
    Ok(packed_len)
}

/// Writes `"04" + base64(packed)` into `out`, which is exactly [`encoded_len`] long.
#[inline(always)]
pub(crate) fn encode(packed: &[u8], out: &mut [u8]) -> Result<(), Error> {
    if out.len() != encoded_len(packed.len()) {
        return Err(Error::Internal);
    }
    let (prefix, body) = out.split_at_mut(TOKEN04_PREFIX.len());
    prefix.copy_from_slice(TOKEN04_PREFIX.as_bytes());
    if STANDARD.encode_slice(packed, body) != Ok(body.len()) {
        return Err(Error::Internal);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Parsing (the decoder, and inspect)

/// A token's parsed structure: its mode, header expiry, and where its IV and ciphertext are.
pub(crate) struct Layout {
    pub(crate) packed: Vec<u8>,
    pub(crate) mode: Mode,
    pub(crate) header_expire: i64,
    pub(crate) iv: Range<usize>,
    pub(crate) ct: Range<usize>,
}

/// What the header fields of (possibly partial) packed bytes say, as far as they can be read,
/// and whether they make a whole token.
struct Fields {
    expire: Option<i64>,
    iv_len: Option<usize>,
    ct_len: Option<usize>,
    layout: Result<(Mode, Range<usize>, Range<usize>), Error>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<Range<usize>, Error> {
        let end = self.pos.checked_add(n).ok_or(Error::TokenTruncated)?;
        if end > self.bytes.len() {
            return Err(Error::TokenTruncated);
        }
        let range = self.pos..end;
        self.pos = end;
        Ok(range)
    }

    fn u16(&mut self) -> Result<usize, Error> {
        let r = self.take(2)?;
        Ok(usize::from(u16::from_be_bytes([
            self.bytes[r.start],
            self.bytes[r.start + 1],
        ])))
    }
}

/// Reads the fields of packed bytes in order, stopping at the first that is missing.
fn read_fields(packed: &[u8]) -> Fields {
    let mut f = Fields {
        expire: None,
        iv_len: None,
        ct_len: None,
        layout: Err(Error::TokenTruncated),
    };
    let mut r = Reader {
        bytes: packed,
        pos: 0,
    };
    f.layout = (|| {
        let expire = r.take(8)?;
        let mut be = [0u8; 8];
        be.copy_from_slice(&packed[expire]);
        f.expire = Some(i64::from_be_bytes(be));
        let iv_len = r.u16()?;
        f.iv_len = Some(iv_len);
        let iv = r.take(iv_len)?;
        let ct_len = r.u16()?;
        f.ct_len = Some(ct_len);
        let ct = r.take(ct_len)?;
        let mode = match &packed[r.pos..] {
            [] => Mode::Cbc,
            [1] => Mode::Gcm,
            // CBC tokens have no mode byte: accepting a trailing 0x00 would make two strings of
            // one token (a replay or revocation list keyed on the string would miss the other).
            [0] => return Err(Error::TokenTrailingData),
            [_] => return Err(Error::TokenModeInvalid),
            _ => return Err(Error::TokenTrailingData),
        };
        if iv_len != mode.iv_len() {
            return Err(Error::TokenIvLengthInvalid);
        }
        Ok((mode, iv, ct))
    })();
    f
}

/// Checks the prefix, base64 and the length fields; decrypts nothing.
pub(crate) fn parse(token: &str) -> Result<Layout, Error> {
    let body = token
        .strip_prefix(TOKEN04_PREFIX)
        .ok_or(Error::TokenPrefixInvalid)?;
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::TokenBase64Invalid);
    }
    let packed = STANDARD
        .decode(body)
        .map_err(|_| Error::TokenBase64Invalid)?;
    let fields = read_fields(&packed);
    let (mode, iv, ct) = fields.layout?;
    Ok(Layout {
        packed,
        mode,
        header_expire: fields.expire.ok_or(Error::Internal)?,
        iv,
        ct,
    })
}

// ---------------------------------------------------------------------------------------------
// Inspecting (hints)

macro_rules! hint_table {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal, $message:literal;)*) => {
        /// The likely cause of a malformed token, seen from its text alone (see [`inspect`]).
        ///
        /// Each hint has a stable number ([`Hint::code`], what bindings may switch on) and a fixed
        /// English message that never contains any part of the token.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Hint {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Hint {
            /// Every hint, in code order.
            pub const ALL: [Hint; [$($code),*].len()] = [$(Hint::$variant),*];

            /// The stable number of this hint (from 1).
            pub const fn code(self) -> i32 {
                match self {
                    $(Hint::$variant => $code,)*
                }
            }

            /// A short English sentence naming the likely cause and the fix. It never contains
            /// any part of the token.
            pub const fn message(self) -> &'static str {
                match self {
                    $(Hint::$variant => $message,)*
                }
            }

            /// [`Hint::message`] as a static NUL-terminated string, for the C ABI.
            pub(crate) const fn c_message(self) -> &'static std::ffi::CStr {
                match self {
                    $(Hint::$variant => const { c_str(concat!($message, "\0")) },)*
                }
            }
        }
    };
}

const fn c_str(s: &'static str) -> &'static std::ffi::CStr {
    match std::ffi::CStr::from_bytes_with_nul(s.as_bytes()) {
        Ok(c) => c,
        Err(_) => panic!("a hint contains a NUL byte"),
    }
}

hint_table! {
    /// The token is empty (or whitespace only).
    Empty = 1, "the token is empty: check that it was passed at all";
    /// The token is not UTF-8 text, or holds a NUL byte.
    NotText = 2, "the token is not plain text (it holds a NUL byte or bytes that are not UTF-8): a token04 is ASCII";
    /// Whitespace at either end, such as the newline of `echo` or a file.
    WhitespaceAround = 3, "the token starts or ends with whitespace (such as a trailing newline): strip it";
    /// Quotes around the token.
    Quoted = 4, "the token is in quotes: pass it without quotes";
    /// Spaces inside the token: a URL query turned `+` into a space.
    Spaces = 5, "the token contains spaces: a URL query may have turned '+' into ' '; URL-encode tokens (%2B) or replace spaces with '+'";
    /// Line breaks or other whitespace inside the token.
    LineBreaks = 6, "the token contains line breaks or other whitespace inside it: join it into one line";
    /// The token does not start with `04`.
    MissingPrefix = 7, "token04 tokens start with \"04\": check that the whole token was copied, without quotes or a prefix such as \"token=\"";
    /// Longer than any token04 can be.
    TooLong = 8, "the token is longer than any token04 can be: check that only one token was copied";
    /// URL-encoded (`%2B`, `%2F`, `%3D`).
    UrlEncoded = 9, "the token looks URL-encoded (%2B, %2F, %3D): decode it first";
    /// URL-safe base64 (`-`, `_`).
    UrlSafeBase64 = 10, "the token contains '-' or '_': it may have been turned into URL-safe base64; token04 uses standard base64 with '+' and '/'";
    /// Cut short: its length fields call for more, or its header is incomplete.
    Truncated = 11, "the token looks truncated: check it was copied whole";
    /// Its length is no base64 length, though its header does not call for more.
    BadLength = 12, "the token's length is no valid base64 length: check that nothing was added to it or cut from it";
    /// Characters outside standard base64.
    NotBase64 = 13, "the token contains characters that are not standard base64: check that it was copied exactly";
}

/// The shape of a token, read without the secret (see [`inspect`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Inspection {
    /// Its length in characters (in bytes when it is not UTF-8).
    pub len: usize,
    /// Whether it starts with `"04"`.
    pub prefix: bool,
    /// Whether the text after the prefix is standard, padded base64.
    pub base64: bool,
    /// The header expiry (Unix seconds), when its bytes can be read (from the leading base64
    /// characters, even when the rest is not base64).
    pub expire: Option<i64>,
    /// The IV length field, when readable.
    pub iv_len: Option<usize>,
    /// The ciphertext length field, when readable.
    pub ct_len: Option<usize>,
    /// The mode, when the layout is whole.
    pub mode: Option<Mode>,
    /// The token length (in characters) its length fields call for, when readable.
    pub expected_len: Option<usize>,
    /// What decoding reports about the token's structure, before any decryption (`None`: the
    /// layout is well formed; the secret may still be wrong).
    pub error: Option<Error>,
    /// The likely cause of the problem, when the text shows it.
    pub hint: Option<Hint>,
}

impl Inspection {
    /// The hint as one English sentence, with the lengths that explain it (never any part of
    /// the token). `None` when there is no hint.
    pub fn hint_text(&self) -> Option<String> {
        let n = self.len;
        Some(match self.hint? {
            Hint::Truncated => match self.expected_len {
                Some(m) if m > n => format!(
                    "the token looks truncated ({n} characters; its length fields call for at \
                     least {m}): check it was copied whole"
                ),
                _ => format!(
                    "the token looks truncated ({n} characters; a token04 is usually well over \
                     100): check it was copied whole"
                ),
            },
            Hint::BadLength => format!(
                "the token has {n} characters, which is no valid base64 length: check that \
                 nothing was added to it or cut from it"
            ),
            Hint::TooLong => format!(
                "the token is longer than any token04 can be ({n} characters; at most \
                 {MAX_TOKEN_LEN}): check that only one token was copied"
            ),
            h => h.message().to_string(),
        })
    }
}

/// The value of a standard base64 character.
fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// The bytes of the leading run of base64 characters (any trailing partial byte dropped).
fn leading_bytes(body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(body.len() / 4 * 3 + 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in body.iter().copied().map_while(b64_value) {
        acc = (acc << 6 | u32::from(v)) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
        }
    }
    bytes
}

/// Reports the shape of `token` and, when its text shows the likely cause of a problem, a
/// [`Hint`]: without the secret, decrypting nothing. It runs the decoder's own parser, so
/// `error` is the code decoding gives for the token's structure.
///
/// ```
/// let i = zego_token::inspect("04AAAA AAAA");
/// assert_eq!(i.hint, Some(zego_token::Hint::Spaces));
/// ```
pub fn inspect(token: impl AsRef<[u8]>) -> Inspection {
    let bytes = token.as_ref();
    let text = std::str::from_utf8(bytes)
        .ok()
        .filter(|s| !s.contains('\0'));
    let mut i = Inspection {
        len: text.map_or(bytes.len(), |s| s.chars().count()),
        prefix: bytes.starts_with(TOKEN04_PREFIX.as_bytes()),
        base64: false,
        expire: None,
        iv_len: None,
        ct_len: None,
        mode: None,
        expected_len: None,
        error: None,
        hint: None,
    };
    let Some(text) = text else {
        i.error = Some(Error::TokenBase64Invalid);
        i.hint = Some(Hint::NotText);
        return i;
    };
    let body = text.strip_prefix(TOKEN04_PREFIX).unwrap_or(text);
    i.base64 = i.prefix && text.len() <= MAX_TOKEN_LEN && STANDARD.decode(body).is_ok();
    // The header, as far as the leading base64 characters give it.
    let fields = read_fields(&leading_bytes(body.as_bytes()));
    i.expire = fields.expire;
    i.iv_len = fields.iv_len;
    i.ct_len = fields.ct_len;
    if let (Some(iv_len), Some(ct_len)) = (fields.iv_len, fields.ct_len) {
        // A GCM token (its 12-byte IV) ends with one mode byte after the ciphertext.
        let mode_byte = usize::from(iv_len == Mode::Gcm.iv_len());
        i.expected_len = Some(encoded_len(ct_offset(iv_len) + ct_len + mode_byte));
    }
    match parse(text) {
        Ok(layout) => i.mode = Some(layout.mode),
        Err(e) => i.error = Some(e),
    }
    i.hint = hint(text, body, &i);
    i
}

/// The hint for a token that is text: its surroundings first, then its structure.
fn hint(text: &str, body: &str, i: &Inspection) -> Option<Hint> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Some(Hint::Empty);
    }
    if trimmed.len() != text.len() {
        return Some(Hint::WhitespaceAround);
    }
    let quotes = ['"', '\'', '`'];
    if trimmed.starts_with(quotes) || trimmed.ends_with(quotes) {
        return Some(Hint::Quoted);
    }
    if text.contains(' ') {
        return Some(Hint::Spaces);
    }
    if text.contains(char::is_whitespace) {
        return Some(Hint::LineBreaks);
    }
    let n = i.len;
    let truncated = || match i.expected_len {
        Some(m) if m <= n && !body.len().is_multiple_of(4) => Hint::BadLength,
        _ => Hint::Truncated,
    };
    match i.error? {
        Error::TokenPrefixInvalid => Some(Hint::MissingPrefix),
        Error::TokenBase64Invalid if text.len() > MAX_TOKEN_LEN => Some(Hint::TooLong),
        Error::TokenBase64Invalid if body.contains('%') => Some(Hint::UrlEncoded),
        Error::TokenBase64Invalid if body.contains(['-', '_']) => Some(Hint::UrlSafeBase64),
        Error::TokenBase64Invalid
            if !body.len().is_multiple_of(4)
                && body.bytes().all(|c| c == b'=' || b64_value(c).is_some()) =>
        {
            Some(truncated())
        }
        Error::TokenBase64Invalid => Some(Hint::NotBase64),
        Error::TokenTruncated => Some(truncated()),
        // A GCM token cut just before its mode byte reads as a CBC token with a 12-byte IV.
        Error::TokenIvLengthInvalid if i.expected_len.is_some_and(|m| m > n) => {
            Some(Hint::Truncated)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

    fn token(mode: Mode, payload: &str) -> String {
        crate::generate_token04_with_mode(mode, 1, "user", SECRET, 3600, payload).unwrap()
    }

    #[test]
    fn a_good_token_has_its_shape_and_no_hint() {
        for mode in [Mode::Cbc, Mode::Gcm] {
            let t = token(mode, "x");
            let i = inspect(&t);
            assert!(i.prefix && i.base64, "{i:?}");
            assert_eq!(i.mode, Some(mode));
            assert_eq!(i.iv_len, Some(mode.iv_len()));
            assert_eq!(i.expected_len, Some(t.len()));
            assert_eq!(i.error, None);
            assert_eq!(i.hint, None);
            let claims = crate::decode_token04(&t, SECRET).unwrap();
            assert_eq!(i.expire, Some(claims.expire));
        }
    }

    #[test]
    fn plus_turned_into_space() {
        let t = (0..64)
            .map(|_| token(Mode::Gcm, ""))
            .find(|t| t.contains('+'))
            .expect("a token with '+'");
        let i = inspect(t.replace('+', " "));
        assert_eq!(i.error, Some(Error::TokenBase64Invalid));
        assert_eq!(i.hint, Some(Hint::Spaces));
        assert!(i.hint_text().unwrap().contains("'+'"));
    }

    #[test]
    fn the_usual_mistakes() {
        let t = token(Mode::Gcm, "");
        let mid = t.len() / 2;
        let cases: Vec<(String, Hint)> = vec![
            (String::new(), Hint::Empty),
            ("\n".to_string(), Hint::Empty),
            (format!("{t}\n"), Hint::WhitespaceAround),
            (format!(" {t}"), Hint::WhitespaceAround),
            (format!("\"{t}\""), Hint::Quoted),
            (format!("{}\n{}", &t[..mid], &t[mid..]), Hint::LineBreaks),
            (format!("05{}", &t[2..]), Hint::MissingPrefix),
            (t[2..].to_string(), Hint::MissingPrefix),
            (format!("{t}{}", "A".repeat(MAX_TOKEN_LEN)), Hint::TooLong),
            (format!("{}%2B{}", &t[..mid], &t[mid..]), Hint::UrlEncoded),
            (
                format!("{}-{}", &t[..mid], &t[mid + 1..]),
                Hint::UrlSafeBase64,
            ),
            (t[..t.len() - 4].to_string(), Hint::Truncated),
            (t[..t.len() - 1].to_string(), Hint::Truncated),
            (t[..10].to_string(), Hint::Truncated),
            (format!("{}!{}", &t[..mid], &t[mid + 1..]), Hint::NotBase64),
        ];
        for (mangled, hint) in cases {
            let i = inspect(&mangled);
            assert_eq!(i.hint, Some(hint), "{mangled:?}: {i:?}");
            assert!(i.error.is_some(), "{mangled:?}");
            let text = i.hint_text().unwrap();
            assert!(
                !text.contains(&t[2..12]),
                "the hint echoes the token: {text}"
            );
        }
        assert_eq!(inspect(b"04\xff").hint, Some(Hint::NotText));
        assert_eq!(inspect(b"04\0AAAA").hint, Some(Hint::NotText));
    }

    #[test]
    fn truncated_hint_names_the_length_called_for() {
        let t = token(Mode::Cbc, "xx");
        let cut = &t[..2 + 41];
        let i = inspect(cut);
        assert_eq!(i.expected_len, Some(t.len()));
        let text = i.hint_text().unwrap();
        assert!(
            text.contains(&format!(
                "(43 characters; its length fields call for at least {})",
                t.len()
            )),
            "{text}"
        );
    }

    #[test]
    fn inspect_agrees_with_decode_on_structure() {
        let t = token(Mode::Gcm, "p");
        for cut in 0..t.len() {
            let s = &t[..cut];
            let decoded = crate::decode_token04(s, SECRET).err();
            assert_eq!(inspect(s).error, decoded, "{cut}");
        }
    }

    #[test]
    fn hint_codes_are_distinct_and_messages_fixed() {
        let mut seen = std::collections::HashSet::new();
        for h in Hint::ALL {
            assert!(seen.insert(h.code()));
            assert_eq!(h.c_message().to_str(), Ok(h.message()));
        }
    }

    #[test]
    fn packing_and_parsing_agree() {
        let iv = [7u8; 12];
        let mut buf = vec![0u8; 64];
        let start = put_header(&mut buf, -5, &iv).unwrap();
        assert_eq!(start, ct_offset(12));
        let len = put_trailer(&mut buf, start, 20, Mode::Gcm).unwrap();
        let mut out = vec![0u8; encoded_len(len)];
        encode(&buf[..len], &mut out).unwrap();
        let layout = parse(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(layout.mode, Mode::Gcm);
        assert_eq!(layout.header_expire, -5);
        assert_eq!(&layout.packed[layout.iv], &iv[..]);
        assert_eq!(layout.ct, start..start + 20);
    }
}
