//! Every type that holds key material is wiped when dropped: the generator (both modes), and the
//! crate types the library builds for a call (the CBC encryptor and decryptor, the AES key
//! schedules, AES-GCM with its GHASH key).
//!
//! Each value is built twice, with two keys, in place; the bytes that differ between the two are
//! the key-dependent ones (round keys, the GHASH key). After the value is dropped in place, every
//! one of them must be zero. Without `polyval`'s `zeroize` feature, AES-GCM fails this (its GHASH
//! key survives).

use std::mem::{size_of, MaybeUninit};

use aes::cipher::{KeyInit, KeyIvInit};
use zego_token::{Generator, Mode};

const KEY_A: &str = "fa94dd0f974cf2e293728a526b028271";
const KEY_B: &str = "0123456789abcdef0123456789abcdef";

fn bytes<T>(v: &MaybeUninit<T>) -> Vec<u8> {
    let p = v.as_ptr().cast::<u8>();
    // Volatile reads, so that the reads after the drop are not assumed away.
    (0..size_of::<T>())
        .map(|i| unsafe { std::ptr::read_volatile(p.add(i)) })
        .collect()
}

/// (key-dependent bytes, of which still non-zero after drop).
fn left_after_drop<T>(make: impl Fn(&[u8; 32]) -> T) -> (usize, usize) {
    let mut a = Box::new(MaybeUninit::new(make(KEY_A.as_bytes().try_into().unwrap())));
    let b = Box::new(MaybeUninit::new(make(KEY_B.as_bytes().try_into().unwrap())));
    let (ba, bb) = (bytes(&a), bytes(&b));
    let dependent: Vec<usize> = (0..ba.len()).filter(|&i| ba[i] != bb[i]).collect();
    unsafe {
        a.assume_init_drop();
        let mut b = b;
        b.assume_init_drop();
    }
    let after = bytes(&a);
    let left = dependent.iter().filter(|&&i| after[i] != 0).count();
    (dependent.len(), left)
}

fn check<T>(name: &str, make: impl Fn(&[u8; 32]) -> T) {
    let (dependent, left) = left_after_drop(make);
    // A key schedule is at least 15 round keys; the comparison must have found them.
    assert!(
        dependent >= 200,
        "{name}: only {dependent} key-dependent bytes"
    );
    assert_eq!(
        left, 0,
        "{name}: {left} of {dependent} key bytes survive drop"
    );
}

#[test]
fn generators_wipe_their_keys() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        check(&format!("Generator ({mode:?})"), |k| {
            Generator::new(1, std::str::from_utf8(k).unwrap(), mode).unwrap()
        });
    }
}

#[test]
fn crate_key_types_wipe_their_keys() {
    check("Aes256Enc", |k| aes::Aes256Enc::new(k.into()));
    check("Aes256Dec", |k| aes::Aes256Dec::new(k.into()));
    check("cbc::Encryptor", |k| {
        cbc::Encryptor::<aes::Aes256Enc>::new(k.into(), (&[7u8; 16]).into())
    });
    check("cbc::Decryptor", |k| {
        cbc::Decryptor::<aes::Aes256Dec>::new(k.into(), (&[7u8; 16]).into())
    });
    check("Aes256Gcm (AES key and GHASH key)", |k| {
        aes_gcm::Aes256Gcm::new(k.into())
    });
}
