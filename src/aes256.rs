//! AES-256 encryption of single blocks, over an expanded key.
//!
//! On x86-64 with AES-NI (detected at run time) this uses the AES instructions directly: a 240-byte
//! key schedule expanded in a few dozen nanoseconds and zeroized when dropped. Elsewhere it uses the
//! `aes` crate. Only encryption is needed on the hot path (CBC encryption, the CTR random
//! generator); decryption uses the crates.

use aes::cipher::{BlockEncrypt, KeyInit};

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
                let yes =
                    std::is_x86_feature_detected!("aes") && std::is_x86_feature_detected!("sse2");
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
            // SAFETY: AES-NI and SSE2 are available (checked above).
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
        let [h1, h2, h3, h4] = powers.map(m);
        let load = |b: &[u8]| bswap(_mm_loadu_si128(b.as_ptr().cast()));
        let mut x = _mm_setzero_si128();
        let mut fours = data.chunks_exact(64);
        for c in &mut fours {
            let x1 = _mm_xor_si128(x, load(&c[..16]));
            let (l1, g1) = mul_wide(x1, h4);
            let (l2, g2) = mul_wide(load(&c[16..32]), h3);
            let (l3, g3) = mul_wide(load(&c[32..48]), h2);
            let (l4, g4) = mul_wide(load(&c[48..64]), h1);
            x = reduce(
                _mm_xor_si128(_mm_xor_si128(l1, l2), _mm_xor_si128(l3, l4)),
                _mm_xor_si128(_mm_xor_si128(g1, g2), _mm_xor_si128(g3, g4)),
            );
        }
        for c in fours.remainder().chunks(16) {
            let mut block = [0u8; 16];
            block[..c.len()].copy_from_slice(c);
            x = gfmul(_mm_xor_si128(x, load(&block)), h1);
        }
        let mut lengths = [0u8; 16];
        lengths[8..].copy_from_slice(&((data.len() as u64) * 8).to_be_bytes());
        x = gfmul(_mm_xor_si128(x, load(&lengths)), h1);
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

    #[target_feature(enable = "aes,sse2")]
    unsafe fn expand(key: &[u8; 32], rk: &mut [u128; 15]) {
        let mut a = _mm_loadu_si128(key.as_ptr().cast());
        let mut b = _mm_loadu_si128(key.as_ptr().add(16).cast());
        rk[0] = u(a);
        rk[1] = u(b);
        // Even round key: RotWord(SubWord(last word of b)) ^ rcon, spread over a.
        macro_rules! even {
            ($i:expr, $rcon:expr) => {
                a = mix(
                    a,
                    _mm_shuffle_epi32::<0xff>(_mm_aeskeygenassist_si128::<$rcon>(b)),
                );
                rk[$i] = u(a);
            };
        }
        // Odd round key: SubWord(last word of a), spread over b.
        macro_rules! odd {
            ($i:expr) => {
                b = mix(
                    b,
                    _mm_shuffle_epi32::<0xaa>(_mm_aeskeygenassist_si128::<0>(a)),
                );
                rk[$i] = u(b);
            };
        }
        even!(2, 0x01);
        odd!(3);
        even!(4, 0x02);
        odd!(5);
        even!(6, 0x04);
        odd!(7);
        even!(8, 0x08);
        odd!(9);
        even!(10, 0x10);
        odd!(11);
        even!(12, 0x20);
        odd!(13);
        even!(14, 0x40);
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
