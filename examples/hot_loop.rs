//! A hot loop for profilers (`perf record`, `valgrind --tool=callgrind`):
//! `cargo run --release --example hot_loop -- [cbc|gcm|oneshot-cbc|oneshot-gcm|new-cbc|new-gcm] [count]`
//! (`cbc`/`gcm`: a generator's `generate_into`; `oneshot-*`: `generate_token04*`; `new-*`:
//! `Generator::new` alone, that is the key expansion a one-shot call pays for).
use zego_token::{build_rtc_room_payload, generate_token04_with_mode, Generator, Mode};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "cbc".into());
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000_000);
    let mode = if what.ends_with("gcm") {
        Mode::Gcm
    } else {
        Mode::Cbc
    };
    let payload = build_rtc_room_payload::<&str>("room-0001", true, true, None);
    let gen = Generator::new(1, SECRET, mode).unwrap();
    let mut buf = vec![0u8; zego_token::max_token_len(11, payload.len())];
    let mut total = 0usize;
    let mut one = || {
        total += if what.starts_with("oneshot") {
            generate_token04_with_mode(mode, 1, "user-000001", SECRET, 3600, &payload)
                .unwrap()
                .len()
        } else if what.starts_with("new") {
            std::hint::black_box(Generator::new(1, SECRET, mode).unwrap()).app_id() as usize
        } else {
            gen.generate_into("user-000001", 3600, &payload, &mut buf)
                .unwrap()
        };
    };
    // The mean over all calls, and the fastest batch of 1,000 (steadier on a noisy machine).
    let start = std::time::Instant::now();
    let mut fastest = f64::INFINITY;
    for _ in 0..n.div_ceil(1000) {
        let batch = std::time::Instant::now();
        for _ in 0..1000 {
            one();
        }
        fastest = fastest.min(batch.elapsed().as_nanos() as f64 / 1000.0);
    }
    let ns = start.elapsed().as_nanos() as f64 / (n.div_ceil(1000) * 1000) as f64;
    println!("{what} {ns:.0} ns/token, fastest batch {fastest:.0} ns/token ({total} bytes)");
}
