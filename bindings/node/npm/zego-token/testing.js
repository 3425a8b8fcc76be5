'use strict';
// TEST-ONLY entry point (`require('zego-token/testing')`): tokens with the creation time, the JSON
// nonce and the IV fixed, so that the shared test vectors are reproduced byte for byte. A token
// made this way is as predictable as its inputs, and reusing an IV with a secret breaks the
// encryption (fatally so in GCM). Never use it to issue tokens.

const { ZegoTokenError } = require('./index.js');

const { native, fail, appIdArg, userIdArg, secretArg, ttlArg, payloadArg } = ZegoTokenError._internals;

/**
 * generateToken04 with { ctime, nonce, iv } fixed: mode 'cbc' or 'gcm', ctime an integer
 * Number, nonce a BigInt, iv a Uint8Array (16 bytes for CBC, 12 for GCM).
 */
function generateToken04Fixed(mode, appId, userId, secret, effectiveTimeInSeconds, payload, fixed) {
  if (mode !== 'cbc' && mode !== 'gcm') throw new TypeError("mode must be 'cbc' or 'gcm'");
  const { ctime, nonce, iv } = fixed || {};
  if (!Number.isSafeInteger(ctime)) throw new TypeError('ctime must be an integer');
  if (typeof nonce !== 'bigint') throw new TypeError('nonce must be a BigInt');
  if (!(iv instanceof Uint8Array)) throw new TypeError('iv must be a Uint8Array');
  const r = native.generateFixed(
    mode === 'gcm' ? 1 : 0,
    appIdArg(appId),
    userIdArg(userId),
    secretArg(secret),
    ttlArg(effectiveTimeInSeconds),
    payloadArg(payload),
    ctime,
    nonce,
    Buffer.from(iv),
  );
  return typeof r === 'string' ? r : fail(r);
}

/**
 * BENCHMARK-ONLY: ns/token of n calls of the Rust core in a native loop (no JavaScript between
 * calls): 'oneshot_cbc', 'oneshot_gcm', 'generator_gcm' or 'generator_cbc', with the C
 * benchmark's user id, secret and lifetime, and this payload.
 */
function benchCoreLoop(api, n, payload) {
  const which = ['oneshot_cbc', 'oneshot_gcm', 'generator_gcm', 'generator_cbc'].indexOf(api);
  if (which < 0 || !Number.isSafeInteger(n) || n < 1 || n > 0xffffffff || typeof payload !== 'string') {
    throw new TypeError('benchCoreLoop(api, n, payload)');
  }
  return native.benchCoreLoop(which, n, payload);
}

module.exports = { generateToken04Fixed, benchCoreLoop };
