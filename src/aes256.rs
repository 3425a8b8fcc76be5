//! AES-256 encryption of single blocks, over an expanded key.
//!
//! On x86-64 with AES-NI (detected at run time) this uses the AES instructions directly: a 240-byte
//! key schedule expanded in a few dozen nanoseconds and zeroized when dropped. Elsewhere it uses the
//! `aes` crate. Only encryption is needed on the hot path (CBC encryption, the CTR random
//! generator); decryption uses the crates.

use aes::cipher::{BlockEncrypt, KeyInit};
use zeroize::Zeroize;

/// An expanded AES-256 encryption key.
// The AES-NI schedule (240 bytes) stays inline so that one-shot calls do not allocate; the
// software one (about 1 KiB) is boxed.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub(crate) enum EncKey {
    #[cfg(target_arch = "x86_64")]
    Ni(ni::Schedule),
    Soft(Box<aes::Aes256Enc>),
}

impl EncKey {
    pub(crate) fn new(key: &[u8; 32]) -> EncKey {
        #[cfg(target_arch = "x86_64")]
        if let Some(s) = ni::Schedule::new(key) {
            return EncKey::Ni(s);
        }
        EncKey::Soft(Box::new(aes::Aes256Enc::new(key.into())))
    }

    /// Encrypts one block in place.
    #[inline]
    pub(crate) fn encrypt_block(&self, block: &mut [u8; 16]) {
        match self {
            #[cfg(target_arch = "x86_64")]
            EncKey::Ni(s) => s.encrypt_block(block),
            EncKey::Soft(a) => a.encrypt_block(block.into()),
        }
    }

    /// CBC-encrypts the whole blocks of `data` in place with `iv`.
    #[inline]
    pub(crate) fn cbc_encrypt(&self, iv: &[u8; 16], data: &mut [u8]) {
        match self {
            #[cfg(target_arch = "x86_64")]
            EncKey::Ni(s) => s.cbc_encrypt(iv, data),
            EncKey::Soft(_) => {
                let mut prev = *iv;
                for block in data.chunks_exact_mut(16) {
                    let mut b = [0u8; 16];
                    b.copy_from_slice(block);
                    for (x, p) in b.iter_mut().zip(prev) {
                        *x ^= p;
                    }
                    self.encrypt_block(&mut b);
                    block.copy_from_slice(&b);
                    prev = b;
                }
            }
        }
    }

    /// GCM's counter mode (NIST SP 800-38D, 96-bit IV): encrypts `data` in place with the key
    /// stream from inc32(J0) and returns AES_K(J0), which masks the tag (J0 = IV || 0x00000001).
    pub(crate) fn gcm_ctr(&self, iv: &[u8; 12], data: &mut [u8]) -> [u8; 16] {
        match self {
            // The key stream stays in registers.
            #[cfg(target_arch = "x86_64")]
            EncKey::Ni(s) => s.gcm_ctr(iv, data),
            EncKey::Soft(_) => self.gcm_ctr_blocks(iv, data),
        }
    }

    /// [`EncKey::gcm_ctr`] through `encrypt_blocks`, sixteen counter blocks at a time.
    fn gcm_ctr_blocks(&self, iv: &[u8; 12], data: &mut [u8]) -> [u8; 16] {
        let counter_block = |n: u32| {
            let mut b = [0u8; 16];
            b[..12].copy_from_slice(iv);
            b[12..].copy_from_slice(&n.to_be_bytes());
            b
        };
        let mut tag_mask = counter_block(1);
        self.encrypt_block(&mut tag_mask);
        let mut ks = [[0u8; 16]; 16];
        let mut counter = 2u32;
        for chunk in data.chunks_mut(16 * 16) {
            let blocks = chunk.len().div_ceil(16);
            for b in ks.iter_mut().take(blocks) {
                *b = counter_block(counter);
                counter = counter.wrapping_add(1);
            }
            self.encrypt_blocks(&mut ks[..blocks]);
            for (d, k) in chunk.chunks_mut(16).zip(&ks) {
                for (x, y) in d.iter_mut().zip(k) {
                    *x ^= y;
                }
            }
        }
        // The key stream reveals the plaintext of this ciphertext (nothing about the key).
        ks.zeroize();
        tag_mask
    }

    /// Encrypts consecutive blocks in place, independently (ECB; for counter blocks).
    pub(crate) fn encrypt_blocks(&self, blocks: &mut [[u8; 16]]) {
        match self {
            #[cfg(target_arch = "x86_64")]
            EncKey::Ni(s) => s.encrypt_blocks(blocks),
            EncKey::Soft(a) => {
                for b in blocks {
                    a.encrypt_block(b.into());
                }
            }
        }
    }
}

/// GHASH keyed with H, for GCM without associated data.
#[derive(Clone)]
pub(crate) enum Ghash {
    #[cfg(target_arch = "x86_64")]
    Ni(ni::GhashKey),
    Soft(ghash::GHash),
}

impl Ghash {
    pub(crate) fn new(h: &[u8; 16]) -> Ghash {
        #[cfg(target_arch = "x86_64")]
        if let Some(k) = ni::GhashKey::new(h) {
            return Ghash::Ni(k);
        }
        use ghash::universal_hash::KeyInit;
        Ghash::Soft(ghash::GHash::new(h.into()))
    }

    /// GHASH of `data` zero-padded to whole blocks, then GCM's lengths block (no associated
    /// data).
    pub(crate) fn ghash(&self, data: &[u8]) -> [u8; 16] {
        match self {
            #[cfg(target_arch = "x86_64")]
            Ghash::Ni(k) => k.ghash(data),
            Ghash::Soft(g) => {
                use ghash::universal_hash::UniversalHash;
                let mut g = g.clone();
                g.update_padded(data);
                let mut lengths = [0u8; 16];
                lengths[8..].copy_from_slice(&((data.len() as u64) * 8).to_be_bytes());
                g.update(&[lengths.into()]);
                g.finalize().into()
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod ni {
    #![allow(unsafe_code)]

    use std::arch::x86_64::*;
    use std::sync::atomic::{AtomicU8, Ordering};

    use zeroize::Zeroize;

    /// 0 = not checked yet, 1 = AES-NI available, 2 = not available.
    static DETECTED: AtomicU8 = AtomicU8::new(0);

    fn available() -> bool {
        match DETECTED.load(Ordering::Relaxed) {
            1 => true,
            2 => false,
            _ => {
                // SSSE3 for the key expansion's byte shuffle (every AES-NI processor has it).
                let yes = std::is_x86_feature_detected!("aes")
                    && std::is_x86_feature_detected!("ssse3")
                    && std::is_x86_feature_detected!("sse2");
                DETECTED.store(if yes { 1 } else { 2 }, Ordering::Relaxed);
                yes
            }
        }
    }

    /// The 15 round keys. Only constructed when AES-NI is available.
    #[derive(Clone)]
    pub(crate) struct Schedule {
        rk: [u128; 15],
    }

    impl Drop for Schedule {
        fn drop(&mut self) {
            self.rk.zeroize();
        }
    }

    impl Schedule {
        pub(crate) fn new(key: &[u8; 32]) -> Option<Schedule> {
            if !available() {
                return None;
            }
            let mut rk = [0u128; 15];
            // SAFETY: AES-NI, SSSE3 and SSE2 are available (checked above).
            unsafe { expand(key, &mut rk) };
            Some(Schedule { rk })
        }

        #[inline]
        pub(crate) fn encrypt_block(&self, block: &mut [u8; 16]) {
            // SAFETY: a Schedule exists only when AES-NI and SSE2 are available.
            unsafe { encrypt1(&self.rk, block) }
        }

        pub(crate) fn cbc_encrypt(&self, iv: &[u8; 16], data: &mut [u8]) {
            // SAFETY: a Schedule exists only when AES-NI and SSE2 are available.
            unsafe { cbc(&self.rk, iv, data) }
        }

        pub(crate) fn gcm_ctr(&self, iv: &[u8; 12], data: &mut [u8]) -> [u8; 16] {
            // SAFETY: as above.
            unsafe { gcm_ctr(&self.rk, iv, data) }
        }

        pub(crate) fn encrypt_blocks(&self, blocks: &mut [[u8; 16]]) {
            let mut chunks = blocks.chunks_exact_mut(4);
            for c in &mut chunks {
                // SAFETY: as above.
                unsafe { encrypt4(&self.rk, c) };
            }
            for b in chunks.into_remainder() {
                self.encrypt_block(b);
            }
        }
    }

    /// GHASH with PCLMULQDQ: the powers H, H^2, H^3, H^4 (byte-reflected) so that four blocks
    /// share one reduction. Zeroized when dropped.
    #[derive(Clone)]
    pub(crate) struct GhashKey {
        powers: [u128; 4],
    }

    impl Drop for GhashKey {
        fn drop(&mut self) {
            self.powers.zeroize();
        }
    }

    fn clmul_available() -> bool {
        available()
            && std::is_x86_feature_detected!("pclmulqdq")
            && std::is_x86_feature_detected!("ssse3")
    }

    impl GhashKey {
        pub(crate) fn new(h: &[u8; 16]) -> Option<GhashKey> {
            if !clmul_available() {
                return None;
            }
            let mut powers = [0u128; 4];
            // SAFETY: PCLMULQDQ, SSSE3 and SSE2 are available (checked above).
            unsafe { ghash_powers(h, &mut powers) };
            Some(GhashKey { powers })
        }

        pub(crate) fn ghash(&self, data: &[u8]) -> [u8; 16] {
            // SAFETY: a GhashKey exists only when the instructions are available.
            unsafe { ghash(&self.powers, data) }
        }
    }

    #[inline(always)]
    unsafe fn bswap(x: __m128i) -> __m128i {
        _mm_shuffle_epi8(
            x,
            _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
        )
    }

    /// The 256-bit carry-less product of `a` and `b`, as (low, high).
    #[inline(always)]
    unsafe fn mul_wide(a: __m128i, b: __m128i) -> (__m128i, __m128i) {
        let lo = _mm_clmulepi64_si128::<0x00>(a, b);
        let hi = _mm_clmulepi64_si128::<0x11>(a, b);
        let mid = _mm_xor_si128(
            _mm_clmulepi64_si128::<0x10>(a, b),
            _mm_clmulepi64_si128::<0x01>(a, b),
        );
        (
            _mm_xor_si128(lo, _mm_slli_si128::<8>(mid)),
            _mm_xor_si128(hi, _mm_srli_si128::<8>(mid)),
        )
    }

    /// Reduces a 256-bit product of byte-reflected operands modulo the GCM polynomial
    /// (Gueron and Kounavis, "Intel Carry-Less Multiplication Instruction and its Usage for
    /// Computing the GCM Mode", algorithm 5: shift left by one bit, then reduce).
    #[inline(always)]
    unsafe fn reduce(lo: __m128i, hi: __m128i) -> __m128i {
        let c_lo = _mm_srli_epi32::<31>(lo);
        let c_hi = _mm_srli_epi32::<31>(hi);
        let mut lo = _mm_slli_epi32::<1>(lo);
        let mut hi = _mm_slli_epi32::<1>(hi);
        let carry_out = _mm_srli_si128::<12>(c_lo);
        lo = _mm_or_si128(lo, _mm_slli_si128::<4>(c_lo));
        hi = _mm_or_si128(hi, _mm_slli_si128::<4>(c_hi));
        hi = _mm_or_si128(hi, carry_out);

        let a = _mm_xor_si128(
            _mm_xor_si128(_mm_slli_epi32::<31>(lo), _mm_slli_epi32::<30>(lo)),
            _mm_slli_epi32::<25>(lo),
        );
        let a_hi = _mm_srli_si128::<4>(a);
        lo = _mm_xor_si128(lo, _mm_slli_si128::<12>(a));
        let b = _mm_xor_si128(
            _mm_xor_si128(_mm_srli_epi32::<1>(lo), _mm_srli_epi32::<2>(lo)),
            _mm_xor_si128(_mm_srli_epi32::<7>(lo), a_hi),
        );
        _mm_xor_si128(hi, _mm_xor_si128(lo, b))
    }

    #[inline(always)]
    unsafe fn gfmul(a: __m128i, b: __m128i) -> __m128i {
        let (lo, hi) = mul_wide(a, b);
        reduce(lo, hi)
    }

    #[target_feature(enable = "pclmulqdq,ssse3,sse2")]
    unsafe fn ghash_powers(h: &[u8; 16], powers: &mut [u128; 4]) {
        let h1 = bswap(_mm_loadu_si128(h.as_ptr().cast()));
        let h2 = gfmul(h1, h1);
        let h3 = gfmul(h2, h1);
        let h4 = gfmul(h3, h1);
        *powers = [u(h1), u(h2), u(h3), u(h4)];
    }

    #[target_feature(enable = "pclmulqdq,ssse3,sse2")]
    unsafe fn ghash(powers: &[u128; 4], data: &[u8]) -> [u8; 16] {
        let h = powers.map(m);
        let load = |b: &[u8]| bswap(_mm_loadu_si128(b.as_ptr().cast()));
        // Absorbs one to four blocks with a single reduction:
        // x = (x ^ b[0]) * H^k ^ b[1] * H^(k-1) ^ ... ^ b[k-1] * H.
        let absorb = |x: __m128i, blocks: &[__m128i]| {
            let k = blocks.len();
            let (mut lo, mut hi) = mul_wide(_mm_xor_si128(x, blocks[0]), h[k - 1]);
            for (i, &b) in blocks.iter().enumerate().skip(1) {
                let (l, g) = mul_wide(b, h[k - 1 - i]);
                lo = _mm_xor_si128(lo, l);
                hi = _mm_xor_si128(hi, g);
            }
            reduce(lo, hi)
        };
        let mut x = _mm_setzero_si128();
        let mut fours = data.chunks_exact(64);
        for c in &mut fours {
            x = absorb(
                x,
                &[
                    load(&c[..16]),
                    load(&c[16..32]),
                    load(&c[32..48]),
                    load(&c[48..64]),
                ],
            );
        }
        // The last zero-padded blocks and the lengths block: two to five blocks.
        let mut tail = [_mm_setzero_si128(); 5];
        let mut n = 0;
        for c in fours.remainder().chunks(16) {
            let mut block = [0u8; 16];
            block[..c.len()].copy_from_slice(c);
            tail[n] = load(&block);
            n += 1;
        }
        let mut lengths = [0u8; 16];
        lengths[8..].copy_from_slice(&((data.len() as u64) * 8).to_be_bytes());
        tail[n] = load(&lengths);
        n += 1;
        if n == 5 {
            x = absorb(x, &tail[..4]);
            x = absorb(x, &tail[4..5]);
        } else {
            x = absorb(x, &tail[..n]);
        }
        let mut out = [0u8; 16];
        _mm_storeu_si128(out.as_mut_ptr().cast(), bswap(x));
        out
    }

    #[inline(always)]
    fn m(x: u128) -> __m128i {
        // SAFETY: u128 and __m128i are both 16 plain bytes.
        unsafe { std::mem::transmute::<u128, __m128i>(x) }
    }

    #[inline(always)]
    fn u(x: __m128i) -> u128 {
        // SAFETY: as above.
        unsafe { std::mem::transmute::<__m128i, u128>(x) }
    }

    /// The "assist" step of the AES-256 key schedule: w ^= w<<32 ^ w<<64 ^ w<<96, then ^ t.
    #[inline(always)]
    unsafe fn mix(mut w: __m128i, t: __m128i) -> __m128i {
        let mut s = _mm_slli_si128::<4>(w);
        w = _mm_xor_si128(w, s);
        s = _mm_slli_si128::<4>(s);
        w = _mm_xor_si128(w, s);
        s = _mm_slli_si128::<4>(s);
        w = _mm_xor_si128(w, s);
        _mm_xor_si128(w, t)
    }

    /// The AES-256 key schedule (FIPS-197, 5.2). SubWord comes from `aesenclast` on the word
    /// broadcast to all four columns (where ShiftRows changes nothing), which is several times
    /// faster than `aeskeygenassist` on recent Intel cores; the rcon goes in as the round key.
    #[target_feature(enable = "aes,ssse3,sse2")]
    unsafe fn expand(key: &[u8; 32], rk: &mut [u128; 15]) {
        let mut a = _mm_loadu_si128(key.as_ptr().cast());
        let mut b = _mm_loadu_si128(key.as_ptr().add(16).cast());
        rk[0] = u(a);
        rk[1] = u(b);
        // RotWord of the last word, in every column.
        let rot_last = _mm_set1_epi32(0x0c0f_0e0d);
        let mut rcon = 1;
        for i in (2..15).step_by(2) {
            // Even round key: SubWord(RotWord(last word of b)) ^ rcon, spread over a.
            let t = _mm_aesenclast_si128(_mm_shuffle_epi8(b, rot_last), _mm_set1_epi32(rcon));
            a = mix(a, t);
            rk[i] = u(a);
            if i == 14 {
                break;
            }
            // Odd round key: SubWord(last word of a), spread over b.
            let t = _mm_aesenclast_si128(_mm_shuffle_epi32::<0xff>(a), _mm_setzero_si128());
            b = mix(b, t);
            rk[i + 1] = u(b);
            rcon <<= 1;
        }
    }

    #[target_feature(enable = "aes,sse2")]
    unsafe fn encrypt1(rk: &[u128; 15], block: &mut [u8; 16]) {
        let mut x = _mm_xor_si128(_mm_loadu_si128(block.as_ptr().cast()), m(rk[0]));
        for &k in &rk[1..14] {
            x = _mm_aesenc_si128(x, m(k));
        }
        x = _mm_aesenclast_si128(x, m(rk[14]));
        _mm_storeu_si128(block.as_mut_ptr().cast(), x);
    }

    /// CBC with the chaining value and the round keys kept in registers.
    #[target_feature(enable = "aes,sse2")]
    unsafe fn cbc(rk: &[u128; 15], iv: &[u8; 16], data: &mut [u8]) {
        let mut prev = _mm_loadu_si128(iv.as_ptr().cast());
        for block in data.chunks_exact_mut(16) {
            let mut x = _mm_xor_si128(_mm_loadu_si128(block.as_ptr().cast()), prev);
            x = _mm_xor_si128(x, m(rk[0]));
            for &k in &rk[1..14] {
                x = _mm_aesenc_si128(x, m(k));
            }
            prev = _mm_aesenclast_si128(x, m(rk[14]));
            _mm_storeu_si128(block.as_mut_ptr().cast(), prev);
        }
    }

    /// GCM counter mode, four blocks at a time; the key stream never leaves registers.
    #[target_feature(enable = "aes,sse2")]
    unsafe fn gcm_ctr(rk: &[u128; 15], iv: &[u8; 12], data: &mut [u8]) -> [u8; 16] {
        let mut j0 = [0u8; 16];
        j0[..12].copy_from_slice(iv);
        let base = _mm_loadu_si128(j0.as_ptr().cast());
        // IV || n, n big-endian in the last four bytes.
        let counter = |n: u32| _mm_or_si128(base, _mm_setr_epi32(0, 0, 0, n.swap_bytes() as i32));
        let encrypt = |x: __m128i| {
            let mut x = _mm_xor_si128(x, m(rk[0]));
            for &k in &rk[1..14] {
                x = _mm_aesenc_si128(x, m(k));
            }
            _mm_aesenclast_si128(x, m(rk[14]))
        };
        let xor_into = |block: &mut [u8], ks: __m128i| {
            if let Ok(b) = <&mut [u8; 16]>::try_from(&mut *block) {
                let x = _mm_xor_si128(_mm_loadu_si128(b.as_ptr().cast()), ks);
                _mm_storeu_si128(b.as_mut_ptr().cast(), x);
            } else {
                let mut tmp = [0u8; 16];
                tmp[..block.len()].copy_from_slice(block);
                let x = _mm_xor_si128(_mm_loadu_si128(tmp.as_ptr().cast()), ks);
                _mm_storeu_si128(tmp.as_mut_ptr().cast(), x);
                block.copy_from_slice(&tmp[..block.len()]);
            }
        };
        let mut n = 2u32;
        let mut fours = data.chunks_exact_mut(64);
        for c in &mut fours {
            let mut x = [counter(n), counter(n + 1), counter(n + 2), counter(n + 3)];
            n = n.wrapping_add(4);
            for xi in &mut x {
                *xi = _mm_xor_si128(*xi, m(rk[0]));
            }
            for &k in &rk[1..14] {
                let k = m(k);
                for xi in &mut x {
                    *xi = _mm_aesenc_si128(*xi, k);
                }
            }
            let k = m(rk[14]);
            for (block, xi) in c.chunks_exact_mut(16).zip(x) {
                xor_into(block, _mm_aesenclast_si128(xi, k));
            }
        }
        for block in fours.into_remainder().chunks_mut(16) {
            xor_into(block, encrypt(counter(n)));
            n = n.wrapping_add(1);
        }
        let mut tag_mask = [0u8; 16];
        _mm_storeu_si128(tag_mask.as_mut_ptr().cast(), encrypt(counter(1)));
        tag_mask
    }

    /// Four independent blocks at once, so that the AES units stay busy.
    #[target_feature(enable = "aes,sse2")]
    unsafe fn encrypt4(rk: &[u128; 15], blocks: &mut [[u8; 16]]) {
        let mut x = [_mm_setzero_si128(); 4];
        for (xi, b) in x.iter_mut().zip(blocks.iter()) {
            *xi = _mm_xor_si128(_mm_loadu_si128(b.as_ptr().cast()), m(rk[0]));
        }
        for &k in &rk[1..14] {
            let k = m(k);
            for xi in &mut x {
                *xi = _mm_aesenc_si128(*xi, k);
            }
        }
        let k = m(rk[14]);
        for (xi, b) in x.iter_mut().zip(blocks.iter_mut()) {
            _mm_storeu_si128(b.as_mut_ptr().cast(), _mm_aesenclast_si128(*xi, k));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FIPS-197 appendix C.3: AES-256 of 00112233... under key 000102...1f.
    #[test]
    fn fips197_vector() {
        let key: [u8; 32] = std::array::from_fn(|i| i as u8);
        let mut block: [u8; 16] = std::array::from_fn(|i| (i as u8) * 0x11);
        EncKey::new(&key).encrypt_block(&mut block);
        assert_eq!(
            block,
            [
                0x8e, 0xa2, 0xb7, 0xca, 0x51, 0x67, 0x45, 0xbf, 0xea, 0xfc, 0x49, 0x90, 0x4b, 0x49,
                0x60, 0x89
            ]
        );
    }

    #[test]
    fn matches_the_aes_crate() {
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        };
        for _ in 0..200 {
            let key: [u8; 32] = std::array::from_fn(|_| next());
            let ours = EncKey::new(&key);
            let soft = EncKey::Soft(Box::new(aes::Aes256Enc::new((&key).into())));
            let mut blocks: Vec<[u8; 16]> =
                (0..7).map(|_| std::array::from_fn(|_| next())).collect();
            let mut expected = blocks.clone();
            for b in &mut expected {
                soft.encrypt_block(b);
            }
            let mut one = blocks[0];
            ours.encrypt_block(&mut one);
            assert_eq!(one, expected[0]);
            ours.encrypt_blocks(&mut blocks);
            assert_eq!(blocks, expected);
        }
    }

    #[test]
    fn cbc_matches_the_software_path() {
        let key: [u8; 32] = std::array::from_fn(|i| (i * 7) as u8);
        let iv: [u8; 16] = std::array::from_fn(|i| (i * 3) as u8);
        let data: Vec<u8> = (0..200u8).collect();
        let soft = EncKey::Soft(Box::new(aes::Aes256Enc::new((&key).into())));
        for (start, end) in [(0, 0), (0, 16), (8, 8 + 160), (24, 200)] {
            let (mut a, mut b) = (data.clone(), data.clone());
            EncKey::new(&key).cbc_encrypt(&iv, &mut a[start..end]);
            soft.cbc_encrypt(&iv, &mut b[start..end]);
            assert_eq!(a, b);
            // And both as the `cbc` crate does it.
            use aes::cipher::{block_padding::NoPadding, BlockEncryptMut, KeyIvInit};
            let mut c = data.clone();
            cbc::Encryptor::<aes::Aes256>::new((&key).into(), (&iv).into())
                .encrypt_padded_mut::<NoPadding>(&mut c[start..end], end - start)
                .unwrap();
            assert_eq!(a, c);
            assert_eq!(a[..start], data[..start]);
            assert_eq!(a[end..], data[end..]);
        }
    }

    #[test]
    fn gcm_ctr_matches_the_block_path() {
        let key: [u8; 32] = std::array::from_fn(|i| (i * 11 + 5) as u8);
        let iv: [u8; 12] = std::array::from_fn(|i| (i * 29 + 1) as u8);
        let fast = EncKey::new(&key);
        let soft = EncKey::Soft(Box::new(aes::Aes256Enc::new((&key).into())));
        for len in (0..300).chain([1000, 65_519]) {
            let data: Vec<u8> = (0..len).map(|i| (i * 13) as u8).collect();
            let (mut a, mut b) = (data.clone(), data.clone());
            assert_eq!(
                fast.gcm_ctr(&iv, &mut a),
                soft.gcm_ctr(&iv, &mut b),
                "{len}"
            );
            assert_eq!(a, b, "length {len}");
            // Counter mode is its own inverse.
            fast.gcm_ctr(&iv, &mut a);
            assert_eq!(a, data);
        }
    }

    #[test]
    fn ghash_matches_the_ghash_crate() {
        use ghash::universal_hash::KeyInit;
        let mut state = 0x0bad_5eed_1234_5678u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        };
        for len in (0..300).chain([1000, 4096, 65_519]) {
            let h: [u8; 16] = std::array::from_fn(|_| next());
            let data: Vec<u8> = (0..len).map(|_| next()).collect();
            let ours = Ghash::new(&h);
            let soft = Ghash::Soft(ghash::GHash::new((&h).into()));
            assert_eq!(ours.ghash(&data), soft.ghash(&data), "length {len}");
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn uses_aes_ni_where_available() {
        if std::is_x86_feature_detected!("aes") {
            assert!(matches!(EncKey::new(&[0; 32]), EncKey::Ni(_)));
        }
    }
}
