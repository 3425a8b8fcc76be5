//! `cargo bench`: one-shot CBC and GCM, the generator, `_into`, decode, and the crates floor (the
//! `aes` and `cbc` crates' key expansion + CBC of the same plaintext length + the `base64` crate's
//! encoding of the same packed length: the work of a token on the crates alone), all with a
//! strict payload of about 70 bytes.

use std::hint::black_box;

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeEncrypt, KeyInit, KeyIvInit};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use criterion::{criterion_group, criterion_main, Criterion};
use zego_token::{
    build_rtc_room_payload, decode_token04, generate_token04, generate_token04_gcm, Generator, Mode,
};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

fn payload() -> String {
    build_rtc_room_payload::<&str>("room-0001", true, true, None)
}

fn benches(c: &mut Criterion) {
    let payload = payload();
    let user = "user-000001";
    let mut g = c.benchmark_group("token04");

    g.bench_function("oneshot_cbc", |b| {
        b.iter(|| generate_token04(1, black_box(user), SECRET, 3600, &payload).unwrap())
    });
    g.bench_function("oneshot_gcm", |b| {
        b.iter(|| generate_token04_gcm(1, black_box(user), SECRET, 3600, &payload).unwrap())
    });
    for mode in [Mode::Cbc, Mode::Gcm] {
        let gen = Generator::new(1, SECRET, mode).unwrap();
        g.bench_function(format!("generator_{}", mode.name()), |b| {
            b.iter(|| gen.generate(black_box(user), 3600, &payload).unwrap())
        });
        let mut buf = vec![0u8; zego_token::max_token_len(user.len(), payload.len())];
        g.bench_function(format!("into_{}", mode.name()), |b| {
            b.iter(|| {
                gen.generate_into(black_box(user), 3600, &payload, &mut buf)
                    .unwrap()
            })
        });
        let token = gen.generate(user, 3600, &payload).unwrap();
        g.bench_function(format!("decode_{}", mode.name()), |b| {
            b.iter(|| decode_token04(black_box(&token), SECRET).unwrap())
        });
    }

    // The floor: the cryptographic work alone, on the same lengths as a real token.
    let token = generate_token04(1, user, SECRET, 3600, &payload).unwrap();
    let packed_len = STANDARD.decode(&token[2..]).unwrap().len();
    let ct_len = packed_len - 28;
    let pt_len = ct_len - 1; // any length that pads to ct_len
    let plaintext = vec![b'x'; pt_len];
    let iv = [b'0'; 16];
    let key: &[u8; 32] = SECRET.as_bytes().try_into().unwrap();
    g.bench_function("floor_cbc", |b| {
        // The packed token: a 28-byte header, then the ciphertext, encrypted in place and
        // base64-encoded with the header.
        let mut packed = vec![b'y'; packed_len];
        let mut out = String::with_capacity(token.len());
        b.iter(|| {
            let ct = &mut packed[28..];
            ct[..pt_len].copy_from_slice(&plaintext);
            let enc = cbc::Encryptor::<aes::Aes256Enc>::new(black_box(key).into(), (&iv).into());
            enc.encrypt_padded::<Pkcs7>(ct, pt_len).unwrap();
            out.clear();
            STANDARD.encode_string(&packed, &mut out);
            black_box(&out);
        })
    });
    g.bench_function("floor_key_expansion", |b| {
        b.iter(|| aes::Aes256Enc::new(black_box(key).into()))
    });
    g.finish();
}

criterion_group!(name = token; config = Criterion::default().sample_size(60); targets = benches);
criterion_main!(token);
