// The shared ground truth (tests/data): every fixed-input vector byte for byte, every error vector
// by its code in every generate path, and every foreign token decoded.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { generateToken04, generateToken04Gcm, Generator, decode, ZegoTokenError } from 'zego-token';
import { loadData, independentDecode } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { generateToken04Fixed } = require('zego-token/testing');

const vectors = loadData('token04-vectors.json');
const foreign = loadData('token04-foreign.json');

test('fixed-input vectors are reproduced byte for byte (both modes)', () => {
  const byMode = { cbc: 0, gcm: 0 };
  for (const c of vectors.cases) {
    const token = generateToken04Fixed(
      c.mode, c.app_id, c.user_id, c.secret, c.effective_time_in_seconds, c.payload,
      { ctime: c.ctime, nonce: BigInt(c.nonce), iv: Buffer.from(c.iv_hex, 'hex') },
    );
    assert.equal(token, c.token, c.name);
    const d = decode(token, c.secret);
    assert.equal(d.mode, c.mode, c.name);
    assert.equal(d.appId, c.app_id, c.name);
    assert.equal(d.userId, c.user_id, c.name);
    assert.equal(d.payload, c.payload, c.name);
    assert.equal(d.nonce, BigInt(c.nonce), c.name);
    assert.equal(d.ctime, c.ctime, c.name);
    assert.equal(d.expire, c.ctime + c.effective_time_in_seconds, c.name);
    assert.equal(independentDecode(token, c.secret).plaintext, c.plaintext, c.name);
    byMode[c.mode] += 1;
  }
  assert.ok(byMode.cbc >= 7 && byMode.gcm >= 7, JSON.stringify(byMode));
});

test('the vectors nonces are passed exactly (a BigInt, not a double)', () => {
  const c = vectors.cases[0];
  const other = generateToken04Fixed(
    c.mode, c.app_id, c.user_id, c.secret, c.effective_time_in_seconds, c.payload,
    { ctime: c.ctime, nonce: BigInt(c.nonce) + 1n, iv: Buffer.from(c.iv_hex, 'hex') },
  );
  assert.notEqual(other, c.token);
  assert.equal(decode(other, c.secret).nonce, BigInt(c.nonce) + 1n);
});

test('error vectors give their codes through every generate path', () => {
  assert.ok(vectors.errors.length >= 14);
  for (const c of vectors.errors) {
    const expected = c.error_code === 'extension' ? 102 : c.error_code;
    const paths = [
      () => generateToken04(c.app_id, c.user_id, c.secret, c.effective_time_in_seconds, c.payload),
      () => generateToken04Gcm(c.app_id, c.user_id, c.secret, c.effective_time_in_seconds, c.payload),
    ];
    for (const run of paths) {
      assert.throws(run, (e) => {
        assert.ok(e instanceof ZegoTokenError, c.name);
        assert.equal(e.errorCode, expected, c.name);
        return true;
      });
    }
    // A generator checks app id and secret when made, the rest per token.
    for (const mode of ['gcm', 'cbc']) {
      let gen;
      try {
        gen = new Generator(c.app_id, c.secret, { mode });
      } catch (e) {
        // The code of the construction checks (app id, then secret), in the one-shot's terms.
        let oneShot;
        try { generateToken04(c.app_id, 'demo', c.secret, 3600); } catch (x) { oneShot = x.errorCode; }
        assert.ok([1, 5].includes(oneShot), c.name);
        assert.equal(e.errorCode, oneShot, c.name);
        continue;
      }
      assert.throws(() => gen.generate(c.user_id, c.effective_time_in_seconds, c.payload),
        (e) => e.errorCode === expected, c.name);
      gen.close();
    }
  }
});

test('foreign tokens (every official generator) decode', () => {
  assert.equal(foreign.tokens.length, 20);
  for (const t of foreign.tokens) {
    const d = decode(t.token, t.secret);
    assert.equal(d.appId, t.app_id, t.producer);
    assert.equal(d.userId, t.user_id, t.producer);
    assert.equal(d.payload, t.payload, t.producer);
    assert.equal(d.expire - d.ctime, t.effective_time_in_seconds, t.producer);
    assert.equal(d.mode, t.producer.endsWith('gcm') ? 'gcm' : 'cbc', t.producer);
    // The independent decoder agrees on every claim.
    const ind = independentDecode(t.token, t.secret);
    assert.equal(ind.mode, d.mode, t.producer);
    assert.equal(ind.claims.nonce, d.nonce, t.producer);
    assert.equal(ind.claims.user_id, d.userId, t.producer);
  }
});
