//! The conformance table (`tests/data/conformance.json`, format in CONTRIBUTING.md) through the
//! CLI: `generate` (GCM by default, `--mode cbc`), `decode`, `verify` and `verify --allow-cbc`.
//! Command-line arguments are NUL-free UTF-8 strings, the app id a `u32`, and the CLI trims the
//! token it reads and takes an empty secret for a missing one: entries that need anything else
//! (by their `needs`) are for other layers. The CLI has no room-payload builder of its own (it
//! builds one inside `generate`), so the `room_payload` list is not for it.

use assert_cmd::Command;
use serde_json::Value;

const CAPABILITIES: [&str; 0] = [];

fn table() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/conformance.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn runnable(e: &Value) -> bool {
    e["needs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| CAPABILITIES.contains(&n.as_str().unwrap()))
}

/// A string input the CLI can take: a JSON string, or a repeat of one.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) if o.contains_key("repeat") => {
            let prefix = o.get("prefix").and_then(Value::as_str).unwrap_or("");
            let count = o["count"].as_u64().unwrap() as usize;
            format!("{prefix}{}", o["repeat"].as_str().unwrap().repeat(count))
        }
        // A NULL payload (the only NULL the CLI can meet: `needs` is empty for it) is no payload.
        Value::Null => String::new(),
        other => panic!("the CLI cannot take {other}"),
    }
}

fn integer(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => panic!("not an integer: {other}"),
    }
}

/// Runs the CLI: (library code, stdout). Usage errors (exit 2) fail the test: every entry the CLI
/// runs must reach the library.
fn run(args: &[String]) -> (i64, String) {
    let out = Command::cargo_bin("zego-token")
        .unwrap()
        .env_remove("ZEGO_SERVER_SECRET")
        .env_remove("ZEGO_APP_ID")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    match out.status.code() {
        Some(0) => (0, String::from_utf8(out.stdout).unwrap()),
        Some(1) => {
            let code = stderr
                .split("(code ")
                .nth(1)
                .and_then(|s| s.split(')').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("no code in {stderr}"));
            (code, String::new())
        }
        other => panic!("exit {other:?}: {stderr}"),
    }
}

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn generate_entries() {
    let table = table();
    let mut ran = 0;
    for e in table["generate"].as_array().unwrap() {
        if !runnable(e) {
            continue;
        }
        ran += 1;
        let name = e["name"].as_str().unwrap();
        let secret = text(&e["secret"]);
        let payload = text(&e["payload"]);
        for mode in ["cbc", "gcm"] {
            let args = vec![
                s("generate"),
                s("--mode"),
                s(mode),
                s("--app-id"),
                integer(&e["app_id"]),
                s("--user-id"),
                text(&e["user_id"]),
                s("--secret"),
                secret.clone(),
                format!("--ttl={}", integer(&e["effective_time_in_seconds"])),
                s("--payload"),
                payload.clone(),
            ];
            let (code, out) = run(&args);
            assert_eq!(
                Some(code),
                e["expect"][format!("generate_{mode}")].as_i64(),
                "{name} ({mode})"
            );
            if code == 0 {
                let token = out.trim().to_string();
                let (dc, claims) = run(&[s("decode"), s("--secret"), secret.clone(), token]);
                assert_eq!(dc, 0, "{name}: the generated token decodes");
                let c: Value = serde_json::from_str(&claims).unwrap();
                assert_eq!(c["user_id"].as_str().unwrap(), text(&e["user_id"]));
                assert_eq!(c["payload"].as_str().unwrap(), payload);
                assert_eq!(c["mode"], mode);
                assert_eq!(
                    (c["expire"].as_i64().unwrap() - c["ctime"].as_i64().unwrap()).to_string(),
                    integer(&e["effective_time_in_seconds"])
                );
            }
        }
    }
    assert!(ran >= 18, "only {ran} generate entries ran");
}

#[test]
fn decode_entries() {
    let table = table();
    let mut ran = 0;
    for e in table["decode"].as_array().unwrap() {
        if !runnable(e) {
            continue;
        }
        ran += 1;
        let name = e["name"].as_str().unwrap();
        let (token, secret) = (text(&e["token"]), text(&e["secret"]));
        let verify = |extra: &[&str]| {
            let mut a = vec![
                s("verify"),
                s("--secret"),
                secret.clone(),
                s("--app-id"),
                integer(&e["app_id"]),
                format!("--now={}", integer(&e["now"])),
            ];
            a.extend(extra.iter().map(|x| s(x)));
            a.push(s("--"));
            a.push(token.clone());
            run(&a)
        };
        let runs = [
            (
                "decode",
                run(&[
                    s("decode"),
                    s("--secret"),
                    secret.clone(),
                    s("--"),
                    token.clone(),
                ]),
            ),
            ("verify", verify(&[])),
            ("verify_allow_cbc", verify(&["--allow-cbc"])),
        ];
        for (call, (code, out)) in runs {
            assert_eq!(Some(code), e["expect"][call].as_i64(), "{name}: {call}");
            if let (0, Some(want)) = (code, e.get("claims")) {
                let got: Value = serde_json::from_str(&out).unwrap();
                assert_eq!(&got, want, "{name}: {call} claims");
            }
        }
    }
    assert!(ran >= 50, "only {ran} decode entries ran");
}
