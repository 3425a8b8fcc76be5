//! The token's plaintext: compact JSON with the keys in the official order
//! `app_id, user_id, nonce, ctime, expire, payload`, strings escaped exactly as JavaScript's
//! `JSON.stringify` does (`"`, `\` and control characters; `\b \f \n \r \t` in short form, other
//! control characters as lowercase `\u00xx`; everything else, non-ASCII included, kept as is).
//!
//! Hand-written rather than through `serde_json::to_writer`: it is on the hot path of every token,
//! and this way it writes straight into the token's buffer.

/// The claims that go into a token's plaintext.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields<'a> {
    pub app_id: u32,
    pub user_id: &'a str,
    pub nonce: i64,
    pub ctime: i64,
    pub expire: i64,
    pub payload: &'a str,
}

/// Appends the plaintext JSON to `out` (which may already hold the token header).
pub(crate) fn write(out: &mut Vec<u8>, f: &Fields<'_>) {
    out.reserve(80 + f.user_id.len() + f.payload.len());
    out.extend_from_slice(b"{\"app_id\":");
    write_int(out, i64::from(f.app_id));
    out.extend_from_slice(b",\"user_id\":");
    write_str(out, f.user_id);
    out.extend_from_slice(b",\"nonce\":");
    write_int(out, f.nonce);
    out.extend_from_slice(b",\"ctime\":");
    write_int(out, f.ctime);
    out.extend_from_slice(b",\"expire\":");
    write_int(out, f.expire);
    out.extend_from_slice(b",\"payload\":");
    write_str(out, f.payload);
    out.push(b'}');
}

/// Decimal, with a leading `-` for negative numbers.
pub(crate) fn write_int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// `0x80` in every byte of `t` that is zero, and `0` elsewhere (exact, no carries between bytes).
#[inline]
fn zero_bytes(t: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((t & LOW7) + LOW7) | t | LOW7)
}

/// Whether any of the 8 bytes of `w` needs escaping: a control character, `"` or `\`.
#[inline]
fn word_needs_escape(w: u64) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    // A byte below 0x20 (exact for the "any byte" question), or equal to '"' or '\\'.
    (w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0)
        || has_zero(w ^ (ONES * u64::from(b'"')))
        || has_zero(w ^ (ONES * u64::from(b'\\')))
}

/// For every byte: 0 if it is written as is, the letter of its short escape (`\"`, `\\`, `\b`,
/// `\f`, `\n`, `\r`, `\t`), or `u` for the `\u00xx` form.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x0c] = b'f';
    t[b'\n' as usize] = b'n';
    t[b'\r' as usize] = b'r';
    t[b'\t' as usize] = b't';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// A JSON string literal, quotes included.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let start = out.len();
    // Room for the worst case (every byte as \u00xx); trimmed at the end.
    out.resize(start + 2 + bytes.len() * 6, 0);
    let dst = &mut out[start..];
    dst[0] = b'"';
    #[cfg(target_arch = "x86_64")]
    let (mut i, mut j) = sse2::escape_prefix(bytes, dst, 1);
    #[cfg(not(target_arch = "x86_64"))]
    let (mut i, mut j) = (0, 1);
    while i < bytes.len() {
        let end = (i + 8).min(bytes.len());
        let chunk = &bytes[i..end];
        if chunk.len() == 8 {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            let w = u64::from_le_bytes(w);
            if !word_needs_escape(w) {
                dst[j..j + 8].copy_from_slice(chunk);
                i += 8;
                j += 8;
                continue;
            }
            if zero_bytes(w & (ONES * 0xe0)) == 0 {
                // No control character: only `"` and `\` to escape, each as a backslash before
                // the byte itself. Copy the runs between them eight bytes at a time (the spare
                // bytes of each copy are overwritten by the next one).
                let mut flags = zero_bytes(w ^ (ONES * u64::from(b'"')))
                    | zero_bytes(w ^ (ONES * u64::from(b'\\')));
                let mut from = 0;
                while flags != 0 {
                    let pos = (flags.trailing_zeros() / 8) as usize;
                    dst[j..j + 8].copy_from_slice(&(w >> (8 * from)).to_le_bytes());
                    j += pos - from;
                    dst[j] = b'\\';
                    j += 1;
                    from = pos;
                    flags &= flags - 1;
                }
                dst[j..j + 8].copy_from_slice(&(w >> (8 * from)).to_le_bytes());
                j += 8 - from;
                i += 8;
                continue;
            }
        }
        for &b in chunk {
            match ESCAPE[usize::from(b)] {
                b'u' => {
                    dst[j..j + 6].copy_from_slice(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(b >> 4)],
                        HEX[usize::from(b & 0xf)],
                    ]);
                    j += 6;
                }
                // As is (e == 0) or a short escape, without a branch (quotes are frequent and
                // unpredictable in JSON payloads): the second byte is overwritten by the next one
                // when unused (there is always room: 6 per byte).
                e => {
                    let escaped = u8::from(e != 0);
                    let mask = escaped.wrapping_neg();
                    dst[j] = b ^ ((b ^ b'\\') & mask);
                    dst[j + 1] = e;
                    j += 1 + usize::from(escaped);
                }
            }
        }
        i = end;
    }
    dst[j] = b'"';
    out.truncate(start + j + 1);
}

/// Sixteen bytes at a time with SSE2 (part of every x86-64 processor).
#[cfg(target_arch = "x86_64")]
mod sse2 {
    #![allow(unsafe_code)]

    use std::arch::x86_64::*;

    /// Escapes `src` into `dst` from `dst[j]` on, 16 bytes at a time, while a chunk holds no
    /// control character (those are left to the caller, as is a tail of under 16 bytes).
    /// `dst` has room for the worst case of the whole string. Returns the (source, destination)
    /// positions reached.
    pub(super) fn escape_prefix(src: &[u8], dst: &mut [u8], j: usize) -> (usize, usize) {
        // SAFETY: SSE2 is part of the x86-64 baseline; every access below is bounds-checked.
        unsafe { escape(src, dst, j) }
    }

    #[target_feature(enable = "sse2")]
    unsafe fn escape(src: &[u8], dst: &mut [u8], mut j: usize) -> (usize, usize) {
        let quote = _mm_set1_epi8(b'"' as i8);
        let backslash = _mm_set1_epi8(b'\\' as i8);
        let max_control = _mm_set1_epi8(0x1f);
        let mut i = 0;
        // A chunk writes at most 32 bytes, each store 16: keep 48 bytes of room.
        while let (Some(chunk), true) = (src.get(i..i + 16), j + 48 <= dst.len()) {
            let x = _mm_loadu_si128(chunk.as_ptr().cast());
            let control = _mm_cmpeq_epi8(_mm_max_epu8(x, max_control), max_control);
            if _mm_movemask_epi8(control) != 0 {
                break;
            }
            let special = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash));
            let mut mask = _mm_movemask_epi8(special) as u32;
            if mask == 0 {
                _mm_storeu_si128(dst[j..j + 16].as_mut_ptr().cast(), x);
                i += 16;
                j += 16;
                continue;
            }
            // Each `"` or `\` gets a backslash before it: copy the runs between them, 16 bytes
            // at a time from a zero-padded copy (spare bytes are overwritten by the next store).
            let mut padded = [0u8; 32];
            padded[..16].copy_from_slice(chunk);
            let mut from = 0;
            while mask != 0 {
                let pos = mask.trailing_zeros() as usize;
                let run = _mm_loadu_si128(padded[from..from + 16].as_ptr().cast());
                _mm_storeu_si128(dst[j..j + 16].as_mut_ptr().cast(), run);
                j += pos - from;
                dst[j] = b'\\';
                j += 1;
                from = pos;
                mask &= mask - 1;
            }
            let run = _mm_loadu_si128(padded[from..from + 16].as_ptr().cast());
            _mm_storeu_si128(dst[j..j + 16].as_mut_ptr().cast(), run);
            j += 16 - from;
            i += 16;
        }
        (i, j)
    }
}

/// An upper bound of the plaintext length for a user id and payload of these byte lengths
/// (every byte escaped as `\u00XX`, every number at its widest).
pub(crate) const fn max_len(user_id_len: usize, payload_len: usize) -> usize {
    const FIXED: usize =
        r#"{"app_id":,"user_id":"","nonce":,"ctime":,"expire":,"payload":""}"#.len();
    const NUMBERS: usize = 10 + 20 + 20 + 20; // u32, and three i64 with sign
    FIXED
        .saturating_add(NUMBERS)
        .saturating_add(user_id_len.saturating_mul(6))
        .saturating_add(payload_len.saturating_mul(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_escaping() {
        let mut out = Vec::new();
        write(
            &mut out,
            &Fields {
                app_id: 7,
                user_id: "a\"b\\c/é😀",
                nonce: -5,
                ctime: 10,
                expire: 20,
                payload: "\n\u{1}\u{7f}\u{2028}",
            },
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"app_id\":7,\"user_id\":\"a\\\"b\\\\c/é😀\",\"nonce\":-5,\"ctime\":10,\"expire\":20,\"payload\":\"\\n\\u0001\u{7f}\u{2028}\"}"
        );
    }

    #[test]
    fn strings_match_serde_json_for_every_char_class() {
        // serde_json escapes exactly as JSON.stringify does for valid UTF-8.
        let mut all: String = (0u32..0x800).filter_map(char::from_u32).collect();
        all.push_str("\u{2028}\u{2029}\u{fffd}😀\u{10ffff}");
        let shifted: Vec<String> = (0..9).map(|k| format!("{}{all}", "x".repeat(k))).collect();
        let mut cases = vec!["", "plain", "\"\\", "end\u{1f}", "12345678\"", "1234567\\"];
        cases.extend(shifted.iter().map(String::as_str));
        for s in cases {
            let mut out = Vec::new();
            write_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn quote_dense_strings_match_serde_json() {
        let alphabet = ['"', '\\', 'a', 'é', 'x', '/', '\u{1}'];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            let len = (state % 101) as usize;
            let s: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Mostly without control characters, to exercise the word-at-a-time path.
                    alphabet[(state % if state.is_multiple_of(5) { 7 } else { 6 }) as usize]
                })
                .collect();
            let mut out = Vec::new();
            write_str(&mut out, &s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&s).unwrap()
            );
        }
    }

    #[test]
    fn integers() {
        for n in [
            0,
            1,
            -1,
            9,
            10,
            99,
            100,
            i64::MAX,
            i64::MIN,
            1_700_000_000,
            -2_147_483_648,
        ] {
            let mut out = Vec::new();
            write_int(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    #[test]
    fn max_len_bounds_worst_case() {
        let user = "\u{1}".repeat(64);
        let payload = "\u{1f}".repeat(100);
        let mut out = Vec::new();
        write(
            &mut out,
            &Fields {
                app_id: u32::MAX,
                user_id: &user,
                nonce: i64::MIN,
                ctime: i64::MIN,
                expire: i64::MIN,
                payload: &payload,
            },
        );
        assert_eq!(out.len(), max_len(user.len(), payload.len()));
    }
}
