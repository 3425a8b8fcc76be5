//! Drives the built `zego-token` binary over the vectors, the foreign tokens and every error path.

use assert_cmd::Command;
use serde_json::Value;

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

fn data(name: &str) -> Value {
    let path = format!("{}/../tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn cmd() -> Command {
    let mut c = Command::cargo_bin("zego-token").unwrap();
    c.env_remove("ZEGO_SERVER_SECRET").env_remove("ZEGO_APP_ID");
    c
}

fn stdout_of(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a failing command; returns (exit code, stderr).
fn failure_of(c: &mut Command) -> (i32, String) {
    let out = c.output().unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing on stdout on error");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap(), err)
}

#[test]
fn reproduces_every_vector_in_both_modes() {
    let cases = data("token04-vectors.json")["cases"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(cases.len(), 14);
    for c in cases {
        let out = stdout_of(
            cmd()
                .arg("generate")
                .args(["--mode", c["mode"].as_str().unwrap()])
                .args(["--app-id", &c["app_id"].to_string()])
                .args(["--user-id", c["user_id"].as_str().unwrap()])
                .args(["--ttl", &c["effective_time_in_seconds"].to_string()])
                .args(["--payload", c["payload"].as_str().unwrap()])
                .args(["--fixed-ctime", &c["ctime"].to_string()])
                .args(["--fixed-nonce", &c["nonce"].to_string()])
                .args(["--fixed-iv", c["iv_hex"].as_str().unwrap()])
                .env("ZEGO_SERVER_SECRET", c["secret"].as_str().unwrap()),
        );
        assert_eq!(
            out,
            format!("{}\n", c["token"].as_str().unwrap()),
            "{}",
            c["name"]
        );
    }
}

#[test]
fn decodes_vectors_and_foreign_tokens() {
    let mut tokens: Vec<Value> = data("token04-foreign.json")["tokens"]
        .as_array()
        .unwrap()
        .clone();
    tokens.extend(
        data("token04-vectors.json")["cases"]
            .as_array()
            .unwrap()
            .clone(),
    );
    for t in tokens {
        let out = stdout_of(
            cmd()
                .arg("decode")
                .arg(t["token"].as_str().unwrap())
                .env("ZEGO_SERVER_SECRET", t["secret"].as_str().unwrap()),
        );
        let claims: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(claims["app_id"], t["app_id"]);
        assert_eq!(claims["user_id"], t["user_id"]);
        assert_eq!(claims["payload"], t["payload"]);
        assert_eq!(
            claims["expire"].as_i64().unwrap() - claims["ctime"].as_i64().unwrap(),
            t["effective_time_in_seconds"].as_i64().unwrap()
        );
        let keys: Vec<&String> = claims.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 7);
        assert!(["cbc", "gcm"].contains(&claims["mode"].as_str().unwrap()));
    }
}

#[test]
fn strict_payload_flags_build_the_official_payload() {
    let token = stdout_of(
        cmd()
            .args([
                "generate",
                "--app-id",
                "9",
                "--user-id",
                "u",
                "--secret",
                SECRET,
            ])
            .args(["--room-id", "demo", "--can-login-room", "--mode", "gcm"])
            .args(["--stream-id", "s1", "--stream-id", "s\"2"]),
    );
    let out = stdout_of(cmd().args(["decode", "--secret", SECRET, token.trim()]));
    let claims: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        claims["payload"],
        r#"{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":["s1","s\"2"]}"#
    );
    assert_eq!(claims["mode"], "gcm");
    assert_eq!(claims["app_id"], 9);
}

#[test]
fn app_id_and_secret_from_environment() {
    let token = stdout_of(
        cmd()
            .args(["generate", "--user-id", "env-user", "--ttl", "60"])
            .env("ZEGO_APP_ID", "77")
            .env("ZEGO_SERVER_SECRET", SECRET),
    );
    assert!(token.starts_with("04") && token.ends_with('\n'));
    let out = stdout_of(
        cmd()
            .args(["verify", "--allow-cbc", token.trim()])
            .env("ZEGO_APP_ID", "77")
            .env("ZEGO_SERVER_SECRET", SECRET),
    );
    assert!(out.contains("\"user_id\":\"env-user\""));
    assert!(out.contains("\"mode\":\"cbc\""));
}

#[test]
fn verify_checks_app_id_and_expiry() {
    let token = stdout_of(cmd().args([
        "generate",
        "--app-id",
        "5",
        "--user-id",
        "u",
        "--secret",
        SECRET,
    ]));
    let token = token.trim();
    // A CBC token (the generate default): refused unless --allow-cbc, before any decryption.
    let (code, err) =
        failure_of(cmd().args(["verify", "--app-id", "5", "--secret", SECRET, token]));
    assert_eq!(code, 1);
    assert!(err.contains("(code 134)"), "{err}");
    let out = stdout_of(cmd().args([
        "verify",
        "--allow-cbc",
        "--app-id",
        "5",
        "--secret",
        SECRET,
        token,
    ]));
    assert!(out.contains("\"mode\":\"cbc\""), "{out}");
    let token = stdout_of(cmd().args([
        "generate",
        "--mode",
        "gcm",
        "--app-id",
        "5",
        "--user-id",
        "u",
        "--secret",
        SECRET,
    ]));
    let token = token.trim();
    let (code, err) =
        failure_of(cmd().args(["verify", "--app-id", "6", "--secret", SECRET, token]));
    assert_eq!(code, 1);
    assert!(err.contains("(code 132)"), "{err}");
    let (_, err) = failure_of(cmd().args([
        "verify",
        "--app-id",
        "5",
        "--secret",
        SECRET,
        "--now",
        "9999999999",
        token,
    ]));
    assert!(err.contains("(code 133)"), "{err}");
    stdout_of(cmd().args([
        "verify", "--app-id", "5", "--secret", SECRET, "--now", "0", token,
    ]));
}

#[test]
fn library_errors_name_their_code_and_never_the_secret() {
    let short = "s3cr3t-value-that-is-31-bytes!!";
    let long_user = "u".repeat(65);
    assert_eq!(short.len(), 31);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "generate",
                "--app-id",
                "0",
                "--user-id",
                "u",
                "--secret",
                SECRET,
            ],
            "(code 1)",
        ),
        (
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "",
                "--secret",
                SECRET,
            ],
            "(code 3)",
        ),
        (
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                &long_user,
                "--secret",
                SECRET,
            ],
            "(code 3)",
        ),
        (
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "u",
                "--secret",
                short,
            ],
            "(code 5)",
        ),
        (
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "u",
                "--secret",
                SECRET,
                "--ttl",
                "0",
            ],
            "(code 6)",
        ),
        (
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "u",
                "--secret",
                SECRET,
                "--ttl",
                "-1",
            ],
            "(code 6)",
        ),
        (
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "u",
                "--secret",
                SECRET,
                "--ttl",
                "9223372036854775807",
            ],
            "(code 6)",
        ),
        (
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "u",
                "--secret",
                SECRET,
                "--fixed-ctime",
                "1",
                "--fixed-nonce",
                "1",
                "--fixed-iv",
                "zz",
            ],
            "(code 107)",
        ),
        (
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "u",
                "--secret",
                SECRET,
                "--mode",
                "gcm",
                "--fixed-ctime",
                "1",
                "--fixed-nonce",
                "1",
                "--fixed-iv",
                "00000000000000000000000000000000",
            ],
            "(code 107)",
        ),
        (vec!["decode", "--secret", short, "04AAAA"], "(code 5)"),
        (vec!["decode", "--secret", SECRET, "05AAAA"], "(code 120)"),
        (vec!["decode", "--secret", SECRET, "04!!"], "(code 121)"),
        (vec!["decode", "--secret", SECRET, "04AAAA"], "(code 122)"),
    ];
    for (args, expected) in cases {
        let (code, err) = failure_of(cmd().args(&args));
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(err.starts_with("zego-token: error: "), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            !err.contains(SECRET) && !err.contains(short),
            "secret leaked: {err}"
        );
    }
    let big = "p".repeat(70_000);
    let (_, err) = failure_of(cmd().args([
        "generate",
        "--app-id",
        "1",
        "--user-id",
        "u",
        "--secret",
        SECRET,
        "--payload",
        &big,
    ]));
    assert!(err.contains("(code 102)"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["generate", "--user-id", "u", "--secret", SECRET],
        vec!["generate", "--app-id", "1", "--user-id", "u"],
        vec![
            "generate",
            "--app-id",
            "x",
            "--user-id",
            "u",
            "--secret",
            SECRET,
        ],
        vec![
            "generate",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--secret",
            SECRET,
            "--mode",
            "ecb",
        ],
        vec![
            "generate",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--secret",
            SECRET,
            "--payload",
            "p",
            "--room-id",
            "r",
        ],
        vec![
            "generate",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--secret",
            SECRET,
            "--fixed-ctime",
            "1",
        ],
        vec!["decode", "--secret", SECRET],
        vec!["verify", "--secret", SECRET, "04AAAA"],
        vec!["frobnicate"],
    ] {
        let (code, err) = failure_of(cmd().args(&args));
        assert_eq!(code, 2, "{args:?}");
        assert!(!err.contains(SECRET), "secret leaked: {err}");
    }
}

#[test]
fn help_on_every_subcommand() {
    for sub in [vec![], vec!["generate"], vec!["decode"], vec!["verify"]] {
        let out = stdout_of(
            cmd()
                .args(&sub)
                .arg("--help")
                .env("ZEGO_SERVER_SECRET", SECRET),
        );
        assert!(out.contains("Usage: zego-token"), "{out}");
        assert!(!out.contains(SECRET), "help shows the secret");
    }
}

/// The CLI's rows of the README's bad-input audit table: each is run here.
#[test]
fn readme_audit_rows_for_the_cli() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let gcm = stdout_of(cmd().args([
        "generate",
        "--app-id",
        "1",
        "--user-id",
        "u",
        "--secret",
        SECRET,
        "--mode",
        "gcm",
    ]));
    let mut tampered = gcm.trim().to_string().into_bytes();
    let i = tampered.len() - 6;
    tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let rows: Vec<(&str, Vec<&str>, i32, Option<i32>)> = vec![
        (
            "generate --app-id 0",
            vec![
                "generate",
                "--app-id",
                "0",
                "--user-id",
                "u",
                "--secret",
                SECRET,
            ],
            1,
            Some(1),
        ),
        (
            "generate --ttl -1",
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "u",
                "--secret",
                SECRET,
                "--ttl",
                "-1",
            ],
            1,
            Some(6),
        ),
        (
            "generate with no secret anywhere",
            vec!["generate", "--app-id", "1", "--user-id", "u"],
            2,
            None,
        ),
        (
            "generate --payload with --room-id",
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "u",
                "--secret",
                SECRET,
                "--payload",
                "p",
                "--room-id",
                "r",
            ],
            2,
            None,
        ),
        (
            "generate --fixed-iv not hex",
            vec![
                "generate",
                "--app-id",
                "1",
                "--user-id",
                "u",
                "--secret",
                SECRET,
                "--fixed-ctime",
                "1",
                "--fixed-nonce",
                "1",
                "--fixed-iv",
                "zz",
            ],
            1,
            Some(107),
        ),
        (
            "decode of a tampered GCM token",
            vec!["decode", "--secret", SECRET, &tampered],
            1,
            Some(127),
        ),
        (
            "verify of an expired token",
            vec![
                "verify",
                "--app-id",
                "1",
                "--secret",
                SECRET,
                "--now",
                "99999999999",
                gcm.trim(),
            ],
            1,
            Some(133),
        ),
    ];
    for (input, args, status, code) in rows {
        let (got_status, err) = failure_of(cmd().args(&args));
        assert_eq!(got_status, status, "{input}: {err}");
        let outcome = match code {
            Some(c) => {
                assert!(err.contains(&format!("(code {c})")), "{input}: {err}");
                format!("exit {status}, code {c}")
            }
            None => format!("exit {status} (usage)"),
        };
        let row = format!("| CLI | {input} | {outcome} |");
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}
