//! The crates floor, for `make bench` (examples/c/bench.c links it as a static library): the
//! per-token work of a CBC token04 done with the crates alone — AES-256 key expansion (`aes`),
//! CBC with PKCS#7 (`cbc`), base64 (`base64`) — on the lengths of a real token. Nothing else:
//! no validation, JSON, randomness or packing. The library's calls are measured against it.
//!
//! Built with `cargo build --release -p crates-floor` (a `staticlib`: target/release/libcrates_floor.a).
#![allow(clippy::missing_safety_doc)]

use std::cell::RefCell;
use std::hint::black_box;

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeEncrypt, KeyIvInit};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

const SECRET: &[u8; 32] = b"fa94dd0f974cf2e293728a526b028271";

struct Floor {
    plaintext: Vec<u8>,
    packed: Vec<u8>,
    out: Vec<u8>,
}

thread_local! {
    static FLOOR: RefCell<Floor> = const {
        RefCell::new(Floor { plaintext: Vec::new(), packed: Vec::new(), out: Vec::new() })
    };
}

/// Sets the lengths: `pt_len` plaintext bytes in a packed token of `packed_len` bytes (a 28-byte
/// header, then the ciphertext).
#[no_mangle]
pub extern "C" fn crates_floor_setup(pt_len: usize, packed_len: usize) {
    FLOOR.with(|f| {
        let mut f = f.borrow_mut();
        f.plaintext = vec![b'x'; pt_len];
        f.packed = vec![b'y'; packed_len];
        f.out = vec![0; 2 + packed_len.div_ceil(3) * 4];
    });
}

/// One token's worth of crate work; returns the encoded length.
#[no_mangle]
pub extern "C" fn crates_floor_once() -> usize {
    FLOOR.with(|f| {
        let f = &mut *f.borrow_mut();
        let pt_len = f.plaintext.len();
        let iv = [b'0'; 16];
        let ct = &mut f.packed[28..];
        ct[..pt_len].copy_from_slice(&f.plaintext);
        cbc::Encryptor::<aes::Aes256Enc>::new(black_box(SECRET).into(), (&iv).into())
            .encrypt_padded::<Pkcs7>(ct, pt_len)
            .expect("lengths set by crates_floor_setup");
        f.out[..2].copy_from_slice(b"04");
        let n = STANDARD
            .encode_slice(&f.packed, &mut f.out[2..])
            .expect("room for the encoding");
        black_box(&f.out);
        n + 2
    })
}

/// The crates' AES-256 key expansion alone.
#[no_mangle]
pub extern "C" fn crates_floor_key_expansion() {
    use aes::cipher::KeyInit;
    black_box(aes::Aes256Enc::new(black_box(SECRET).into()));
}
