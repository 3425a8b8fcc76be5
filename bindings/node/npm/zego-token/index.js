'use strict';
// zego-token: ZEGO token04 on the library's Rust core (a napi-rs addon, one package per platform).
// This file checks every argument the JavaScript way (types, integer ranges, well-formed strings)
// and turns the addon's numeric error codes into ZegoTokenError. It never prints anything.

const { loadBinding } = require('./loader.js');

const native = loadBinding();

// The addon must be the one built for this package: same major.minor as package.json.
{
  const want = require('./package.json').version.split('.').slice(0, 2).join('.');
  const have = String(native.version()).split('.').slice(0, 2).join('.');
  if (want !== have) {
    throw new Error(`zego-token ${want} found a native addon of version ${native.version()}: reinstall zego-token`);
  }
}

const TABLE = native.errorTable();
const BY_CODE = new Map(TABLE.map((row) => [row.code, row]));

// The official generator's messages for its four codes (zegoServerAssistant.js), kept as they are
// so that code matching on errorMessage keeps working.
const OFFICIAL_MESSAGES = Object.freeze({
  1: 'appID invalid',
  3: 'userId invalid',
  5: 'secret must be a 32 byte string',
  6: 'effectiveTimeInSeconds invalid',
});

// Every error code of the library, by its C header name (`ZEGO_...`): codes.js, generated from
// the core's error table (scripts/generate-mirrors.py); the tests compare it with the addon's.
const { codes } = require('./codes.js');

/** The official generator's ErrorCode enum, under its own names. */
const ErrorCode = Object.freeze({
  success: 0,
  appIDInvalid: 1,
  userIDInvalid: 3,
  secretInvalid: 5,
  effectiveTimeInSecondsInvalid: 6,
});

/**
 * Every failure of the library: `errorCode` (the number), `errorMessage` (the official message for
 * 1, 3, 5, 6, else the library's), `code` (the C header name, e.g. 'ZEGO_APP_ID_INVALID'), `hint`
 * (for decode and verify: the library's hint for the token, see tokenHint; else null).
 */
class ZegoTokenError extends Error {
  constructor(errorCode, errorMessage, hint) {
    const row = BY_CODE.get(errorCode);
    errorMessage = errorMessage || OFFICIAL_MESSAGES[errorCode] || (row ? row.message : `error ${errorCode}`);
    super(errorMessage);
    this.name = 'ZegoTokenError';
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
    this.code = row ? row.name : 'ZEGO_UNKNOWN_ERROR';
    this.hint = typeof hint === 'string' ? hint : null;
  }
}

function fail(errorCode, errorMessage, hint) {
  const e = new ZegoTokenError(errorCode, errorMessage, hint);
  Error.captureStackTrace(e, fail);
  throw e;
}

const MODES = Object.freeze({ cbc: 0, gcm: 1 });
const U32_MAX = 0xffffffff;
const I64_LIMIT = 2 ** 63;
const I64_MIN_BIG = -(2n ** 63n);
const I64_MAX_BIG = 2n ** 63n - 1n;

// A JavaScript string reaches the core as UTF-8. One that has no UTF-8 form (a lone surrogate)
// is not silently repaired with U+FFFD: it becomes "\0", which the addon rejects with the code of
// its argument, as the C ABI rejects a string that is not UTF-8 or would be cut at a NUL.
// (String.prototype.isWellFormed is Node 20's; on an older Node, e.g. Debian bookworm's 18, the
// same test by a regular expression: a high surrogate not followed by a low one, or a low one
// not preceded by a high one.)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (s) => s.isWellFormed()
  : (s) => !LONE_SURROGATE.test(s);
function text(s) {
  return wellFormed(s) ? s : '\0';
}

/** An app id: an integer Number in 1..2^32-1; anything else is code 1. */
function appIdArg(appId) {
  return typeof appId === 'number' && Number.isInteger(appId) && appId >= 1 && appId <= U32_MAX
    ? appId
    : 0; // the core rejects 0 with code 1, in the official order
}

/** A user id: a string; anything else is code 3 (the core checks 1..64 UTF-8 bytes). */
function userIdArg(userId) {
  return typeof userId === 'string' ? text(userId) : '';
}

/** A secret: a string; anything else is code 5 (the core checks 32 UTF-8 bytes). */
function secretArg(secret) {
  return typeof secret === 'string' ? text(secret) : '';
}

/**
 * A lifetime: an integer Number below 2^63 in magnitude, or a BigInt in the int64 range (exact);
 * anything else (a bool, a string, 1.5, NaN) is code 6. The core checks that it is positive and
 * that ctime + lifetime fits in an int64.
 */
function ttlArg(ttl) {
  if (typeof ttl === 'number') {
    return Number.isInteger(ttl) && ttl > -I64_LIMIT && ttl < I64_LIMIT ? ttl : 0;
  }
  if (typeof ttl === 'bigint') return ttl >= I64_MIN_BIG && ttl <= I64_MAX_BIG ? ttl : 0;
  return 0; // the core rejects 0 with code 6, in the official order
}

/** A payload: a string, or undefined/null for none (as `payload || ''` in the official code). */
function payloadArg(payload) {
  if (payload === undefined || payload === null) return '';
  if (typeof payload !== 'string') {
    throw new TypeError('payload must be a string (or undefined)');
  }
  return text(payload);
}

function checkOptions(options, allowed, what) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${what} options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${what}: unknown option '${key}' (known: ${allowed.join(', ')})`);
    }
  }
  return options;
}

function modeArg(mode, dflt) {
  if (mode === undefined) return MODES[dflt];
  if (mode === 'cbc' || mode === 'gcm') return MODES[mode];
  return 2; // the addon reports code 106 (mode invalid) after the app id and the secret
}

function generateIn(mode, appId, userId, secret, effectiveTimeInSeconds, payload) {
  const r = native.generate(
    mode,
    appIdArg(appId),
    userIdArg(userId),
    secretArg(secret),
    ttlArg(effectiveTimeInSeconds),
    payloadArg(payload),
  );
  return typeof r === 'string' ? r : fail(r);
}

/**
 * A new CBC token04: a drop-in for the official `generateToken04` of zegoServerAssistant.js
 * (same arguments and return value; the same errorCode/errorMessage on bad input, in the same
 * order, but as a ZegoTokenError, with CSPRNG IVs and nonces, and no console output).
 */
function generateToken04(appId, userId, secret, effectiveTimeInSeconds, payload) {
  return generateIn(0, appId, userId, secret, effectiveTimeInSeconds, payload);
}

/** A new GCM (authenticated) token04; same arguments and checks as generateToken04. */
function generateToken04Gcm(appId, userId, secret, effectiveTimeInSeconds, payload) {
  return generateIn(1, appId, userId, secret, effectiveTimeInSeconds, payload);
}

// A closed generator is code 100 (a NULL generator in the C ABI; the bindings contract), with a
// message that says what happened.
const CLOSED = 'zego-token: this Generator is closed';

/**
 * A reusable generator for one app id and secret, GCM unless `{ mode: 'cbc' }`. The expanded
 * key is held natively and wiped by close() or when the object is garbage-collected.
 */
class Generator {
  #native;
  #appId;
  #mode;

  constructor(appId, secret, options) {
    const { mode } = checkOptions(options, ['mode'], 'Generator');
    const m = modeArg(mode, 'gcm');
    const r = native.generatorNew(appIdArg(appId), secretArg(secret), m);
    if (typeof r === 'number') fail(r);
    this.#native = r;
    this.#appId = appId;
    this.#mode = m === 1 ? 'gcm' : 'cbc';
  }

  /** The app id tokens are issued for. */
  get appId() {
    return this.#appId;
  }

  /** 'gcm' or 'cbc'. */
  get mode() {
    return this.#mode;
  }

  /** Whether close() has been called. */
  get closed() {
    return this.#native === null;
  }

  /** A new token for userId, valid for effectiveTimeInSeconds from now. */
  generate(userId, effectiveTimeInSeconds, payload) {
    if (this.#native === null) fail(codes.ZEGO_NULL_ARGUMENT, CLOSED);
    // #native is the generator's own native function (see the addon's glue.rs).
    const r = this.#native(userIdArg(userId), ttlArg(effectiveTimeInSeconds), payloadArg(payload));
    return typeof r === 'string' ? r : fail(r);
  }

  /** Wipes the expanded key now. Idempotent; generate() throws afterwards. */
  close() {
    if (this.#native !== null) {
      this.#native(); // no arguments: closes it, wiping the key
      this.#native = null;
    }
  }

}
if (typeof Symbol.dispose === 'symbol') {
  Generator.prototype[Symbol.dispose] = Generator.prototype.close;
}

function tokenArg(token) {
  if (typeof token !== 'string') throw new TypeError('token must be a string');
  return text(token);
}

/** A failed decode or verify: the error carries the token's hint (tokenArg's form of it). */
function tokenFail(code, token) {
  const e = new ZegoTokenError(code, undefined, native.tokenHint(token));
  Error.captureStackTrace(e, tokenFail);
  throw e;
}

function claims(r, token) {
  if (typeof r === 'number') tokenFail(r, token);
  return Object.freeze(r);
}

/**
 * The library's hint for a malformed token: one of its fixed English sentences naming the likely
 * mistake (a '+' that a URL query turned into a space, a trailing newline, quotes, URL encoding,
 * a missing "04", a truncated token...), never any part of the token; null when the token shows
 * none (it may still fail: a wrong secret). decode() and verify() put it on their error's `hint`.
 */
function tokenHint(token) {
  const h = native.tokenHint(tokenArg(token));
  return typeof h === 'string' ? h : null;
}

/**
 * The claims of a token of either mode from any generator. Checks neither expiry nor app id and
 * accepts unauthenticated CBC tokens: use verify() to accept a token.
 */
function decode(token, secret) {
  const t = tokenArg(token);
  return claims(native.decode(t, secretArg(secret)), t);
}

/**
 * The claims of `token` if it is accepted: GCM (CBC too only with `{ allowCbc: true }`), it
 * decrypts with `secret`, was issued for `appId`, and has not expired at `now` (Unix seconds,
 * default the current time).
 */
function verify(token, secret, appId, options) {
  const o = checkOptions(options, ['allowCbc', 'now'], 'verify');
  const allowCbc = o.allowCbc === undefined ? false : o.allowCbc;
  if (typeof allowCbc !== 'boolean') throw new TypeError('verify: allowCbc must be a boolean');
  let now = o.now;
  if (now === undefined) {
    now = Math.floor(Date.now() / 1000);
  } else if (typeof now !== 'number' || !Number.isSafeInteger(now)) {
    throw new TypeError('verify: now must be an integer number of Unix seconds');
  }
  const id = appIdArg(appId);
  if (id === 0) throw new TypeError('verify: appId must be an integer in 1..2^32-1');
  const t = tokenArg(token);
  return claims(native.verify(t, secretArg(secret), id, now, allowCbc), t);
}

/**
 * The payload of a strict token, as the official samples build it:
 * `{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}`. An empty roomId means
 * any room; streamIds null/undefined gives null (any stream), an array gives the list.
 */
function buildRtcRoomPayload(roomId, options) {
  const o = checkOptions(options, ['canLoginRoom', 'canPublishStream', 'streamIds'], 'buildRtcRoomPayload');
  if (typeof roomId !== 'string' || !wellFormed(roomId)) fail(codes.ZEGO_ROOM_ID_INVALID);
  const login = o.canLoginRoom === undefined ? true : o.canLoginRoom;
  const publish = o.canPublishStream === undefined ? false : o.canPublishStream;
  if (typeof login !== 'boolean' || typeof publish !== 'boolean') fail(codes.ZEGO_PRIVILEGE_INVALID);
  let ids = o.streamIds === undefined ? null : o.streamIds;
  if (ids !== null) {
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && wellFormed(id))) {
      fail(codes.ZEGO_STREAM_ID_INVALID);
    }
    ids = ids.slice();
  }
  const r = native.rtcRoomPayload(roomId, login, publish, ids);
  return typeof r === 'string' ? r : fail(r);
}

/** The version of the library (the Rust core the addon was built from). */
const version = native.version();

// For ./testing.js only (not part of the API).
Object.defineProperty(ZegoTokenError, '_internals', {
  value: Object.freeze({ native, fail, appIdArg, userIdArg, secretArg, ttlArg, payloadArg }),
});

module.exports = {
  generateToken04,
  generateToken04Gcm,
  Generator,
  decode,
  verify,
  buildRtcRoomPayload,
  tokenHint,
  ZegoTokenError,
  ErrorCode,
  codes,
  version,
};
// For `import zegoToken from 'zego-token'` under TypeScript's CommonJS interop.
module.exports.default = module.exports;
