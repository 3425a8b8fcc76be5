//! The token's plaintext: compact JSON with the keys in the official order
//! `app_id, user_id, nonce, ctime, expire, payload`, strings escaped exactly as JavaScript's
//! `JSON.stringify` does (`"`, `\` and control characters; `\b \f \n \r \t` in short form, other
//! control characters as lowercase `\u00xx`; everything else, non-ASCII included, kept as is).
//!
//! Hand-written rather than through `serde_json::to_writer`: it is on the hot path of every token,
//! and this way it writes straight into the token's buffer, which is sized once for the worst case
//! (so there is no capacity check or zero-filling per piece).

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

/// Spare room the writer needs after the longest possible plaintext: runs of string bytes are
/// stored as whole 8-byte words, the unused end overwritten by what follows.
pub(crate) const SLACK: usize = 32;

/// How every token04 plaintext starts: the official generators all write `app_id` first, and
/// the CBC opening checks for it (see `cipher::open_cbc`).
pub(crate) const START: &[u8; 10] = b"{\"app_id\":";
/// How every token04 plaintext ends: the `payload` string, last, and the closing brace.
pub(crate) const END: &[u8; 2] = b"\"}";

/// Writes the plaintext JSON at the start of `out` and returns its length, or `None` when `out`
/// is shorter than [`max_len`] + [`SLACK`] for these strings (then nothing is written).
///
/// Bytes of `out` after the returned length may be overwritten too (at most [`SLACK`] of them).
pub(crate) fn write(out: &mut [u8], f: &Fields<'_>) -> Option<usize> {
    if out.len() < max_len(f.user_id.len(), f.payload.len()).saturating_add(SLACK) {
        return None;
    }
    let mut w = Writer { out, pos: 0 };
    w.put(START);
    w.int(i64::from(f.app_id));
    w.put(b",\"user_id\":");
    w.string(f.user_id);
    w.put(b",\"nonce\":");
    w.int(f.nonce);
    w.put(b",\"ctime\":");
    w.int(f.ctime);
    w.put(b",\"expire\":");
    w.int(f.expire);
    w.put(b",\"payload\":");
    w.string(f.payload);
    w.put(b"}");
    Some(w.pos)
}

/// A position in a buffer known to be large enough for everything written (checked once, in
/// [`write`]).
struct Writer<'a> {
    out: &'a mut [u8],
    pos: usize,
}

impl Writer<'_> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.out[self.pos..self.pos + bytes.len()].copy_from_slice(bytes);
        self.pos += bytes.len();
    }

    /// Decimal, with a leading `-` for negative numbers (the `itoa` crate).
    #[inline]
    fn int(&mut self, n: i64) {
        self.put(itoa::Buffer::new().format(n).as_bytes())
    }

    /// A JSON string literal, quotes included.
    #[inline(always)]
    fn string(&mut self, s: &str) {
        self.pos += write_str(&mut self.out[self.pos..], s.as_bytes());
    }
}

/// Writes the string literal for `s` (valid UTF-8) at the start of `dst`, which has room for
/// `2 + 6 * s.len() + SLACK` bytes; returns its length.
///
/// Eight bytes at a time, in plain integer arithmetic (no vector instructions): a word with nothing
/// to escape is stored whole; in a word whose only escapes are `"` and `\`, the runs between them
/// are stored as whole words too, each followed by a backslash that the next run's first byte (the
/// quote itself) goes after. Payloads are full of quotes, so this is the common case. A word with a
/// control character goes byte by byte. The last partial word is read as a whole word too (the
/// string's last eight bytes, shifted), with filler bytes that need no escape.
#[inline(always)]
fn write_str(dst: &mut [u8], s: &[u8]) -> usize {
    dst[0] = b'"';
    let mut j = 1;
    let mut words = s.chunks_exact(8);
    for chunk in &mut words {
        j = escape_word(dst, j, word(chunk), chunk);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        j = escape_word(dst, j, tail_word(s, rest), rest);
    }
    dst[j] = b'"';
    j + 1
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
/// A byte that needs no escape, to fill the unused end of the last word.
const FILLER: u64 = ONES * b'a' as u64;

/// Eight bytes, little-endian (the first byte lowest).
#[inline(always)]
fn word(chunk: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(chunk);
    u64::from_le_bytes(w)
}

/// The last `rest.len()` (1 to 7) bytes of `s` as the low bytes of a word, [`FILLER`] above them.
#[inline(always)]
fn tail_word(s: &[u8], rest: &[u8]) -> u64 {
    let unused = 8 * (8 - rest.len());
    if s.len() >= 8 {
        // The string's last eight bytes end with `rest`: one load, one shift.
        (word(&s[s.len() - 8..]) >> unused) | (FILLER << (64 - unused))
    } else {
        let mut w = [b'a'; 8];
        for (d, &b) in w.iter_mut().zip(rest) {
            *d = b;
        }
        u64::from_le_bytes(w)
    }
}

/// `0x80` in every byte of `t` that is zero, and `0` elsewhere (exact, no carries between bytes).
#[inline(always)]
fn zero_bytes(t: u64) -> u64 {
    !(((t & LOW7) + LOW7) | t | LOW7)
}

/// `0x80` in every byte of `w` equal to `b`, `0` elsewhere.
#[inline(always)]
fn eq_bytes(w: u64, b: u8) -> u64 {
    zero_bytes(w ^ (ONES * u64::from(b)))
}

/// `0x80` in every byte of `w` below `0x20` (a control character), `0` elsewhere: for a byte
/// below `0x80`, adding `0x60` to it sets its top bit exactly when it is `0x20` or more.
#[inline(always)]
fn control_bytes(w: u64) -> u64 {
    !(((w & LOW7) + ONES * 0x60) | w) & HIGH
}

/// Escapes the word `w` holding `bytes` (its first `bytes.len()` bytes; any others are filler
/// that needs no escape) into `dst` at `j`; returns the new end. Writes up to 8 bytes past it.
#[inline(always)]
fn escape_word(dst: &mut [u8], mut j: usize, w: u64, bytes: &[u8]) -> usize {
    let mut flags = eq_bytes(w, b'"') | eq_bytes(w, b'\\');
    if control_bytes(w) != 0 {
        return escape_bytes(dst, j, bytes);
    }
    // The runs between the bytes to escape, as whole words; the spare bytes of each store are
    // overwritten by the next one (or are past the end).
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
    j + bytes.len() - from
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

/// Escapes `bytes` into `dst` at `j` one byte at a time (a word with a control character; rare);
/// returns the new end. Writes nothing past it.
#[cold]
#[inline(never)]
fn escape_bytes(dst: &mut [u8], mut j: usize, bytes: &[u8]) -> usize {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        match ESCAPE[usize::from(b)] {
            0 => {
                dst[j] = b;
                j += 1;
            }
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
            e => {
                dst[j] = b'\\';
                dst[j + 1] = e;
                j += 2;
            }
        }
    }
    j
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

    /// The whole plaintext, through `write` into a buffer of exactly the size it asks for.
    fn json(f: &Fields<'_>) -> String {
        let mut out = vec![0xa5; max_len(f.user_id.len(), f.payload.len()) + SLACK];
        let short = out.len() - 1;
        assert_eq!(write(&mut out[..short], f), None, "too short a buffer");
        let n = write(&mut out, f).unwrap();
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    /// A string literal, through the same path as the plaintext.
    fn literal(s: &str) -> String {
        let mut out = vec![0xa5; 2 + 6 * s.len() + SLACK];
        let n = write_str(&mut out, s.as_bytes());
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    fn check(s: &str) {
        let expected = serde_json::to_string(s).unwrap();
        assert_eq!(literal(s), expected, "{s:?}");
    }

    #[test]
    fn layout_and_escaping() {
        let f = Fields {
            app_id: 7,
            user_id: "a\"b\\c/é😀",
            nonce: -5,
            ctime: 10,
            expire: 20,
            payload: "\n\u{1}\u{7f}\u{2028}",
        };
        assert_eq!(
            json(&f),
            "{\"app_id\":7,\"user_id\":\"a\\\"b\\\\c/é😀\",\"nonce\":-5,\"ctime\":10,\"expire\":20,\"payload\":\"\\n\\u0001\u{7f}\u{2028}\"}"
        );
    }

    #[test]
    fn strings_match_serde_json_for_every_char_class() {
        // serde_json escapes exactly as JSON.stringify does for valid UTF-8.
        let mut all: String = (0u32..0x800).filter_map(char::from_u32).collect();
        all.push_str("\u{2028}\u{2029}\u{fffd}😀\u{10ffff}");
        let shifted: Vec<String> = (0..17).map(|k| format!("{}{all}", "x".repeat(k))).collect();
        let mut cases = vec!["", "plain", "\"\\", "end\u{1f}", "12345678\"", "1234567\\"];
        cases.extend(shifted.iter().map(String::as_str));
        for s in cases {
            check(s);
        }
    }

    #[test]
    fn every_quote_pattern_of_a_chunk() {
        // All 2^16 placements of `"` in sixteen bytes, and each shortened and shifted, so that
        // every shuffle of the table runs in both halves and in short last chunks.
        for m in 0u32..1 << 16 {
            let s: String = (0..16)
                .map(|i| if m >> i & 1 == 1 { '"' } else { 'a' })
                .collect();
            let expected = serde_json::to_string(&s).unwrap();
            assert_eq!(literal(&s), expected);
            let cut = (m % 16) as usize;
            check(&s[..cut]);
            if m % 97 == 0 {
                check(&format!("{}{s}\\", "é".repeat(cut)));
            }
        }
    }

    #[test]
    fn quote_dense_strings_match_serde_json() {
        let alphabet = ['"', '\\', 'a', 'é', 'x', '/', '\u{1}'];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..4000 {
            let len = (state % 101) as usize;
            let s: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Mostly without control characters, to exercise the vector and word paths.
                    alphabet[(state % if state.is_multiple_of(5) { 7 } else { 6 }) as usize]
                })
                .collect();
            check(&s);
        }
    }

    #[test]
    fn every_ascii_byte_at_every_position_of_short_strings() {
        // Every ASCII byte at each position of every length up to 17: full words, the last
        // partial word (both ways of reading it) and the filler around it.
        for len in 1..=17 {
            for pos in 0..len {
                for b in 0u8..0x80 {
                    let mut s = vec![b'x'; len];
                    s[pos] = b;
                    check(std::str::from_utf8(&s).unwrap());
                }
            }
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
            i64::MIN + 1,
            1_700_000_000,
            -2_147_483_648,
            i64::from(u32::MAX),
        ]
        .into_iter()
        .chain((1..19).flat_map(|k| {
            let p = 10i64.pow(k);
            [p - 1, p, p + 1, -p, -p - 1, p / 2 * 3]
        })) {
            let f = Fields {
                app_id: 1,
                user_id: "u",
                nonce: n,
                ctime: n,
                expire: n,
                payload: "",
            };
            assert_eq!(
                json(&f),
                format!(
                    "{{\"app_id\":1,\"user_id\":\"u\",\"nonce\":{n},\"ctime\":{n},\"expire\":{n},\"payload\":\"\"}}"
                )
            );
        }
    }

    #[test]
    fn max_len_bounds_worst_case() {
        let user = "\u{1}".repeat(64);
        let payload = "\u{1f}".repeat(100);
        let f = Fields {
            app_id: u32::MAX,
            user_id: &user,
            nonce: i64::MIN,
            ctime: i64::MIN,
            expire: i64::MIN,
            payload: &payload,
        };
        assert_eq!(json(&f).len(), max_len(user.len(), payload.len()));
    }
}
