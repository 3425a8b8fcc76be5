// The conformance table of the bindings contract (tests/data/conformance.json; its format in
// CONTRIBUTING.md): every entry whose `needs` are capabilities of this package, run through
// every entry point it names, with the listed code.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  generateToken04, generateToken04Gcm, Generator, decode, verify, buildRtcRoomPayload, ZegoTokenError,
} from 'zego-token';
import { loadData } from './helpers.mjs';

// What a JavaScript string can carry (a NUL; never non-UTF-8 bytes, and there are no NULL
// pointers), the integers it takes (app ids beyond uint32 as Numbers, lifetimes beyond int64 as
// BigInts), whitespace in tokens, and an empty secret.
const CAPABILITIES = new Set(['nul', 'wide_app_id', 'wide_lifetime', 'whitespace', 'empty_secret']);

// The table must be there: a missing one fails (no skip).
const table = loadData('conformance.json');

function str(v, what) {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof v.repeat === 'string') return (v.prefix || '') + v.repeat.repeat(v.count);
  throw new Error(`${what}: a string input this layer cannot take: ${JSON.stringify(v)}`);
}

const int = (v) => (typeof v === 'string' ? BigInt(v) : v);
const appIdOf = (v) => (typeof v === 'string' ? Number(v) : v);

function code(run) {
  try {
    run();
    return 0;
  } catch (e) {
    if (!(e instanceof ZegoTokenError)) throw e;
    return e.errorCode;
  }
}

function runs(list) {
  const mine = list.filter((e) => e.needs.every((n) => CAPABILITIES.has(n)));
  return mine;
}

test('the conformance table is there, in format 1', () => {
  assert.equal(table.format_version, 1);
});

test('conformance: generate', () => {
  const entries = runs(table.generate);
  assert.ok(entries.length >= 30, String(entries.length));
  for (const e of entries) {
    const appId = appIdOf(e.app_id);
    const userId = str(e.user_id, e.name);
    const secret = str(e.secret, e.name);
    const ttl = int(e.effective_time_in_seconds);
    const payload = e.payload === null ? undefined : str(e.payload, e.name);
    const check = (token, mode) => {
      const c = decode(token, secret);
      assert.equal(c.appId, appId, e.name);
      assert.equal(c.userId, userId, e.name);
      assert.equal(c.payload, payload ?? '', e.name);
      assert.equal(BigInt(c.expire - c.ctime), BigInt(ttl), e.name);
      assert.equal(c.mode, mode, e.name);
    };
    for (const [key, mode, f] of [['generate_cbc', 'cbc', generateToken04], ['generate_gcm', 'gcm', generateToken04Gcm]]) {
      let token;
      assert.equal(code(() => { token = f(appId, userId, secret, ttl, payload); }), e.expect[key], `${e.name} ${key}`);
      if (e.expect[key] === 0) check(token, mode);
    }
    for (const mode of ['gcm', 'cbc']) {
      let g;
      let token;
      const rc = code(() => { g = new Generator(appId, secret, { mode }); })
        || code(() => { token = g.generate(userId, ttl, payload); });
      assert.equal(rc, e.expect.generator, `${e.name} generator ${mode}`);
      if (rc === 0) check(token, mode);
      if (g) g.close();
    }
  }
});

test('conformance: decode and verify', () => {
  const entries = runs(table.decode);
  assert.ok(entries.length >= 50, String(entries.length));
  const mismatches = [];
  for (const e of entries) {
    const token = str(e.token, e.name);
    const secret = str(e.secret, e.name);
    const appId = appIdOf(e.app_id);
    const now = e.now;
    const calls = {
      decode: () => decode(token, secret),
      verify: () => verify(token, secret, appId, { now }),
      verify_allow_cbc: () => verify(token, secret, appId, { now, allowCbc: true }),
    };
    for (const [key, call] of Object.entries(calls)) {
      let claims;
      const rc = code(() => { claims = call(); });
      if (rc !== e.expect[key]) {
        mismatches.push(`${e.name} ${key}: ${rc}, expected ${e.expect[key]}`);
        continue;
      }
      if (e.expect[key] === 0 && e.claims) {
        const want = e.claims;
        assert.deepEqual(
          { ...claims },
          {
            appId: want.app_id,
            userId: want.user_id,
            nonce: BigInt(want.nonce),
            ctime: Number(want.ctime),
            expire: Number(want.expire),
            payload: want.payload,
            mode: want.mode,
          },
          `${e.name} ${key}`,
        );
      }
    }
  }
  assert.deepEqual(mismatches, []);
});

test('conformance: room payload', () => {
  const entries = runs(table.room_payload);
  assert.ok(entries.length >= 5, String(entries.length));
  for (const e of entries) {
    let payload;
    const rc = code(() => {
      payload = buildRtcRoomPayload(str(e.room_id, e.name), {
        canLoginRoom: e.can_login_room,
        canPublishStream: e.can_publish_stream,
        streamIds: e.stream_ids === null ? null : e.stream_ids.map((s) => str(s, e.name)),
      });
    });
    assert.equal(rc, e.expect, e.name);
    if (rc === 0) assert.equal(payload, e.payload, e.name);
  }
});
