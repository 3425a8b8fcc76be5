fn main() {
    let n = 1_000_000;
    let payload = zego_token::build_rtc_room_payload::<&str>("room-0001", true, true, None);
    for _ in 0..3 {
        let t = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(zego_token::Generator::new(1, std::hint::black_box("fa94dd0f974cf2e293728a526b028271"), zego_token::Mode::Cbc).unwrap());
        }
        let a = t.elapsed().as_nanos() as f64 / n as f64;
        let t = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(zego_token::generate_token04(1, "user-000001", "fa94dd0f974cf2e293728a526b028271", 3600, &payload).unwrap());
        }
        let b = t.elapsed().as_nanos() as f64 / n as f64;
        let g = zego_token::Generator::new(1, "fa94dd0f974cf2e293728a526b028271", zego_token::Mode::Cbc).unwrap();
        let t = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(g.generate("user-000001", 3600, &payload).unwrap());
        }
        let c = t.elapsed().as_nanos() as f64 / n as f64;
        println!("Generator::new {a:.0} ns; one-shot {b:.0} ns; generator {c:.0} ns");
    }
}
