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
            .args(["verify", token.trim()])
            .env("ZEGO_APP_ID", "77")
            .env("ZEGO_SERVER_SECRET", SECRET),
    );
    assert!(out.contains("\"user_id\":\"env-user\""));
    assert!(out.contains("\"mode\":\"gcm\""));
}

#[test]
fn verify_checks_app_id_and_expiry() {
    let token = stdout_of(cmd().args([
        "generate",
        "--mode",
        "cbc",
        "--app-id",
        "5",
        "--user-id",
        "u",
        "--secret",
        SECRET,
    ]));
    let token = token.trim();
    // A CBC token: refused unless --allow-cbc, before any decryption.
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
        // The fixed inputs' warning comes first (see `fixed_inputs_print_a_warning`).
        let err = match err.split_once('\n') {
            Some((first, rest)) if args.contains(&"--fixed-iv") => {
                assert!(first.starts_with("zego-token: warning: "), "{err}");
                rest.to_string()
            }
            _ => err,
        };
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(err.starts_with("zego-token: error: "), "{err}");
        assert!(err.lines().count() <= 2, "{err}");
        assert!(
            err.lines()
                .skip(1)
                .all(|l| l.starts_with("zego-token: hint: ")),
            "{err}"
        );
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

/// The CLI's rows of the bad-input audit table (docs/bad-input-audit.md): each is run here.
#[test]
fn readme_audit_rows_for_the_cli() {
    let readme = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/bad-input-audit.md"
    ))
    .unwrap();
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
        assert!(
            readme.contains(&row),
            "docs/bad-input-audit.md lacks the row {row}"
        );
    }
}

/// Asserts that `err` shows no secret and no token, not even 12 characters of one.
fn assert_no_leak(err: &str, values: &[&str]) {
    for v in values {
        let v: Vec<char> = v.trim().chars().collect();
        for w in v.windows(12.min(v.len())) {
            let w: String = w.iter().collect();
            assert!(
                !err.contains(&w),
                "stderr shows part of an input ({w}): {err}"
            );
        }
    }
}

/// Runs a failing decode/verify; checks the two-line form, returns (exit code, error line, hint).
fn hinted_failure(c: &mut Command, values: &[&str]) -> (i32, String, Option<String>) {
    let (code, err) = failure_of(c);
    assert_no_leak(&err, values);
    let mut lines = err.lines();
    let error = lines.next().unwrap().to_string();
    assert!(error.starts_with("zego-token: error: "), "{err}");
    let hint = lines.next().map(|l| {
        assert!(l.starts_with("zego-token: hint: "), "{err}");
        l.to_string()
    });
    assert_eq!(lines.next(), None, "{err}");
    (code, error, hint)
}

/// A fresh token for app 1, user "u" and `SECRET`, with `extra` arguments to `generate`.
fn fresh_token(extra: &[&str]) -> String {
    let base = [
        "generate",
        "--app-id",
        "1",
        "--user-id",
        "u",
        "--secret",
        SECRET,
    ];
    let out = stdout_of(cmd().args(base).args(extra));
    out.trim().to_string()
}

fn gcm_token() -> String {
    fresh_token(&["--mode", "gcm"])
}

/// A vector token with at least one '+', and its secret.
fn token_with_plus() -> (String, String) {
    let cases = data("token04-vectors.json")["cases"]
        .as_array()
        .unwrap()
        .clone();
    let c = cases
        .iter()
        .find(|c| c["token"].as_str().unwrap().contains('+'))
        .expect("a vector token with '+'");
    (
        c["token"].as_str().unwrap().to_string(),
        c["secret"].as_str().unwrap().to_string(),
    )
}

#[test]
fn missing_secret_names_the_environment_variable() {
    let token = gcm_token();
    for args in [
        vec!["generate", "--app-id", "1", "--user-id", "u"],
        vec!["decode", &token],
        vec!["decode", "-"],
        vec!["verify", "--app-id", "1", &token],
    ] {
        // `cmd()` removes ZEGO_SERVER_SECRET; an empty one counts as none too.
        for empty_env in [false, true] {
            let mut c = cmd();
            c.args(&args).write_stdin(token.clone());
            if empty_env {
                c.env("ZEGO_SERVER_SECRET", "");
            }
            let (code, err) = failure_of(&mut c);
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(err.starts_with("error: no secret"), "{args:?}: {err}");
            assert!(err.contains("ZEGO_SERVER_SECRET"), "{args:?}: {err}");
            assert!(err.contains("--secret"), "{args:?}: {err}");
            assert_no_leak(&err, &[&token]);
        }
    }
}

#[test]
fn decode_and_verify_read_the_token_from_stdin() {
    let token = gcm_token();
    let from_arg = stdout_of(cmd().args(["decode", "--secret", SECRET, &token]));
    let from_stdin = stdout_of(
        cmd()
            .args(["decode", "-"])
            .env("ZEGO_SERVER_SECRET", SECRET)
            .write_stdin(format!("{token}\n")),
    );
    assert_eq!(from_stdin, from_arg);
    let claims: Value = serde_json::from_str(&from_stdin).unwrap();
    assert_eq!(claims["mode"], "gcm");
    let verified = stdout_of(
        cmd()
            .args(["verify", "--app-id", "1", "--secret", SECRET, "-"])
            .write_stdin(token.clone()),
    );
    assert_eq!(verified, from_arg);
}

#[test]
fn the_largest_token_is_read_from_stdin() {
    let payload = "p".repeat(65_000);
    let token = fresh_token(&["--mode", "gcm", "--payload", &payload]);
    assert!(token.len() > 64 * 1024, "{}", token.len());
    let out = stdout_of(
        cmd()
            .args(["decode", "--secret", SECRET, "-"])
            .write_stdin(token),
    );
    let claims: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(claims["payload"], payload.as_str());
}

#[test]
fn stdin_that_holds_no_token_is_a_usage_error() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![b'A'; 200 * 1024], "more than 128 KiB"),
        (b"".to_vec(), "standard input is empty"),
        (b" \r\n\n".to_vec(), "standard input is empty"),
        (b"04\xff\xfe".to_vec(), "not UTF-8"),
    ];
    for (input, expected) in cases {
        let (code, err) = failure_of(
            cmd()
                .args(["decode", "--secret", SECRET, "-"])
                .write_stdin(input),
        );
        assert_eq!(code, 2, "{err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(expected), "{err}");
        assert_no_leak(&err, &[SECRET]);
    }
}

#[test]
fn whitespace_around_the_token_is_ignored() {
    let token = gcm_token();
    let expected = stdout_of(cmd().args(["decode", "--secret", SECRET, &token]));
    for padded in [
        format!("{token}\n"),
        format!("{token}\r\n"),
        format!("  {token}  "),
        format!("\t{token}\n\n"),
    ] {
        let out = stdout_of(cmd().args(["decode", "--secret", SECRET, &padded]));
        assert_eq!(out, expected, "argument {padded:?}");
        let out = stdout_of(
            cmd()
                .args(["decode", "--secret", SECRET, "-"])
                .write_stdin(padded.clone()),
        );
        assert_eq!(out, expected, "stdin {padded:?}");
        let out = stdout_of(cmd().args(["verify", "--app-id", "1", "--secret", SECRET, &padded]));
        assert_eq!(out, expected, "verify {padded:?}");
    }
}

#[test]
fn plus_turned_into_space_fails_with_the_spaces_hint() {
    let (token, secret) = token_with_plus();
    let spaced = token.replace('+', " ");
    for stdin in [false, true] {
        let mut c = cmd();
        c.args(["decode", "--secret", &secret]);
        if stdin {
            c.arg("-").write_stdin(format!("{spaced}\n"));
        } else {
            c.arg(&spaced);
        }
        let (code, error, hint) = hinted_failure(&mut c, &[&token, &spaced, &secret]);
        assert_eq!(code, 1);
        assert!(error.ends_with("(code 121)"), "{error}");
        let hint = hint.expect("a hint");
        assert!(hint.contains("the token contains spaces"), "{hint}");
        assert!(hint.contains("'+'"), "{hint}");
        assert!(hint.contains("it decodes with this secret"), "{hint}");
    }
    // With another secret the replaced token does not decode: the hint does not claim it does.
    let other = "0123456789abcdef0123456789abcdef";
    let (code, _, hint) = hinted_failure(
        cmd().args(["decode", "--secret", other, &spaced]),
        &[&token, &spaced, other],
    );
    assert_eq!(code, 1);
    let hint = hint.expect("a hint");
    assert!(hint.contains("the token contains spaces"), "{hint}");
    assert!(!hint.contains("decodes"), "{hint}");
}

#[test]
fn truncated_token_gets_the_truncated_hint() {
    // Payloads of 0, 1 and 2 bytes give packed tokens of every length modulo 3, so the GCM mode
    // byte both does and does not start a base64 group of its own (whatever the random nonce).
    for payload in ["", "x", "xx"] {
        truncated_hints_for(&fresh_token(&["--mode", "gcm", "--payload", payload]));
    }
    for payload in ["", "x", "xx"] {
        truncated_hints_for(&fresh_token(&["--payload", payload]));
    }
}

fn truncated_hints_for(token: &str) {
    let len = token.len();
    // The last base64 group of a GCM token holds its mode byte alone when the packed length
    // before it is a multiple of 3: cut there, the token reads as a CBC token with a 12-byte IV
    // (125); otherwise the ciphertext length points past the end (122).
    let gcm = fresh_decode_mode(token) == "gcm";
    let packed_before_mode = (len - 2) / 4 * 3 - base64_padding(token) - usize::from(gcm);
    let group_cut = if gcm && packed_before_mode.is_multiple_of(3) {
        125
    } else {
        122
    };
    // Cut inside the body (code 121: not whole base64 groups), at a group boundary (122 or 125,
    // above) and inside the header (122, header unreadable).
    for (cut, code) in [
        (len - 1, 121),
        (len - 3, 121),
        (len - 4, group_cut),
        (2 + 40 + 1, 121),
        (2 + 8, 122),
    ] {
        let short = &token[..cut];
        let (status, error, hint) = hinted_failure(
            cmd().args(["decode", "--secret", SECRET, short]),
            &[short, SECRET],
        );
        assert_eq!(status, 1);
        assert!(error.ends_with(&format!("(code {code})")), "{cut}: {error}");
        let hint = hint.expect("a hint");
        assert!(hint.contains("the token looks truncated"), "{cut}: {hint}");
        assert!(
            hint.contains(&format!("({cut} characters;")),
            "{cut}: {hint}"
        );
        assert!(hint.contains("check it was copied whole"), "{cut}: {hint}");
        if cut > 2 + 40 {
            assert!(
                hint.contains(&format!("call for at least {len}")),
                "{cut}: {hint}"
            );
        }
    }
}

fn fresh_decode_mode(token: &str) -> String {
    let out = stdout_of(cmd().args(["decode", "--secret", SECRET, token]));
    let claims: Value = serde_json::from_str(&out).unwrap();
    claims["mode"].as_str().unwrap().to_string()
}

fn base64_padding(token: &str) -> usize {
    token.bytes().rev().take_while(|&b| b == b'=').count()
}

#[test]
fn wrong_secret_gets_the_wrong_secret_hint() {
    let other = "0123456789abcdef0123456789abcdef";
    let gcm = gcm_token();
    let cbc = fresh_token(&["--mode", "cbc"]);
    let cbc = cbc.as_str();
    for (args, code) in [
        (vec!["decode", "--secret", other, &gcm], 127),
        (vec!["decode", "--secret", other, cbc], 126),
        (
            vec!["verify", "--app-id", "1", "--secret", other, &gcm],
            127,
        ),
        (
            vec![
                "verify",
                "--allow-cbc",
                "--app-id",
                "1",
                "--secret",
                other,
                cbc,
            ],
            126,
        ),
    ] {
        let (status, error, hint) = hinted_failure(cmd().args(&args), &[other, &gcm, cbc]);
        assert_eq!(status, 1);
        assert!(error.ends_with(&format!("(code {code})")), "{error}");
        assert_eq!(
            hint.as_deref(),
            Some("zego-token: hint: wrong secret, or the token was altered")
        );
    }
}

#[test]
fn secret_with_trailing_newline_gets_the_newline_hint() {
    let token = gcm_token();
    for suffix in ["\n", "\r\n", " "] {
        let secret = format!("{SECRET}{suffix}");
        for from_env in [false, true] {
            for args in [
                vec!["decode", &token],
                vec!["verify", "--app-id", "1", &token],
                vec!["generate", "--app-id", "1", "--user-id", "u"],
            ] {
                let mut c = cmd();
                c.args(&args);
                if from_env {
                    c.env("ZEGO_SERVER_SECRET", &secret);
                } else {
                    c.args(["--secret", &secret]);
                }
                let (status, error, hint) = hinted_failure(&mut c, &[SECRET, &token]);
                assert_eq!(status, 1, "{args:?}");
                assert!(error.ends_with("(code 5)"), "{error}");
                assert_eq!(
                    hint.as_deref(),
                    Some(
                        "zego-token: hint: the secret ends with a newline or whitespace: strip it"
                    ),
                    "{args:?} {suffix:?}"
                );
            }
        }
    }
    // A secret of the wrong length without whitespace gets no such hint.
    let (_, error, hint) = hinted_failure(
        cmd().args(["decode", "--secret", &SECRET[1..], &token]),
        &[SECRET, &token],
    );
    assert!(error.ends_with("(code 5)"), "{error}");
    assert_eq!(hint, None);
}

#[test]
fn other_mangled_tokens_get_their_hints() {
    let (token, secret) = token_with_plus();
    let mid = token.len() / 2;
    let cases: Vec<(String, Vec<&str>, i32, &str)> = vec![
        (
            format!("05{}", &token[2..]),
            vec!["decode"],
            120,
            "token04 tokens start with \"04\"",
        ),
        (
            format!("\"{token}\""),
            vec!["decode"],
            120,
            "without quotes",
        ),
        (
            token.replace('+', "%2B"),
            vec!["decode"],
            121,
            "URL-encoded",
        ),
        (
            token.replace('+', "-"),
            vec!["decode"],
            121,
            "URL-safe base64",
        ),
        (
            format!("{}\n{}", &token[..mid], &token[mid..]),
            vec!["decode"],
            121,
            "join it into one line",
        ),
    ];
    for (mangled, args, code, expected) in cases {
        let (status, error, hint) = hinted_failure(
            cmd().args(&args).args(["--secret", &secret, &mangled]),
            &[&token, &secret],
        );
        assert_eq!(status, 1);
        assert!(error.ends_with(&format!("(code {code})")), "{error}");
        let hint = hint.expect("a hint");
        assert!(hint.contains(expected), "{hint}");
    }
    // verify of a CBC token without --allow-cbc points at the flag.
    let cbc = fresh_token(&["--mode", "cbc"]);
    let (_, error, hint) = hinted_failure(
        cmd().args(["verify", "--app-id", "1", "--secret", SECRET, &cbc]),
        &[SECRET, &cbc],
    );
    assert!(error.ends_with("(code 134)"), "{error}");
    assert!(hint.expect("a hint").contains("--allow-cbc"));
}

#[test]
fn help_describes_stdin_and_the_secret_variable() {
    for sub in ["decode", "verify"] {
        let out = stdout_of(cmd().args([sub, "--help"]));
        assert!(
            out.contains("The token (starting with 04), or - to read it from standard input"),
            "{out}"
        );
        assert!(out.contains("ZEGO_SERVER_SECRET"), "{out}");
    }
}

/// Every usage error is rendered without the values on the command line: a secret-like and a
/// token-like value, bare or looking like an option, put in every position of a valid command
/// line (inserted, and replacing each argument), as `--option=VALUE` for every option, and in
/// the environment. Clap's own messages quote the offending value (`unexpected argument
/// 'fa94...' found`); ours name the argument or its position only.
#[test]
fn usage_errors_never_show_a_value() {
    let token = gcm_token();
    let secret_like = "6c0f1a8e29d4b7c35e8a0f1d2b3c4e5f";
    let token_like = data("token04-vectors.json")["cases"][0]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let bases: Vec<Vec<&str>> = vec![
        vec![
            "generate",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--secret",
            SECRET,
            "--ttl",
            "60",
            "--mode",
            "gcm",
            "--payload",
            "p",
        ],
        vec!["decode", "--secret", SECRET, &token],
        vec![
            "verify",
            "--app-id",
            "1",
            "--secret",
            SECRET,
            "--now",
            "1",
            "--allow-cbc",
            &token,
        ],
    ];
    let options = [
        "--app-id",
        "--user-id",
        "--ttl",
        "--mode",
        "--payload",
        "--now",
        "--allow-cbc",
        "--can-login-room",
        "--fixed-ctime",
        "--fixed-nonce",
        "--fixed-iv",
    ];
    let mut kinds = std::collections::BTreeSet::new();
    let mut usage_errors = 0;
    for value in [secret_like, token_like.as_str()] {
        let forms = [
            value.to_string(),
            format!("--{value}"),
            format!("-{value}"),
            format!("--{value}=1"),
        ];
        let mut lines: Vec<Vec<String>> = Vec::new();
        for base in &bases {
            let base: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            for form in &forms {
                for i in 0..=base.len() {
                    let mut l = base.clone();
                    l.insert(i, form.clone());
                    lines.push(l);
                }
                for i in 0..base.len() {
                    let mut l = base.clone();
                    l[i] = form.clone();
                    lines.push(l);
                }
            }
            for option in options {
                let mut l = base.clone();
                l.insert(1, format!("{option}={value}"));
                lines.push(l);
            }
        }
        let mut runs: Vec<Command> = lines
            .iter()
            .map(|l| {
                let mut c = cmd();
                c.args(l);
                c
            })
            .collect();
        let mut from_env = cmd();
        from_env
            .args(["generate", "--user-id", "u", "--secret", SECRET])
            .env("ZEGO_APP_ID", value);
        runs.push(from_env);
        for mut c in runs {
            let out = c.output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(!err.contains("panicked"), "{err}");
            if out.status.success() {
                assert_no_leak(&err, &[value]);
                continue;
            }
            let all = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
            assert_no_leak(&all, &[value, SECRET]);
            if out.status.code() == Some(2) {
                usage_errors += 1;
                let first = err.lines().next().unwrap_or_default();
                assert!(first.starts_with("error: "), "{c:?}: {err}");
                // The kind of message, up to its first quote, position or parenthesis.
                let kind = first[7..].split(['\'', '(', ':']).next().unwrap();
                kinds.insert(kind.split(" at ").next().unwrap().trim().to_string());
            }
        }
    }
    assert!(usage_errors > 300, "{usage_errors} usage errors");
    for kind in [
        "unexpected argument",
        "unrecognized subcommand",
        "invalid value for",
        "unexpected value for",
        "the following required arguments were not provided",
        // "'--payload' cannot be used with ...", a conflict: it starts with a quote.
        "",
    ] {
        assert!(kinds.contains(kind), "no {kind:?} error among {kinds:?}");
    }
}

/// `position` names the offending argument: bare, as `--name=value`, or a short cluster.
#[test]
fn usage_errors_name_the_position() {
    for (args, position) in [
        (vec!["decode", "--secret", SECRET, "04AAAA", "extra"], 5),
        (vec!["decode", "--bogus=1", "04AAAA"], 2),
        (vec!["decode", "04AAAA", "-xyz"], 3),
        (vec!["frobnicate"], 1),
    ] {
        let (code, err) = failure_of(cmd().args(&args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(&format!(" at position {position} ")),
            "{args:?}: {err}"
        );
        let named = &args[position - 1];
        assert!(!err.contains(named), "{args:?} shows {named}: {err}");
    }
    // A similar name is suggested: it comes from the definition, not from the input.
    let (_, err) = failure_of(cmd().args(["decode", "--secrt", SECRET, "04AAAA"]));
    assert!(
        err.contains("tip: a similar argument exists: '--secret'"),
        "{err}"
    );
    assert!(!err.contains("--secrt") && !err.contains(SECRET), "{err}");
}

/// The test-only fixed inputs print one warning line on stderr, stronger for GCM (a fixed nonce
/// repeats); tokens made without them print nothing there.
#[test]
fn fixed_inputs_print_a_warning() {
    let cases = data("token04-vectors.json")["cases"]
        .as_array()
        .unwrap()
        .clone();
    for mode in ["cbc", "gcm"] {
        let c = cases.iter().find(|c| c["mode"] == mode).unwrap();
        let out = cmd()
            .arg("generate")
            .args(["--mode", mode])
            .args(["--app-id", &c["app_id"].to_string()])
            .args(["--user-id", c["user_id"].as_str().unwrap()])
            .args(["--ttl", &c["effective_time_in_seconds"].to_string()])
            .args(["--payload", c["payload"].as_str().unwrap()])
            .args(["--fixed-ctime", &c["ctime"].to_string()])
            .args(["--fixed-nonce", &c["nonce"].to_string()])
            .args(["--fixed-iv", c["iv_hex"].as_str().unwrap()])
            .env("ZEGO_SERVER_SECRET", c["secret"].as_str().unwrap())
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap().trim(),
            c["token"].as_str().unwrap()
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("zego-token: warning: "), "{err}");
        assert!(err.contains("test vectors only"), "{err}");
        assert_eq!(err.contains("GCM nonce"), mode == "gcm", "{err}");
        assert_no_leak(&err, &[c["secret"].as_str().unwrap()]);

        let out = cmd()
            .args(["generate", "--app-id", "1", "--user-id", "u"])
            .args(["--secret", SECRET, "--mode", mode])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(out.stderr.is_empty(), "{out:?}");
    }
}

/// The strict payload of `--room-id` alone, with each privilege flag: the defaults are the
/// library's builder defaults in every binding and the official samples' (log in, no publish).
#[test]
fn room_payload_defaults_match_the_builder() {
    let room = |flags: &[&str]| {
        let mut args = vec!["--room-id", "demo"];
        args.extend_from_slice(flags);
        let token = fresh_token(&args);
        let out = stdout_of(cmd().args(["decode", "--secret", SECRET, &token]));
        let claims: Value = serde_json::from_str(&out).unwrap();
        claims["payload"].as_str().unwrap().to_string()
    };
    let payload = |login: u8, publish: u8| {
        format!(
            r#"{{"room_id":"demo","privilege":{{"1":{login},"2":{publish}}},"stream_id_list":null}}"#
        )
    };
    // The library's own builder, called with the defaults the bindings document.
    assert_eq!(
        zego_token::build_rtc_room_payload::<&str>("demo", true, false, None),
        payload(1, 0)
    );
    assert_eq!(room(&[]), payload(1, 0));
    assert_eq!(room(&["--can-login-room"]), payload(1, 0));
    assert_eq!(room(&["--can-login-room=true"]), payload(1, 0));
    assert_eq!(room(&["--can-login-room=false"]), payload(0, 0));
    assert_eq!(room(&["--can-publish-stream"]), payload(1, 1));
    assert_eq!(room(&["--can-publish-stream=false"]), payload(1, 0));
    assert_eq!(
        room(&["--can-login-room=false", "--can-publish-stream=true"]),
        payload(0, 1)
    );
    // A privilege flag alone makes a strict payload for any room.
    let token = fresh_token(&["--can-login-room=false"]);
    let out = stdout_of(cmd().args(["decode", "--secret", SECRET, &token]));
    let claims: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        claims["payload"],
        r#"{"room_id":"","privilege":{"1":0,"2":0},"stream_id_list":null}"#
    );
    // `--can-login-room false` (no '=') is a usage error that says to write the '='.
    let (code, err) = failure_of(cmd().args([
        "generate",
        "--app-id",
        "1",
        "--user-id",
        "u",
        "--secret",
        SECRET,
        "--can-login-room",
        "false",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--can-login-room=false"), "{err}");
    assert_no_leak(&err, &[SECRET]);
    let (code, err) = failure_of(cmd().args([
        "generate",
        "--app-id",
        "1",
        "--user-id",
        "u",
        "--secret",
        SECRET,
        "--can-publish-stream=maybe",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("possible values: true, false"), "{err}");
    assert!(!err.contains("maybe"), "{err}");
}

/// `--stream-id` with publishing denied warns on stderr, in one line; with publishing allowed it
/// does not. The token is made either way.
#[test]
fn stream_ids_without_publishing_warn() {
    for (flags, warns) in [
        (vec!["--stream-id", "s1"], true),
        (vec!["--room-id", "demo", "--stream-id", "s1"], true),
        (
            vec!["--can-publish-stream=false", "--stream-id", "s1"],
            true,
        ),
        (vec!["--can-publish-stream", "--stream-id", "s1"], false),
        (vec!["--room-id", "demo"], false),
    ] {
        let out = cmd()
            .args(["generate", "--app-id", "1", "--user-id", "u"])
            .args(["--secret", SECRET])
            .args(&flags)
            .output()
            .unwrap();
        assert!(out.status.success(), "{flags:?}");
        let token = String::from_utf8(out.stdout).unwrap();
        assert!(token.starts_with("04"), "{flags:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        if warns {
            assert_eq!(err.lines().count(), 1, "{flags:?}: {err}");
            assert!(err.starts_with("zego-token: warning: "), "{err}");
            assert!(err.contains("--can-publish-stream"), "{err}");
        } else {
            assert!(err.is_empty(), "{flags:?}: {err}");
        }
    }
}

/// The first thing a newcomer tries: `generate | verify -` works (the CLI's generate defaults
/// to GCM); `--mode cbc` still makes a CBC token, which verify refuses without --allow-cbc.
#[test]
fn generate_piped_into_verify_works() {
    let token = stdout_of(
        cmd()
            .args(["generate", "--app-id", "1", "--user-id", "u"])
            .env("ZEGO_SERVER_SECRET", SECRET),
    );
    let out = stdout_of(
        cmd()
            .args(["verify", "--app-id", "1", "-"])
            .env("ZEGO_SERVER_SECRET", SECRET)
            .write_stdin(token),
    );
    let claims: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(claims["mode"], "gcm");
    assert_eq!(claims["user_id"], "u");
    let cbc = fresh_token(&["--mode", "cbc"]);
    assert_eq!(fresh_decode_mode(&cbc), "cbc");
    let (code, err) = failure_of(cmd().args(["verify", "--app-id", "1", "--secret", SECRET, &cbc]));
    assert_eq!(code, 1);
    assert!(err.contains("(code 134)"), "{err}");
}

/// An app id out of range is a usage error naming the failed check (negative, too large, not a
/// number), never "must not be 0" and never the value; 0 itself is the library's code 1.
#[test]
fn app_id_errors_name_the_failed_check() {
    for sub in ["generate", "verify"] {
        for (value, expected) in [
            ("-1", "it is negative"),
            ("-4294967296", "it is negative"),
            ("4294967296", "above 4294967295"),
            ("99999999999999999999999", "above 4294967295"),
            ("12x", "not a whole number"),
            ("1.5", "not a whole number"),
        ] {
            for form in ["separate", "equals", "env"] {
                let mut c = cmd();
                c.arg(sub).env("ZEGO_SERVER_SECRET", SECRET);
                let joined = format!("--app-id={value}");
                match form {
                    "separate" => c.args(["--app-id", value]),
                    "equals" => c.arg(&joined),
                    _ => c.env("ZEGO_APP_ID", value),
                };
                if sub == "generate" {
                    c.args(["--user-id", "u"]);
                } else {
                    c.arg("04AAAA");
                }
                let (code, err) = failure_of(&mut c);
                assert_eq!(code, 2, "{sub} {form} {value}: {err}");
                let first = err.lines().next().unwrap();
                assert!(
                    first.starts_with("error: invalid value for '--app-id <APP_ID>'"),
                    "{sub} {form} {value}: {err}"
                );
                assert!(first.contains(expected), "{sub} {form} {value}: {err}");
                assert!(first.contains("1 to 4294967295"), "{err}");
                assert!(!err.contains("must not be 0"), "{err}");
                assert!(!err.contains(value), "the value is shown: {err}");
            }
        }
    }
    let (code, err) = failure_of(cmd().args([
        "generate",
        "--app-id",
        "0",
        "--user-id",
        "u",
        "--secret",
        SECRET,
    ]));
    assert_eq!(code, 1);
    assert!(err.contains("must not be 0 (code 1)"), "{err}");
    // A 64-bit number out of range says so too.
    let (code, err) = failure_of(cmd().args([
        "generate",
        "--app-id",
        "1",
        "--user-id",
        "u",
        "--secret",
        SECRET,
        "--ttl",
        "99999999999999999999",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("out of range"), "{err}");
    assert!(!err.contains("99999999999999999999"), "{err}");
}
