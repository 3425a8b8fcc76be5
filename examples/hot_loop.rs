//! A hot loop for profilers (`perf record`, `valgrind --tool=callgrind`):
//! `cargo run --release --example hot_loop -- [cbc|gcm] [count]`.
use zego_token::{build_rtc_room_payload, Generator, Mode};

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = match args.next().as_deref() {
        Some("gcm") => Mode::Gcm,
        _ => Mode::Cbc,
    };
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000_000);
    let payload = build_rtc_room_payload::<&str>("room-0001", true, true, None);
    let gen = Generator::new(1, "fa94dd0f974cf2e293728a526b028271", mode).unwrap();
    let mut buf = vec![0u8; zego_token::max_token_len(11, payload.len())];
    let mut total = 0usize;
    let start = std::time::Instant::now();
    for _ in 0..n {
        total += gen
            .generate_into("user-000001", 3600, &payload, &mut buf)
            .unwrap();
    }
    let ns = start.elapsed().as_nanos() as f64 / n as f64;
    println!("{} {ns:.0} ns/token ({total} bytes)", mode.name());
}
