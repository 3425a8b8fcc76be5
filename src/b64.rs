//! Standard, padded base64 encoding straight into the token's buffer, two output characters per
//! table lookup. (Decoding, off the hot path, uses the `base64` crate.)

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The two characters of every 12-bit value.
static PAIRS: [[u8; 2]; 4096] = {
    let mut t = [[0u8; 2]; 4096];
    let mut i = 0;
    while i < 4096 {
        t[i] = [ALPHABET[i >> 6], ALPHABET[i & 63]];
        i += 1;
    }
    t
};

/// The encoded length of `n` bytes.
pub(crate) const fn encoded_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// The same pairs as little-endian `u16`s, to assemble eight characters in one `u64`.
static PAIRS_LE: [u16; 4096] = {
    let mut t = [0u16; 4096];
    let mut i = 0;
    while i < 4096 {
        t[i] = u16::from_le_bytes(PAIRS[i]);
        i += 1;
    }
    t
};

/// The eight characters of the first six bytes of `src`.
#[inline]
pub(crate) fn encode6(src: &[u8; 8]) -> [u8; 8] {
    let w = u64::from_be_bytes(*src);
    let pair = |shift: u32| u64::from(PAIRS_LE[((w >> shift) & 0xfff) as usize]);
    (pair(52) | pair(40) << 16 | pair(28) << 32 | pair(16) << 48).to_le_bytes()
}

/// Encodes `input` into `out`, which must be exactly `encoded_len(input.len())` bytes.
pub(crate) fn encode(input: &[u8], out: &mut [u8]) {
    debug_assert_eq!(out.len(), encoded_len(input.len()));
    // Six input bytes (read as eight) to eight output characters at a time.
    let mut done = 0;
    let mut written = 0;
    while let (Some(src), Some(dst)) =
        (input.get(done..done + 8), out.get_mut(written..written + 8))
    {
        let mut w = [0u8; 8];
        w.copy_from_slice(src);
        dst.copy_from_slice(&encode6(&w));
        done += 6;
        written += 8;
    }
    let (input, out) = (&input[done..], &mut out[written..]);
    let chunks = input.chunks_exact(3);
    let rest = chunks.remainder();
    let mut outs = out.chunks_exact_mut(4);
    for (c, o) in chunks.zip(&mut outs) {
        let n = usize::from(c[0]) << 16 | usize::from(c[1]) << 8 | usize::from(c[2]);
        o[..2].copy_from_slice(&PAIRS[n >> 12]);
        o[2..].copy_from_slice(&PAIRS[n & 0xfff]);
    }
    if let Some(o) = outs.next() {
        let n = usize::from(rest[0]) << 16 | rest.get(1).map_or(0, |&b| usize::from(b) << 8);
        o[..2].copy_from_slice(&PAIRS[n >> 12]);
        o[2] = if rest.len() == 2 {
            ALPHABET[(n >> 6) & 63]
        } else {
            b'='
        };
        o[3] = b'=';
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;

    #[test]
    fn matches_the_base64_crate() {
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        for n in 0..300 {
            let input = &data[n..n + n / 2 + 1];
            let mut out = vec![0u8; encoded_len(input.len())];
            encode(input, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), STANDARD.encode(input));
        }
        let mut out = [];
        encode(&[], &mut out);
    }
}
