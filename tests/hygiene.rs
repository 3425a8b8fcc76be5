//! Secret hygiene: no Debug output or error message contains the secret.

use zego_token::{decode_token04, generate_token04, Error, Generator, Mode};

const SECRET: &str = "S3CRETS3CRETS3CRETS3CRETS3CRET!!";

#[test]
fn debug_output_never_shows_the_secret_or_key() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        let g = Generator::new(1, SECRET, mode).unwrap();
        let dbg = format!("{g:?} {g:#?}");
        assert!(!dbg.contains(SECRET), "{dbg}");
        assert!(!dbg.contains("S3CRET"), "{dbg}");
        assert!(dbg.contains("app_id"), "{dbg}");
    }
    let t = generate_token04(1, "u", SECRET, 60, "").unwrap();
    let claims = decode_token04(&t, SECRET).unwrap();
    assert!(!format!("{claims:?}").contains("S3CRET"));
}

#[test]
fn error_messages_never_show_inputs() {
    let short = "S3CRET-but-31-bytes-long-......";
    let errors = [
        generate_token04(1, "u", short, 60, "").unwrap_err(),
        Generator::new(1, short, Mode::Gcm).unwrap_err(),
        decode_token04("04AAAA", short).unwrap_err(),
        decode_token04(
            &generate_token04(1, "u", SECRET, 60, "").unwrap(),
            &SECRET.replace('!', "?"),
        )
        .unwrap_err(),
    ];
    for e in errors.iter().chain(Error::ALL.iter()) {
        for text in [e.to_string(), format!("{e:?}"), e.message().to_string()] {
            assert!(!text.contains("S3CRET"), "{text}");
        }
    }
}
