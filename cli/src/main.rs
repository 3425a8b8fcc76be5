//! `zego-token`: generate, decode and verify ZEGO token04 from the command line.
//!
//! A thin consumer of the `zego_token` library: it parses arguments, calls the library and prints.
//! Errors go to stderr as one line naming the problem and its numeric code; the exit status is 1
//! for a library error and 2 for a usage error. The secret is never printed.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use zego_token::{Claims, Error, FixedInputs, Mode};
use zeroize::Zeroize;

#[derive(Parser)]
#[command(
    name = "zego-token",
    version,
    about = "Generate, decode and verify ZEGO token04"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a token and print it followed by a newline.
    Generate(GenerateArgs),
    /// Decode a token with the secret and print its claims as one JSON object.
    Decode(DecodeArgs),
    /// Decode a token and also check its app id and expiry; print its claims.
    Verify(VerifyArgs),
}

#[derive(Args)]
struct SecretArg {
    /// The 32-byte server secret. Prefer the ZEGO_SERVER_SECRET environment variable: command
    /// lines are visible to other users of the machine.
    #[arg(long, env = "ZEGO_SERVER_SECRET", hide_env_values = true)]
    secret: String,
}

impl Drop for SecretArg {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ModeArg {
    /// AES-256-CBC, the original format, accepted by every ZEGO server.
    Cbc,
    /// AES-256-GCM, authenticated; the current official recommendation.
    Gcm,
}

#[derive(Args)]
struct GenerateArgs {
    /// The app id (from the ZEGO console).
    #[arg(long, env = "ZEGO_APP_ID")]
    app_id: u32,
    /// The user id: 1 to 64 bytes of UTF-8.
    #[arg(long)]
    user_id: String,
    #[command(flatten)]
    secret: SecretArg,
    /// Lifetime in seconds.
    #[arg(long, default_value_t = 3600, allow_negative_numbers = true)]
    ttl: i64,
    /// A payload string (for strict tokens, usually JSON). Conflicts with the strict flags.
    #[arg(long, conflicts_with_all = ["room_id", "can_login_room", "can_publish_stream", "stream_id"])]
    payload: Option<String>,
    /// Build a strict payload for this room (see also --can-login-room, --can-publish-stream,
    /// --stream-id).
    #[arg(long)]
    room_id: Option<String>,
    /// Strict payload: the user may log in to the room (privilege 1).
    #[arg(long)]
    can_login_room: bool,
    /// Strict payload: the user may publish streams (privilege 2).
    #[arg(long)]
    can_publish_stream: bool,
    /// Strict payload: a stream id the user may publish (repeat for several; none = any).
    #[arg(long = "stream-id")]
    stream_id: Vec<String>,
    /// Encryption mode.
    #[arg(long, value_enum, default_value = "cbc")]
    mode: ModeArg,
    /// FOR REPRODUCING TEST VECTORS ONLY: fixed creation time (Unix seconds).
    #[arg(long, requires_all = ["fixed_nonce", "fixed_iv"], allow_negative_numbers = true)]
    fixed_ctime: Option<i64>,
    /// FOR REPRODUCING TEST VECTORS ONLY: fixed JSON nonce.
    #[arg(long, requires_all = ["fixed_ctime", "fixed_iv"], allow_negative_numbers = true)]
    fixed_nonce: Option<i64>,
    /// FOR REPRODUCING TEST VECTORS ONLY: fixed IV as hex of its raw bytes (16 bytes for cbc, 12
    /// for gcm). Never use a fixed IV for real tokens.
    #[arg(long, requires_all = ["fixed_ctime", "fixed_nonce"])]
    fixed_iv: Option<String>,
}

#[derive(Args)]
struct DecodeArgs {
    #[command(flatten)]
    secret: SecretArg,
    /// The token (starting with 04).
    token: String,
}

#[derive(Args)]
struct VerifyArgs {
    /// The app id the token must be issued for.
    #[arg(long, env = "ZEGO_APP_ID")]
    app_id: u32,
    #[command(flatten)]
    secret: SecretArg,
    /// The time to check expiry against, in Unix seconds (default: now).
    #[arg(long, allow_negative_numbers = true)]
    now: Option<i64>,
    /// Accept CBC tokens too. They are not authenticated: anyone holding one token can alter
    /// it. By default only GCM tokens are accepted (code 134 for a CBC token).
    #[arg(long)]
    allow_cbc: bool,
    /// The token (starting with 04).
    token: String,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // The secret is wiped when the arguments are dropped (see `SecretArg`).
    let result = match cli.command {
        Command::Generate(args) => generate(&args),
        Command::Decode(args) => {
            zego_token::decode_token04(&args.token, &args.secret.secret).map(|c| claims_json(&c))
        }
        Command::Verify(args) => {
            let now = args.now.unwrap_or_else(now_unix);
            let options = zego_token::VerifyOptions {
                allow_cbc: args.allow_cbc,
            };
            zego_token::verify_token04_with(
                &args.token,
                &args.secret.secret,
                args.app_id,
                now,
                options,
            )
            .map(|c| claims_json(&c))
        }
    };
    match result {
        Ok(line) => {
            let mut out = std::io::stdout().lock();
            if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("zego-token: error: {} (code {})", e.message(), e.code());
            ExitCode::from(1)
        }
    }
}

fn generate(args: &GenerateArgs) -> Result<String, Error> {
    let mode = match args.mode {
        ModeArg::Cbc => Mode::Cbc,
        ModeArg::Gcm => Mode::Gcm,
    };
    let strict = args.room_id.is_some()
        || args.can_login_room
        || args.can_publish_stream
        || !args.stream_id.is_empty();
    let payload = if strict {
        let streams = (!args.stream_id.is_empty()).then_some(&args.stream_id[..]);
        zego_token::build_rtc_room_payload(
            args.room_id.as_deref().unwrap_or(""),
            args.can_login_room,
            args.can_publish_stream,
            streams,
        )
    } else {
        args.payload.clone().unwrap_or_default()
    };
    let secret = &args.secret.secret;
    match (args.fixed_ctime, args.fixed_nonce, &args.fixed_iv) {
        (Some(ctime), Some(nonce), Some(iv_hex)) => {
            let iv = parse_hex(iv_hex).ok_or(Error::IvInvalid)?;
            zego_token::generate_token04_fixed(
                mode,
                args.app_id,
                &args.user_id,
                secret,
                args.ttl,
                &payload,
                &FixedInputs {
                    ctime,
                    nonce,
                    iv: &iv,
                },
            )
        }
        _ => zego_token::generate_token04_with_mode(
            mode,
            args.app_id,
            &args.user_id,
            secret,
            args.ttl,
            &payload,
        ),
    }
}

fn parse_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

fn claims_json(c: &Claims) -> String {
    let s = |v: &str| serde_json::to_string(v).unwrap_or_default();
    format!(
        "{{\"app_id\":{},\"user_id\":{},\"nonce\":{},\"ctime\":{},\"expire\":{},\"payload\":{},\"mode\":\"{}\"}}",
        c.app_id,
        s(&c.user_id),
        c.nonce,
        c.ctime,
        c.expire,
        s(&c.payload),
        c.mode.name()
    )
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
