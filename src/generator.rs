//! Token generation: a reusable [`Generator`] holding one expanded key, and the one-shot functions.

use std::cell::RefCell;

use zeroize::Zeroize;

use crate::cipher::Sealer;
use crate::format::{self, encoded_len};
use crate::plaintext::{self, Fields};
use crate::validate::{self, MAX_PLAINTEXT_BYTES};
use crate::{random, Error, Mode};

/// Creation time, JSON nonce and IV fixed by the caller instead of drawn from the clock and the
/// OS CSPRNG.
///
/// **For tests and interoperability checks only.** A token made with a fixed IV and nonce is as
/// predictable as its inputs; reusing an IV with the same secret breaks the encryption (fatally so
/// in GCM). The C ABI does not expose this.
#[derive(Clone, Copy, Debug)]
pub struct FixedInputs<'a> {
    /// Creation time, in Unix seconds.
    pub ctime: i64,
    /// The JSON `nonce` claim.
    pub nonce: i64,
    /// The raw IV: 16 bytes for CBC (the official generators use characters `0-9a-z`), 12 for GCM.
    pub iv: &'a [u8],
}

/// Generates tokens for one app id, secret and mode, with the AES key expanded once.
///
/// Immutable after creation: share it between threads freely. The expanded key is zeroized when
/// the generator is dropped; the secret itself is not kept.
#[derive(Clone)]
pub struct Generator {
    app_id: u32,
    mode: Mode,
    sealer: Sealer,
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("app_id", &self.app_id)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

/// The per-token inputs of one call: what changes from one token to the next. Every generate
/// path passes this one value along, so a new per-token input is one new field here.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TokenRequest<'a> {
    /// The user id (checked: 1 to 64 bytes).
    pub(crate) user_id: &'a str,
    /// The lifetime (checked: positive, and the expiry fits in an `i64`).
    pub(crate) effective_time_in_seconds: i64,
    /// The payload, or why the caller's payload could not be read (from C: not UTF-8, or longer
    /// than any token can hold). Such an error is reported after the official checks, since the
    /// official generators check app id, user id, secret and lifetime first.
    pub(crate) payload: Result<&'a str, Error>,
}

impl<'a> TokenRequest<'a> {
    /// A request from Rust strings.
    pub(crate) fn new(
        user_id: &'a str,
        effective_time_in_seconds: i64,
        payload: &'a str,
    ) -> TokenRequest<'a> {
        TokenRequest {
            user_id,
            effective_time_in_seconds,
            payload: Ok(payload),
        }
    }

    /// The per-token checks, in the official order (user id 3, lifetime 6; app id and secret are
    /// the generator's), then the payload. Returns the expiry and the payload.
    fn check(&self, ctime: i64) -> Result<(i64, &'a str), Error> {
        validate::user_id(self.user_id)?;
        let expire = validate::expire(ctime, self.effective_time_in_seconds)?;
        let payload = self.payload?;
        validate::payload_len(payload)?;
        Ok((expire, payload))
    }
}

thread_local! {
    /// Per-thread scratch for the packed token, so that generation does not allocate once warm.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

pub(crate) use crate::os::now_unix;

/// A buffer size, including a terminating NUL, that always holds a token for a user id and
/// payload of these byte lengths (in either mode).
pub const fn max_token_len(user_id_len: usize, payload_len: usize) -> usize {
    let mut pt = plaintext::max_len(user_id_len, payload_len);
    if pt > MAX_PLAINTEXT_BYTES {
        pt = MAX_PLAINTEXT_BYTES;
    }
    encoded_len(format::max_packed_len(pt)) + 1
}

impl Generator {
    /// Checks `app_id` (code 1) and `secret` (code 5) and expands the key.
    pub fn new(app_id: u32, secret: &str, mode: Mode) -> Result<Generator, Error> {
        Generator::new_with(app_id, secret, Ok(mode))
    }

    /// [`Generator::new`] for a mode that may have failed to convert (from C): checked in the
    /// order app id (1), secret (5), mode.
    pub(crate) fn new_with(
        app_id: u32,
        secret: &str,
        mode: Result<Mode, Error>,
    ) -> Result<Generator, Error> {
        validate::app_id(app_id)?;
        let key = validate::secret(secret.as_bytes())?;
        let mode = mode?;
        Ok(Generator {
            app_id,
            mode,
            sealer: Sealer::new(mode, key),
        })
    }

    /// The app id tokens are issued for.
    pub fn app_id(&self) -> u32 {
        self.app_id
    }

    /// The encryption mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Runs every check of [`Generator::generate`] without generating.
    pub fn check(
        &self,
        user_id: &str,
        effective_time_in_seconds: i64,
        payload: &str,
    ) -> Result<(), Error> {
        TokenRequest::new(user_id, effective_time_in_seconds, payload)
            .check(now_unix())
            .map(|_| ())
    }

    /// A new token for `user_id`, valid for `effective_time_in_seconds` from now.
    pub fn generate(
        &self,
        user_id: &str,
        effective_time_in_seconds: i64,
        payload: &str,
    ) -> Result<String, Error> {
        let request = TokenRequest::new(user_id, effective_time_in_seconds, payload);
        self.seal_to_string(&request, None)
    }

    /// Like [`Generator::generate`], with the creation time, nonce and IV fixed.
    /// **For tests and interoperability checks only** (see [`FixedInputs`]).
    pub fn generate_fixed(
        &self,
        user_id: &str,
        effective_time_in_seconds: i64,
        payload: &str,
        fixed: &FixedInputs<'_>,
    ) -> Result<String, Error> {
        let request = TokenRequest::new(user_id, effective_time_in_seconds, payload);
        self.seal_to_string(&request, Some(fixed))
    }

    /// Writes a new token into `out` without allocating and returns its length (no NUL is
    /// written). If `out` is too small, returns [`Error::BufferTooSmall`];
    /// [`max_token_len`] gives a size that always suffices.
    pub fn generate_into(
        &self,
        user_id: &str,
        effective_time_in_seconds: i64,
        payload: &str,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let request = TokenRequest::new(user_id, effective_time_in_seconds, payload);
        self.request_into(&request, out)
    }

    /// [`Generator::generate_into`] for a request.
    pub(crate) fn request_into(
        &self,
        request: &TokenRequest<'_>,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        self.seal(request, None, Some(out), |token| token.len())
    }

    /// Generates a token in per-thread scratch and hands its ASCII bytes (never a NUL) to `f`,
    /// so that the C ABI can copy it once into the string it returns.
    pub(crate) fn with_token<R>(
        &self,
        request: &TokenRequest<'_>,
        f: impl FnOnce(&[u8]) -> R,
    ) -> Result<R, Error> {
        self.seal(request, None, None, f)
    }

    fn seal_to_string(
        &self,
        request: &TokenRequest<'_>,
        fixed: Option<&FixedInputs<'_>>,
    ) -> Result<String, Error> {
        let token = self.seal(request, fixed, None, |token| {
            String::from_utf8(token.to_vec())
        })?;
        token.map_err(|_| Error::Internal)
    }

    /// Validates the per-token inputs, builds the packed token in per-thread scratch, encrypts it
    /// and encodes it into `out` (or, without `out`, into the scratch too), then hands the token
    /// to `f`.
    fn seal<R>(
        &self,
        request: &TokenRequest<'_>,
        fixed: Option<&FixedInputs<'_>>,
        out: Option<&mut [u8]>,
        f: impl FnOnce(&[u8]) -> R,
    ) -> Result<R, Error> {
        let ctime = fixed.map_or_else(now_unix, |x| x.ctime);
        let (expire, payload) = request.check(ctime)?;

        let mut iv_buf = [0u8; 16];
        let (iv, nonce): (&[u8], i64) = match fixed {
            Some(x) => {
                if x.iv.len() != self.mode.iv_len() {
                    return Err(Error::IvInvalid);
                }
                (x.iv, x.nonce)
            }
            None => match self.mode {
                Mode::Cbc => {
                    let (iv, nonce) = random::cbc_iv_and_nonce()?;
                    iv_buf = iv;
                    (&iv_buf[..], nonce)
                }
                Mode::Gcm => {
                    let (iv, nonce) = random::gcm_iv_and_nonce()?;
                    iv_buf[..12].copy_from_slice(&iv);
                    (&iv_buf[..12], nonce)
                }
            },
        };
        let fields = Fields {
            app_id: self.app_id,
            user_id: request.user_id,
            nonce,
            ctime,
            expire,
            payload,
        };
        // The per-thread scratch, or a buffer of this call's own when the scratch is in use
        // (re-entered) or already gone (a call from a thread-exit destructor, where `with`
        // would panic).
        // One lookup of the thread-local: the arguments go in through `args`, and stay there
        // when the scratch is gone and the closure never ran.
        let mut args = Some((out, f));
        let mut pack = |buf: &mut Vec<u8>| match args.take() {
            Some((out, f)) => self.pack_into(buf, iv, &fields, out, f),
            None => Err(Error::Internal),
        };
        match SCRATCH.try_with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut buf) => pack(&mut buf),
            Err(_) => pack(&mut Vec::new()),
        }) {
            Ok(result) => result,
            Err(_) => pack(&mut Vec::new()),
        }
    }

    /// Packs the token (the layout is `crate::format`'s) in `scratch`,
    /// encrypts it in place and writes `"04" + base64` of it into `out` (or after the packed token
    /// in `scratch`), then hands it to `f`. (Encoding each block as soon as it was encrypted, to
    /// overlap the CBC chain, measured slower: the processor overlaps the encoding with the end of
    /// the chain by itself.)
    fn pack_into<R>(
        &self,
        scratch: &mut Vec<u8>,
        iv: &[u8],
        fields: &Fields<'_>,
        out: Option<&mut [u8]>,
        f: impl FnOnce(&[u8]) -> R,
    ) -> Result<R, Error> {
        let start = format::ct_offset(iv.len());
        // Room for the longest plaintext of these strings, the writer's slack (which also covers
        // the CBC padding or GCM tag, and the mode byte), and when there is no `out`, for the
        // encoded token after it. Grown once, never zero-filled again.
        let need = plaintext::max_len(fields.user_id.len(), fields.payload.len())
            .saturating_add(start + plaintext::SLACK);
        let total = match out {
            Some(_) => need,
            None => need.saturating_add(encoded_len(need)),
        };
        if scratch.len() < total {
            scratch.resize(total, 0);
        }
        let (buf, spare) = scratch.split_at_mut(need);
        format::put_header(buf, fields.expire, iv)?;
        let pt_len = plaintext::write(&mut buf[start..], fields).ok_or(Error::Internal)?;
        // The writer may have left plaintext fragments in its slack: wipe them now.
        let written_end = (start + pt_len + plaintext::SLACK).min(buf.len());
        buf[start + pt_len..written_end].fill(0);
        if pt_len > MAX_PLAINTEXT_BYTES {
            buf[..written_end].zeroize();
            return Err(Error::PayloadTooLarge);
        }
        let ct_len = self.sealer.ct_len(pt_len);
        let packed_len = format::put_trailer(buf, start, ct_len, self.mode)?;
        let buf = &mut buf[..packed_len];

        let len = encoded_len(packed_len);
        let out = match out {
            Some(out) => out.get_mut(..len),
            None => spare.get_mut(..len),
        };
        let Some(out) = out else {
            buf.zeroize();
            return Err(Error::BufferTooSmall);
        };
        if let Err(e) = self
            .sealer
            .seal(iv, &mut buf[start..start + ct_len], pt_len)
        {
            buf.zeroize();
            return Err(e);
        }
        if let Err(e) = format::encode(buf, out) {
            buf.zeroize();
            return Err(e);
        }
        Ok(f(out))
    }
}

/// A new CBC token04 (the original format, accepted by every ZEGO server).
///
/// Inputs are checked in the official order, the first failure winning: `app_id` (1), `user_id`
/// (3), `secret` (5), `effective_time_in_seconds` (6); then the payload size.
pub fn generate_token04(
    app_id: u32,
    user_id: &str,
    secret: &str,
    effective_time_in_seconds: i64,
    payload: &str,
) -> Result<String, Error> {
    generate_token04_with_mode(
        Mode::Cbc,
        app_id,
        user_id,
        secret,
        effective_time_in_seconds,
        payload,
    )
}

/// A new GCM token04 (authenticated; the current official recommendation). Same rules as
/// [`generate_token04`].
pub fn generate_token04_gcm(
    app_id: u32,
    user_id: &str,
    secret: &str,
    effective_time_in_seconds: i64,
    payload: &str,
) -> Result<String, Error> {
    generate_token04_with_mode(
        Mode::Gcm,
        app_id,
        user_id,
        secret,
        effective_time_in_seconds,
        payload,
    )
}

/// A new token04 in `mode`. Same rules as [`generate_token04`].
pub fn generate_token04_with_mode(
    mode: Mode,
    app_id: u32,
    user_id: &str,
    secret: &str,
    effective_time_in_seconds: i64,
    payload: &str,
) -> Result<String, Error> {
    let request = TokenRequest::new(user_id, effective_time_in_seconds, payload);
    one_shot(mode, app_id, secret, &request, |g| {
        g.seal_to_string(&request, None)
    })
}

/// A token04 with the creation time, JSON nonce and IV fixed, so that the official generators'
/// output can be reproduced byte for byte.
///
/// **For tests and interoperability checks only** (see [`FixedInputs`]); not in the C ABI.
pub fn generate_token04_fixed(
    mode: Mode,
    app_id: u32,
    user_id: &str,
    secret: &str,
    effective_time_in_seconds: i64,
    payload: &str,
    fixed: &FixedInputs<'_>,
) -> Result<String, Error> {
    let request = TokenRequest::new(user_id, effective_time_in_seconds, payload);
    one_shot(mode, app_id, secret, &request, |g| {
        g.seal_to_string(&request, Some(fixed))
    })
}

/// Runs every check of [`generate_token04`] (in the same order) without generating.
pub fn check_token04_inputs(
    app_id: u32,
    user_id: &str,
    secret: &str,
    effective_time_in_seconds: i64,
    payload: &str,
) -> Result<(), Error> {
    let request = TokenRequest::new(user_id, effective_time_in_seconds, payload);
    one_shot(Mode::Cbc, app_id, secret, &request, |_| {
        request.check(now_unix()).map(|_| ())
    })
}

/// One-shot generation, the token handed to `f` (see `Generator::with_token`).
pub(crate) fn with_token04<R>(
    mode: Mode,
    app_id: u32,
    secret: &str,
    request: &TokenRequest<'_>,
    f: impl FnOnce(&[u8]) -> R,
) -> Result<R, Error> {
    one_shot(mode, app_id, secret, request, |g| g.with_token(request, f))
}

/// One-shot generation into `out` (see [`Generator::generate_into`]).
pub(crate) fn token04_into(
    mode: Mode,
    app_id: u32,
    secret: &str,
    request: &TokenRequest<'_>,
    out: &mut [u8],
) -> Result<usize, Error> {
    one_shot(mode, app_id, secret, request, |g| {
        g.request_into(request, out)
    })
}

/// Runs `f` with a generator for one call, after the checks that come before the generator's
/// own: the official order is app id (1), user id (3), secret (5), then the lifetime (6) and
/// the payload, which `f` checks. The generator is built in place, not returned: moving its
/// 240-byte key schedule around cost a one-shot call as much as expanding it.
#[inline(always)]
fn one_shot<R>(
    mode: Mode,
    app_id: u32,
    secret: &str,
    request: &TokenRequest<'_>,
    f: impl FnOnce(&Generator) -> Result<R, Error>,
) -> Result<R, Error> {
    validate::app_id(app_id)?;
    validate::user_id(request.user_id)?;
    let key = validate::secret(secret.as_bytes())?;
    let generator = Generator {
        app_id,
        mode,
        sealer: Sealer::new(mode, key),
    };
    f(&generator)
}
