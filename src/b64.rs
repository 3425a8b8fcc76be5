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

/// Encodes the longest prefix of `src` that it can while reading only inside `src`: groups of
/// 12 bytes (read as 16, with SSSE3) or 6 bytes (read as 8). Returns (bytes consumed, a multiple
/// of 3; characters written).
#[inline]
pub(crate) fn encode_run(src: &[u8], dst: &mut [u8]) -> (usize, usize) {
    let (mut done, mut written) = (0, 0);
    #[cfg(target_arch = "x86_64")]
    if simd::available() {
        (done, written) = simd::encode_groups(src, dst);
    }
    while let (Some(s), Some(d)) = (src.get(done..done + 8), dst.get_mut(written..written + 8)) {
        let Ok(s) = <&[u8; 8]>::try_from(s) else {
            break;
        };
        d.copy_from_slice(&encode6(s));
        done += 6;
        written += 8;
    }
    (done, written)
}

/// Encodes `input` into `out`, which must be exactly `encoded_len(input.len())` bytes.
pub(crate) fn encode(input: &[u8], out: &mut [u8]) {
    debug_assert_eq!(out.len(), encoded_len(input.len()));
    let (done, written) = encode_run(input, out);
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

/// Twelve bytes to sixteen characters at once with SSSE3 (W. Muła and D. Lemire, "Faster Base64
/// Encoding and Decoding Using AVX2 Instructions", 2018: the shuffle/multiply split into 6-bit
/// indices, and the saturating-subtract lookup into the alphabet).
#[cfg(target_arch = "x86_64")]
mod simd {
    #![allow(unsafe_code)]

    use std::arch::x86_64::*;
    use std::sync::atomic::{AtomicU8, Ordering};

    const UNKNOWN: u8 = 0;
    const NONE: u8 = 1;
    const SSSE3: u8 = 2;
    const AVX2: u8 = 3;
    static DETECTED: AtomicU8 = AtomicU8::new(UNKNOWN);

    #[inline]
    fn level() -> u8 {
        match DETECTED.load(Ordering::Relaxed) {
            UNKNOWN => {
                let level = if std::is_x86_feature_detected!("avx2") {
                    AVX2
                } else if std::is_x86_feature_detected!("ssse3") {
                    SSSE3
                } else {
                    NONE
                };
                DETECTED.store(level, Ordering::Relaxed);
                level
            }
            level => level,
        }
    }

    #[inline]
    pub(super) fn available() -> bool {
        level() >= SSSE3
    }

    /// Encodes 12-byte groups of `src` while 16 bytes can be read, into `dst`; returns (bytes
    /// consumed, characters written).
    #[inline]
    pub(super) fn encode_groups(src: &[u8], dst: &mut [u8]) -> (usize, usize) {
        // SAFETY: only called after `available()` said SSSE3 (and so SSE2) is present, and
        // AVX2 only when detected.
        unsafe {
            if level() == AVX2 {
                encode_groups_avx2(src, dst)
            } else {
                encode_groups_ssse3(src, dst)
            }
        }
    }

    /// Two groups (24 bytes to 32 characters) per step while 28 bytes can be read, then
    /// [`encode_groups_ssse3`].
    #[target_feature(enable = "avx2")]
    unsafe fn encode_groups_avx2(src: &[u8], dst: &mut [u8]) -> (usize, usize) {
        let (mut done, mut written) = (0, 0);
        // As in `encode_groups_ssse3`, opaque to the optimizer.
        let mulhi = std::hint::black_box(_mm256_set1_epi32(0x0400_0040));
        while let (Some(s), Some(d)) =
            (src.get(done..done + 28), dst.get_mut(written..written + 32))
        {
            let low = _mm_loadu_si128(s.as_ptr().cast());
            let high = _mm_loadu_si128(s[12..].as_ptr().cast());
            let input = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(low), high);
            _mm256_storeu_si256(d.as_mut_ptr().cast(), encode24(input, mulhi));
            done += 24;
            written += 32;
        }
        let (more, more_written) = encode_groups_ssse3(&src[done..], &mut dst[written..]);
        (done + more, written + more_written)
    }

    #[target_feature(enable = "ssse3,sse2")]
    unsafe fn encode_groups_ssse3(src: &[u8], dst: &mut [u8]) -> (usize, usize) {
        let (mut done, mut written) = (0, 0);
        // Opaque to the optimizer: with the constant in sight, LLVM replaces the one `pmulhuw`
        // by a dozen shifts and shuffles.
        let mulhi = std::hint::black_box(_mm_set1_epi32(0x0400_0040));
        while let (Some(s), Some(d)) =
            (src.get(done..done + 16), dst.get_mut(written..written + 16))
        {
            let out = encode12(_mm_loadu_si128(s.as_ptr().cast()), mulhi);
            _mm_storeu_si128(d.as_mut_ptr().cast(), out);
            done += 12;
            written += 16;
        }
        (done, written)
    }

    /// Each 32-bit lane gets bytes [b1, b0, b2, b1] of its 3-byte group.
    #[inline(always)]
    unsafe fn spread() -> __m128i {
        _mm_set_epi8(10, 11, 9, 10, 7, 8, 6, 7, 4, 5, 3, 4, 1, 2, 0, 1)
    }

    /// The alphabet's offsets by class (see `encode12`).
    #[inline(always)]
    unsafe fn offsets() -> __m128i {
        _mm_setr_epi8(
            (b'a' as i8).wrapping_sub(26),
            (b'0' as i8).wrapping_sub(52),
            (b'0' as i8).wrapping_sub(52),
            (b'0' as i8).wrapping_sub(52),
            (b'0' as i8).wrapping_sub(52),
            (b'0' as i8).wrapping_sub(52),
            (b'0' as i8).wrapping_sub(52),
            (b'0' as i8).wrapping_sub(52),
            (b'0' as i8).wrapping_sub(52),
            (b'0' as i8).wrapping_sub(52),
            (b'0' as i8).wrapping_sub(52),
            (b'+' as i8).wrapping_sub(62),
            (b'/' as i8).wrapping_sub(63),
            b'A' as i8,
            0,
            0,
        )
    }

    /// The 16 characters of the first 12 bytes of `input` (`mulhi`: `0x0400_0040` in every lane).
    #[inline(always)]
    unsafe fn encode12(input: __m128i, mulhi: __m128i) -> __m128i {
        let lanes = _mm_shuffle_epi8(input, spread());
        // Move the four 6-bit fields of each group into the four bytes of its lane.
        let t0 = _mm_and_si128(lanes, _mm_set1_epi32(0x0fc0_fc00));
        let t1 = _mm_mulhi_epu16(t0, mulhi); // mulhi = 0x0400_0040 in every lane
        let t2 = _mm_and_si128(lanes, _mm_set1_epi32(0x003f_03f0));
        let t3 = _mm_mullo_epi16(t2, _mm_set1_epi32(0x0100_0010));
        let indices = _mm_or_si128(t1, t3);
        // 0..=25 -> 'A'.., 26..=51 -> 'a'.., 52..=61 -> '0'.., 62 -> '+', 63 -> '/'.
        let mut class = _mm_subs_epu8(indices, _mm_set1_epi8(51));
        let upper = _mm_cmpgt_epi8(_mm_set1_epi8(26), indices);
        class = _mm_or_si128(class, _mm_and_si128(upper, _mm_set1_epi8(13)));
        _mm_add_epi8(_mm_shuffle_epi8(offsets(), class), indices)
    }

    /// `encode12` on both 128-bit lanes at once: the 32 characters of the 12 bytes at the start
    /// of each lane.
    #[inline(always)]
    unsafe fn encode24(input: __m256i, mulhi: __m256i) -> __m256i {
        let lanes = _mm256_shuffle_epi8(input, _mm256_broadcastsi128_si256(spread()));
        let t0 = _mm256_and_si256(lanes, _mm256_set1_epi32(0x0fc0_fc00));
        let t1 = _mm256_mulhi_epu16(t0, mulhi);
        let t2 = _mm256_and_si256(lanes, _mm256_set1_epi32(0x003f_03f0));
        let t3 = _mm256_mullo_epi16(t2, _mm256_set1_epi32(0x0100_0010));
        let indices = _mm256_or_si256(t1, t3);
        let mut class = _mm256_subs_epu8(indices, _mm256_set1_epi8(51));
        let upper = _mm256_cmpgt_epi8(_mm256_set1_epi8(26), indices);
        class = _mm256_or_si256(class, _mm256_and_si256(upper, _mm256_set1_epi8(13)));
        let offsets = _mm256_broadcastsi128_si256(offsets());
        _mm256_add_epi8(_mm256_shuffle_epi8(offsets, class), indices)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn both_vector_paths_match_the_scalar_one() {
            let data: Vec<u8> = (0..300u32).map(|i| (i * 151 % 256) as u8).collect();
            for n in 0..data.len() {
                let src = &data[..n];
                let mut scalar = vec![0u8; n / 3 * 4 + 8];
                let mut done = 0;
                while let Some(s) = src.get(done..done + 8) {
                    let s: &[u8; 8] = s.try_into().unwrap();
                    scalar[done / 3 * 4..done / 3 * 4 + 8]
                        .copy_from_slice(&super::super::encode6(s));
                    done += 6;
                }
                let mut paths = vec![];
                if std::is_x86_feature_detected!("ssse3") {
                    let mut out = vec![0u8; n / 3 * 4 + 16];
                    // SAFETY: SSSE3 detected.
                    let (d, w) = unsafe { encode_groups_ssse3(src, &mut out) };
                    paths.push((d, w, out));
                }
                if std::is_x86_feature_detected!("avx2") {
                    let mut out = vec![0u8; n / 3 * 4 + 16];
                    // SAFETY: AVX2 detected.
                    let (d, w) = unsafe { encode_groups_avx2(src, &mut out) };
                    paths.push((d, w, out));
                }
                for (d, w, out) in paths {
                    assert_eq!(d % 12, 0);
                    assert!(n < 16 || d + 16 > n, "stopped early at {d} of {n}");
                    assert_eq!(w, d / 3 * 4);
                    assert_eq!(out[..w], scalar[..w], "length {n}");
                }
            }
        }
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

    #[test]
    fn every_byte_value_at_every_offset() {
        // All 2^12 index pairs appear, through the vector path where the machine has one.
        let data: Vec<u8> = (0..=255u8)
            .flat_map(|a| [a, a.wrapping_mul(7), 255 - a])
            .collect();
        for start in 0..12 {
            let input = &data[start..];
            let mut out = vec![0u8; encoded_len(input.len())];
            encode(input, &mut out);
            assert_eq!(out, STANDARD.encode(input).into_bytes(), "offset {start}");
        }
    }
}
