//! `zego-token`: generate, decode and verify ZEGO token04 from the command line.
//!
//! A thin consumer of the `zego_token` library: it parses arguments, calls the library and prints.
//! Errors go to stderr as one line naming the problem and its numeric code, followed, when the
//! likely cause can be seen from the input, by one hint line; the exit status is 1 for a library
//! error and 2 for a usage error. Neither the secret nor the token is ever printed.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
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
    ///
    /// On failure the error line may be followed by a hint naming the likely cause (a token
    /// truncated or mangled in transit, a wrong secret); the token and the secret are never
    /// printed.
    Decode(DecodeArgs),
    /// Decode a token and also check its app id and expiry; print its claims.
    ///
    /// On failure the error line may be followed by a hint naming the likely cause (a token
    /// truncated or mangled in transit, a wrong secret); the token and the secret are never
    /// printed.
    Verify(VerifyArgs),
}

#[derive(Args)]
struct SecretArg {
    /// The 32-byte server secret. Prefer the ZEGO_SERVER_SECRET environment variable: command
    /// lines are visible to other users of the machine.
    ///
    /// The secret is used exactly as given: a trailing newline or space is not stripped (it would
    /// make a 33-byte secret, which is refused with a hint).
    #[arg(long, env = "ZEGO_SERVER_SECRET", hide_env_values = true)]
    secret: Option<String>,
}

impl SecretArg {
    /// The secret, or the usage error naming where to put it. An empty secret (such as
    /// `ZEGO_SERVER_SECRET=$(cat missing-file)`) counts as none.
    fn get(&self) -> Result<&str, Failure> {
        match self.secret.as_deref() {
            Some(secret) if !secret.is_empty() => Ok(secret),
            given => Err(Failure::Usage(
                ErrorKind::MissingRequiredArgument,
                format!(
                    "no secret{}: set the ZEGO_SERVER_SECRET environment variable (preferred: \
                     command lines are visible to other users) or pass --secret",
                    if given.is_some() {
                        " (it is empty)"
                    } else {
                        ""
                    }
                ),
            )),
        }
    }
}

impl Drop for SecretArg {
    fn drop(&mut self) {
        if let Some(secret) = &mut self.secret {
            secret.zeroize();
        }
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
    /// The app id (from the ZEGO console): a whole number from 1 to 4294967295.
    #[arg(long, env = "ZEGO_APP_ID", value_parser = parse_app_id, allow_negative_numbers = true)]
    app_id: u32,
    /// The user id: 1 to 64 bytes of UTF-8.
    #[arg(long)]
    user_id: String,
    #[command(flatten)]
    secret: SecretArg,
    /// Lifetime in seconds.
    #[arg(long, default_value_t = 3600, value_parser = parse_i64, allow_negative_numbers = true)]
    ttl: i64,
    /// A payload string (for strict tokens, usually JSON). Conflicts with the strict flags.
    #[arg(long, conflicts_with_all = ["room_id", "can_login_room", "can_publish_stream", "stream_id"])]
    payload: Option<String>,
    /// Build a strict payload for this room (see also --can-login-room, --can-publish-stream,
    /// --stream-id). Its defaults are the library's and the official samples': the user may log
    /// in, may not publish (privileges {"1":1,"2":0}).
    #[arg(long)]
    room_id: Option<String>,
    /// Strict payload: the user may log in to the room (privilege 1). Allowed by default;
    /// --can-login-room=false denies it.
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    can_login_room: Option<bool>,
    /// Strict payload: the user may publish streams (privilege 2). Denied by default;
    /// --can-publish-stream (or =true) allows it.
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    can_publish_stream: Option<bool>,
    /// Strict payload: a stream id the user may publish (repeat for several; none = any). Only
    /// with --can-publish-stream does the user get to publish it (a warning says so otherwise).
    #[arg(long = "stream-id")]
    stream_id: Vec<String>,
    /// Encryption mode. GCM by default, so that `generate | verify -` works; --mode cbc makes
    /// the tokens the official generateToken04 makes.
    #[arg(long, value_enum, default_value = "gcm")]
    mode: ModeArg,
    /// FOR REPRODUCING TEST VECTORS ONLY: fixed creation time (Unix seconds).
    #[arg(
        long,
        requires_all = ["fixed_nonce", "fixed_iv"],
        value_parser = parse_i64,
        allow_negative_numbers = true
    )]
    fixed_ctime: Option<i64>,
    /// FOR REPRODUCING TEST VECTORS ONLY: fixed JSON nonce.
    #[arg(
        long,
        requires_all = ["fixed_ctime", "fixed_iv"],
        value_parser = parse_i64,
        allow_negative_numbers = true
    )]
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
    /// The token (starting with 04), or - to read it from standard input.
    ///
    /// Whitespace around the token (such as the newline that `echo` adds, or CR LF) is ignored.
    /// With -, standard input is read to its end (at most 128 KiB).
    token: String,
}

#[derive(Args)]
struct VerifyArgs {
    /// The app id the token must be issued for: a whole number from 1 to 4294967295.
    #[arg(long, env = "ZEGO_APP_ID", value_parser = parse_app_id, allow_negative_numbers = true)]
    app_id: u32,
    #[command(flatten)]
    secret: SecretArg,
    /// The time to check expiry against, in Unix seconds (default: now).
    #[arg(long, value_parser = parse_i64, allow_negative_numbers = true)]
    now: Option<i64>,
    /// Accept CBC tokens too. They are not authenticated: anyone holding one token can alter
    /// it. By default only GCM tokens are accepted (code 134 for a CBC token).
    #[arg(long)]
    allow_cbc: bool,
    /// The token (starting with 04), or - to read it from standard input.
    ///
    /// Whitespace around the token (such as the newline that `echo` adds, or CR LF) is ignored.
    /// With -, standard input is read to its end (at most 128 KiB).
    token: String,
}

/// The most that `-` reads from standard input: the longest token04 plus room for whitespace.
const STDIN_LIMIT: usize = 128 * 1024;
const _: () = assert!(STDIN_LIMIT > zego_token::MAX_TOKEN_LEN);

/// Why a subcommand failed.
enum Failure {
    /// A usage error (exit status 2), printed the way clap prints its own.
    Usage(ErrorKind, String),
    /// A library error (exit status 1), with a hint when the likely cause can be seen.
    Library(Error, Option<String>),
}

fn main() -> ExitCode {
    let raw: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&raw) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: the help hides the secret's environment value.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // Never `e.print()`: clap's own text quotes the offending value, which may be the
            // secret or a token.
            let mut err = std::io::stderr().lock();
            let _ = err
                .write_all(usage_error(&e, &raw).as_bytes())
                .and_then(|()| err.flush());
            return ExitCode::from(2);
        }
    };
    if let Command::Generate(args) = &cli.command {
        for warning in fixed_inputs_warning(args)
            .into_iter()
            .chain(streams_warning(args))
        {
            eprintln!("zego-token: warning: {warning}");
        }
    }
    let subcommand = match &cli.command {
        Command::Generate(_) => "generate",
        Command::Decode(_) => "decode",
        Command::Verify(_) => "verify",
    };
    // The secret is wiped when the arguments are dropped (see `SecretArg`), at the end of `run`.
    match run(cli.command) {
        Ok(line) => {
            let mut out = std::io::stdout().lock();
            if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Library(e, hint)) => {
            eprintln!("zego-token: error: {} (code {})", e.message(), e.code());
            if let Some(hint) = hint {
                eprintln!("zego-token: hint: {hint}");
            }
            ExitCode::from(1)
        }
        Err(Failure::Usage(kind, message)) => {
            let mut cmd = Cli::command();
            cmd.build();
            let e = match cmd.find_subcommand_mut(subcommand) {
                Some(sub) => sub.error(kind, message),
                None => cmd.error(kind, message),
            };
            let _ = e.print();
            ExitCode::from(2)
        }
    }
}

/// Clap's usage error rendered from its kind and the argument's name only: no value the user
/// gave (it may be the secret or a token) is ever printed. An unexpected argument or subcommand
/// is named by its position on the command line.
fn usage_error(e: &clap::Error, raw: &[OsString]) -> String {
    let string = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let strings = |k| match e.get(k) {
        Some(ContextValue::String(s)) => vec![s.as_str()],
        Some(ContextValue::Strings(v)) => v.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let quoted = |names: Vec<&str>| {
        let names: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        names.join(", ")
    };
    // Argument names from the command's definition (`--app-id <APP_ID>`, `<TOKEN>`): safe.
    let arg = string(ContextKind::InvalidArg).unwrap_or("an argument");
    let not_shown = "its text is not shown: it may be a secret or a token";
    let mut tips = Vec::new();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => {
            let suggested = strings(ContextKind::SuggestedArg);
            if !suggested.is_empty() {
                tips.push(format!("a similar argument exists: {}", quoted(suggested)));
            }
            if let Some(flag) = spaced_bool(raw) {
                tips.push(format!(
                    "{flag} takes its value after '=': {flag}=false or {flag}=true"
                ));
            }
            format!(
                "unexpected argument{} ({not_shown})",
                position(raw, string(ContextKind::InvalidArg))
            )
        }
        ErrorKind::InvalidSubcommand => {
            let suggested = strings(ContextKind::SuggestedSubcommand);
            if !suggested.is_empty() {
                tips.push(format!(
                    "a similar subcommand exists: {}",
                    quoted(suggested)
                ));
            }
            format!(
                "unrecognized subcommand{} ({not_shown}); the subcommands are generate, decode \
                 and verify",
                position(raw, string(ContextKind::InvalidSubcommand))
            )
        }
        ErrorKind::InvalidValue if string(ContextKind::InvalidValue) == Some("") => {
            format!("a value is required for '{arg}' but none was supplied")
        }
        ErrorKind::InvalidValue => {
            let valid = strings(ContextKind::ValidValue);
            if !valid.is_empty() {
                tips.push(format!("possible values: {}", valid.join(", ")));
            }
            format!("invalid value for '{arg}' (the value is not shown)")
        }
        ErrorKind::ValueValidation => format!(
            "invalid value for '{arg}' (the value is not shown): {}",
            // Our own parsers' reasons are fixed text (never the value); clap's are not shown.
            std::error::Error::source(e)
                .and_then(|s| s.downcast_ref::<Expected>())
                .map_or_else(|| expected_value(arg), |x| x.0)
        ),
        ErrorKind::TooManyValues => {
            format!("unexpected value for '{arg}'; no more were expected (the value is not shown)")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("wrong number of values for '{arg}'")
        }
        ErrorKind::ArgumentConflict => {
            let prior = strings(ContextKind::PriorArg);
            if prior.is_empty() {
                format!("'{arg}' cannot be used with one or more of the other arguments")
            } else {
                format!("'{arg}' cannot be used with {}", quoted(prior))
            }
        }
        ErrorKind::MissingRequiredArgument => format!(
            "the following required arguments were not provided: {}",
            quoted(strings(ContextKind::InvalidArg))
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "a subcommand is required: generate, decode or verify".to_string()
        }
        ErrorKind::NoEquals => format!("equal sign is needed when assigning values to '{arg}'"),
        ErrorKind::InvalidUtf8 => "an argument is not valid UTF-8".to_string(),
        _ => "invalid command line".to_string(),
    };
    let mut out = format!("error: {message}\n");
    for tip in tips {
        out.push_str(&format!("\n  tip: {tip}\n"));
    }
    // The usage line lists argument names only.
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        out.push_str(&format!("\n{usage}\n"));
    }
    out.push_str("\nFor more information, try '--help'.\n");
    out
}

/// The privilege flag (`--can-login-room`, `--can-publish-stream`) followed by a separate `true`
/// or `false`, which clap takes as an unexpected argument: these flags need `=`.
fn spaced_bool(raw: &[OsString]) -> Option<&'static str> {
    raw.windows(2).find_map(|w| {
        let value = w[1].to_str()?;
        if value != "true" && value != "false" {
            return None;
        }
        ["--can-login-room", "--can-publish-stream"]
            .into_iter()
            .find(|flag| w[0].to_str() == Some(flag))
    })
}

/// " at position N" for the command-line argument that clap reported as `reported` (an unknown
/// value, `--name` of an unknown `--name=value`, or `-c` of a short cluster), or " at one of
/// positions N, M" if several match; empty if none does. Positions count from 1 after the
/// program name.
fn position(raw: &[OsString], reported: Option<&str>) -> String {
    let Some(reported) = reported else {
        return String::new();
    };
    let short = reported.len() > 1 && reported.starts_with('-') && !reported.starts_with("--");
    let found: Vec<String> = raw
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, a)| {
            let a = a.to_string_lossy();
            a == reported
                || a.strip_prefix(reported).is_some_and(|r| r.starts_with('='))
                || (short && !a.starts_with("--") && a.starts_with(reported))
        })
        .map(|(i, _)| i.to_string())
        .collect();
    match found.len() {
        0 => String::new(),
        1 => format!(" at position {}", found[0]),
        _ => format!(" at one of positions {}", found.join(", ")),
    }
}

/// Why a number argument was refused: fixed text that never holds the value given.
#[derive(Debug)]
struct Expected(&'static str);

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Expected {}

/// Parses an app id, saying which check failed: not a number, negative, or above `u32::MAX`.
/// 0 parses, so that the library reports it with its official code (1, "must not be 0").
fn parse_app_id(s: &str) -> Result<u32, Expected> {
    use std::num::IntErrorKind;
    s.parse::<u32>().map_err(|e| match e.kind() {
        IntErrorKind::PosOverflow => Expected(
            "out of range: it is above 4294967295, the largest app id (app ids are 32-bit \
             unsigned, from 1 to 4294967295)",
        ),
        _ if s
            .strip_prefix('-')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) =>
        {
            Expected(
                "out of range: it is negative (app ids are 32-bit unsigned, from 1 to \
                 4294967295)",
            )
        }
        IntErrorKind::Empty => {
            Expected("it is empty; expected a whole number from 1 to 4294967295")
        }
        _ => Expected("not a whole number; app ids are whole numbers from 1 to 4294967295"),
    })
}

/// Parses a 64-bit signed number (a lifetime, a time, a nonce), saying which check failed.
fn parse_i64(s: &str) -> Result<i64, Expected> {
    use std::num::IntErrorKind;
    s.parse::<i64>().map_err(|e| match e.kind() {
        IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => Expected(
            "out of range: expected a whole number from -9223372036854775808 to \
             9223372036854775807 (64-bit signed)",
        ),
        IntErrorKind::Empty => Expected("it is empty; expected a whole number (64-bit signed)"),
        _ => Expected("not a whole number; expected a whole number (64-bit signed)"),
    })
}

/// What the argument named `arg` (as clap displays it) accepts.
fn expected_value(arg: &str) -> &'static str {
    let name = arg.split_whitespace().next().unwrap_or(arg);
    match name {
        "--app-id" => "expected a whole number from 1 to 4294967295",
        "--ttl" | "--now" | "--fixed-ctime" | "--fixed-nonce" => {
            "expected a whole number (64-bit signed)"
        }
        _ => "it is not valid",
    }
}

/// The warning for `generate` with test-only fixed inputs: the same fixed IV or nonce under one
/// secret repeats a GCM nonce, which breaks GCM entirely.
fn fixed_inputs_warning(args: &GenerateArgs) -> Option<&'static str> {
    if args.fixed_ctime.is_none() && args.fixed_nonce.is_none() && args.fixed_iv.is_none() {
        return None;
    }
    Some(match args.mode {
        ModeArg::Gcm => {
            "--fixed-* inputs are for reproducing test vectors only: a fixed GCM nonce used \
             twice with one secret reveals the plaintexts and lets anyone forge tokens; never \
             use such a token"
        }
        ModeArg::Cbc => {
            "--fixed-* inputs are for reproducing test vectors only: a fixed IV makes tokens \
             predictable; never use such a token"
        }
    })
}

/// The warning for `generate` with `--stream-id` but publishing denied: the token lists streams
/// that the user may not publish, which is rarely what was meant.
fn streams_warning(args: &GenerateArgs) -> Option<&'static str> {
    (!args.stream_id.is_empty() && args.can_publish_stream != Some(true)).then_some(
        "--stream-id lists streams but publishing is denied (privilege 2 is 0): add \
         --can-publish-stream to let the user publish them",
    )
}

fn run(command: Command) -> Result<String, Failure> {
    match command {
        Command::Generate(args) => {
            let secret = args.secret.get()?;
            generate(&args, secret).map_err(|e| Failure::Library(e, secret_hint(e, secret)))
        }
        Command::Decode(args) => {
            let secret = args.secret.get()?;
            let token = read_token(&args.token)?;
            let token = token.trim();
            zego_token::decode_token04(token, secret)
                .map(|c| claims_json(&c))
                .map_err(|e| Failure::Library(e, token_hint(e, token, secret)))
        }
        Command::Verify(args) => {
            let secret = args.secret.get()?;
            let token = read_token(&args.token)?;
            let token = token.trim();
            let now = args.now.unwrap_or_else(now_unix);
            let options = zego_token::VerifyOptions {
                allow_cbc: args.allow_cbc,
            };
            zego_token::verify_token04_with(token, secret, args.app_id, now, options)
                .map(|c| claims_json(&c))
                .map_err(|e| Failure::Library(e, token_hint(e, token, secret)))
        }
    }
}

/// The token argument, or for `-` the whole of standard input (untrimmed; at most `STDIN_LIMIT`).
fn read_token(arg: &str) -> Result<String, Failure> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let usage = |m: String| Failure::Usage(ErrorKind::InvalidValue, m);
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(STDIN_LIMIT as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| usage(format!("cannot read the token from standard input: {e}")))?;
    if buf.len() > STDIN_LIMIT {
        return Err(usage(format!(
            "standard input holds more than {} KiB; no token04 is that long",
            STDIN_LIMIT / 1024
        )));
    }
    let text = String::from_utf8(buf)
        .map_err(|_| usage("standard input is not UTF-8 text, so it holds no token".to_string()))?;
    if text.trim().is_empty() {
        return Err(usage(
            "standard input is empty: no token to read".to_string(),
        ));
    }
    Ok(text)
}

/// Whether `s` starts or ends with whitespace; the hint to give then.
fn whitespace_around(s: &str) -> Option<&'static str> {
    if s.ends_with(char::is_whitespace) {
        Some("ends with a newline or whitespace")
    } else if s.starts_with(char::is_whitespace) {
        Some("starts with whitespace")
    } else {
        None
    }
}

/// A hint for a rejected secret that has whitespace around it. It never shows the secret.
fn secret_hint(e: Error, secret: &str) -> Option<String> {
    match e {
        Error::SecretInvalid => {
            whitespace_around(secret).map(|w| format!("the secret {w}: strip it"))
        }
        _ => None,
    }
}

/// A hint naming the likely cause of a decode or verify failure, when the input shows it. It never
/// shows the token or the secret: only their shape (length, kinds of characters). The token's
/// shape comes from the library (`zego_token::inspect`, the hints every binding gives); the CLI
/// adds what needs the secret or its own flags.
fn token_hint(e: Error, token: &str, secret: &str) -> Option<String> {
    if e == Error::SecretInvalid {
        return secret_hint(e, secret);
    }
    let inspection = zego_token::inspect(token);
    if let Some(hint) = inspection.hint_text() {
        let mut hint = hint;
        if inspection.hint == Some(zego_token::Hint::Spaces)
            && zego_token::decode_token04(&token.replace(' ', "+"), secret).is_ok()
        {
            hint.push_str(" (with the spaces replaced by '+' it decodes with this secret)");
        }
        return Some(hint);
    }
    match e {
        Error::TokenDecryptFailed | Error::TokenAuthenticationFailed => {
            Some(match whitespace_around(secret) {
                Some(w) => format!("wrong secret (it {w}: strip it), or the token was altered"),
                None => "wrong secret, or the token was altered".to_string(),
            })
        }
        Error::TokenModeNotAllowed => Some(
            "this is a CBC token: pass --allow-cbc to accept it (CBC tokens are not \
             authenticated: anyone holding one can alter it)"
                .to_string(),
        ),
        _ => None,
    }
}

fn generate(args: &GenerateArgs, secret: &str) -> Result<String, Error> {
    let mode = match args.mode {
        ModeArg::Cbc => Mode::Cbc,
        ModeArg::Gcm => Mode::Gcm,
    };
    let strict = args.room_id.is_some()
        || args.can_login_room.is_some()
        || args.can_publish_stream.is_some()
        || !args.stream_id.is_empty();
    let payload = if strict {
        let streams = (!args.stream_id.is_empty()).then_some(&args.stream_id[..]);
        // The builder's defaults in every binding (and the official samples): login allowed,
        // publishing denied.
        zego_token::build_rtc_room_payload(
            args.room_id.as_deref().unwrap_or(""),
            args.can_login_room.unwrap_or(true),
            args.can_publish_stream.unwrap_or(false),
            streams,
        )
    } else {
        args.payload.clone().unwrap_or_default()
    };
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
