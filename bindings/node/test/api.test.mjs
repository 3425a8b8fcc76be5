// The API: the official error objects, the stricter checks, our own codes, Generator, decode,
// verify, buildRtcRoomPayload, the constants and the version.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import * as z from 'zego-token';
import { SECRET, independentDecode } from './helpers.mjs';

const require = createRequire(import.meta.url);
const {
  generateToken04, generateToken04Gcm, Generator, decode, verify, buildRtcRoomPayload,
  ZegoTokenError, ErrorCode, codes, version, tokenHint,
} = z;

const OFFICIAL = {
  1: 'appID invalid',
  3: 'userId invalid',
  5: 'secret must be a 32 byte string',
  6: 'effectiveTimeInSeconds invalid',
};

function expectCode(run, errorCode, what) {
  assert.throws(run, (e) => {
    assert.ok(e instanceof ZegoTokenError, `${what}: ${e}`);
    assert.ok(e instanceof Error, what);
    assert.equal(e.errorCode, errorCode, what);
    if (OFFICIAL[errorCode]) assert.equal(e.errorMessage, OFFICIAL[errorCode], what);
    assert.equal(e.message, e.errorMessage, what);
    assert.equal(typeof e.code, 'string', what);
    assert.equal(codes[e.code], errorCode, what);
    return true;
  });
}

test('every official bad input throws the official errorCode and errorMessage, in order', () => {
  const ok = [1, 'demo', SECRET, 3600];
  const bad = {
    0: [0, undefined, null, NaN, '1', {}, [], ''],
    1: ['', undefined, null, 7, {}, false],
    2: ['', undefined, null, 'short', `${SECRET}0`, SECRET.slice(1), 32],
    3: [0, undefined, null, '3600', NaN, {}],
  };
  const code = [1, 3, 5, 6];
  for (const [i, values] of Object.entries(bad)) {
    for (const v of values) {
      const args = ok.slice();
      args[i] = v;
      for (const f of [generateToken04, generateToken04Gcm]) {
        expectCode(() => f(...args), code[i], `${f.name} arg ${i} = ${String(v)}`);
      }
    }
  }
  // The first invalid argument wins, as in the official code.
  expectCode(() => generateToken04(0, '', '', 0), 1, 'all bad');
  expectCode(() => generateToken04(1, '', '', 0), 3, 'user, secret, ttl bad');
  expectCode(() => generateToken04(1, 'u', '', 0), 5, 'secret, ttl bad');
  expectCode(() => generateToken04(1, 'u', SECRET, 0), 6, 'ttl bad');
  expectCode(() => generateToken04(), 1, 'no arguments');
});

test('what the official code lets through but ZEGO would not want gets the official code', () => {
  for (const appId of [1.5, -1, 2 ** 32, 2 ** 53, Infinity, true, 1n]) {
    expectCode(() => generateToken04(appId, 'demo', SECRET, 3600), 1, `appId ${String(appId)}`);
  }
  assert.ok(generateToken04(2 ** 32 - 1, 'demo', SECRET, 3600).startsWith('04'));
  assert.equal(decode(generateToken04(2 ** 32 - 1, 'demo', SECRET, 3600), SECRET).appId, 2 ** 32 - 1);
  for (const ttl of [-1, -3600, true, 1.5, Infinity, -Infinity, 2 ** 63, 9223372036854775807, '3600', 0n, -1n, 2n ** 63n, 2n ** 63n - 1n, -(2n ** 63n)]) {
    expectCode(() => generateToken04(1, 'demo', SECRET, ttl), 6, `ttl ${String(ttl)}`);
  }
  // A BigInt lifetime is exact, past 2^53 too.
  assert.equal(decode(generateToken04(1, 'demo', SECRET, 3600n), SECRET).expire - decode(generateToken04(1, 'demo', SECRET, 3600n), SECRET).ctime, 3600);
  const big = 2n ** 60n + 1n;
  const bt = independentDecode(generateToken04Gcm(1, 'demo', SECRET, big), SECRET);
  assert.equal(bt.headerExpire - BigInt(bt.claims.ctime), big);
  expectCode(() => generateToken04(1, 'u'.repeat(65), SECRET, 3600), 3, '65-byte user id');
  expectCode(() => generateToken04(1, `${'é'.repeat(32)}x`, SECRET, 3600), 3, '65 UTF-8 bytes');
  assert.equal(decode(generateToken04(1, 'é'.repeat(32), SECRET, 3600), SECRET).userId, 'é'.repeat(32));
  // 32 UTF-16 units but 33 UTF-8 bytes: the key is the secret's bytes, so it is not a secret.
  assert.equal(`é${SECRET.slice(1)}`.length, 32);
  expectCode(() => generateToken04(1, 'demo', `é${SECRET.slice(1)}`, 3600), 5, 'non-ASCII secret');
  // 31 UTF-16 units but 32 UTF-8 bytes: a valid key (the official length check would refuse it).
  assert.equal(decode(generateToken04(1, 'demo', `é${SECRET.slice(2)}`, 3600), `é${SECRET.slice(2)}`).userId, 'demo');
});

test('strings: NUL and lone surrogates are rejected by their argument code, never repaired', () => {
  expectCode(() => generateToken04(1, 'de\0mo', SECRET, 3600), 3, 'NUL in user id');
  expectCode(() => generateToken04(1, 'de\uD800mo', SECRET, 3600), 3, 'lone high surrogate');
  expectCode(() => generateToken04(1, '\uDC00', SECRET, 3600), 3, 'lone low surrogate');
  expectCode(() => generateToken04(1, 'demo', `${SECRET.slice(1)}\0`, 3600), 5, 'NUL in secret');
  expectCode(() => generateToken04(1, 'demo', SECRET, 3600, 'a\0b'), 101, 'NUL in payload');
  expectCode(() => generateToken04(1, 'demo', SECRET, 3600, 'a\uD83D'), 101, 'surrogate in payload');
  // The official order still holds: an earlier bad argument wins over a bad payload.
  expectCode(() => generateToken04(1, 'demo', SECRET, 0, 'a\0b'), 6, 'ttl before payload');
  expectCode(() => generateToken04(1, 'u\0', 'short', 3600), 3, 'user before secret');
  // A well-formed astral character is fine, and comes back as it went in.
  const t = generateToken04Gcm(1, 'u😀', SECRET, 60, 'p😀');
  assert.equal(decode(t, SECRET).userId, 'u😀');
  assert.equal(decode(t, SECRET).payload, 'p😀');
  assert.equal(independentDecode(t, SECRET).claims.user_id, 'u😀');
  expectCode(() => decode('04AA\0', SECRET), 121, 'NUL in a 04 token');
  expectCode(() => decode('\0', SECRET), 121, 'NUL in a token');
  expectCode(() => decode('x\0', SECRET), 121, 'NUL in a token without the prefix');
  expectCode(() => decode(' 04AA', SECRET), 120, 'whitespace is not trimmed');
  expectCode(() => decode(generateToken04(1, 'demo', SECRET, 60), `${SECRET.slice(1)}\0`), 5, 'NUL secret');
});

test('payload: undefined and null are none, a non-string is a TypeError, too large is 102', () => {
  for (const p of [undefined, null, '']) {
    assert.equal(decode(generateToken04(1, 'demo', SECRET, 60, p), SECRET).payload, '');
  }
  for (const p of [1, {}, true, ['x']]) {
    assert.throws(() => generateToken04(1, 'demo', SECRET, 60, p), TypeError);
  }
  expectCode(() => generateToken04(1, 'demo', SECRET, 60, 'p'.repeat(70000)), 102, 'payload too large');
  expectCode(() => new Generator(1, SECRET).generate('demo', 60, 'p'.repeat(70000)), 102, 'generator');
});

test('generateToken04 is CBC, generateToken04Gcm is GCM; fresh IVs and nonces every time', () => {
  const a = generateToken04(1, 'demo', SECRET, 3600);
  const b = generateToken04(1, 'demo', SECRET, 3600);
  assert.notEqual(a, b);
  const da = independentDecode(a, SECRET);
  const db = independentDecode(b, SECRET);
  assert.equal(da.mode, 'cbc');
  assert.match(da.iv.toString('latin1'), /^[0-9a-z]{16}$/);
  assert.notDeepEqual(da.iv, db.iv);
  assert.notEqual(da.claims.nonce, db.claims.nonce);
  const g = independentDecode(generateToken04Gcm(1, 'demo', SECRET, 3600), SECRET);
  assert.equal(g.mode, 'gcm');
  assert.equal(g.iv.length, 12);
  const now = Math.floor(Date.now() / 1000);
  assert.ok(Math.abs(da.claims.ctime - now) <= 2);
  assert.equal(da.claims.expire, da.claims.ctime + 3600);
  assert.equal(da.headerExpire, BigInt(da.claims.expire));
});

test('Generator: GCM by default, reusable, options checked, close() then a clear error', () => {
  const g = new Generator(7, SECRET);
  assert.equal(g.mode, 'gcm');
  assert.equal(g.appId, 7);
  assert.equal(g.closed, false);
  const tokens = new Set();
  for (let i = 0; i < 100; i++) tokens.add(g.generate(`user-${i}`, 60));
  assert.equal(tokens.size, 100);
  for (const t of tokens) assert.equal(independentDecode(t, SECRET).mode, 'gcm');
  const d = verify(g.generate('demo', 60, 'x'), SECRET, 7);
  assert.equal(d.userId, 'demo');
  assert.equal(d.payload, 'x');
  expectCode(() => g.generate('', 60), 3, 'generator user id');
  expectCode(() => g.generate('u', 0), 6, 'generator ttl');
  expectCode(() => g.generate('u', true), 6, 'generator bool ttl');
  expectCode(() => g.generate('u', 60, 'a\0'), 101, 'generator payload NUL');
  g.close();
  assert.equal(g.closed, true);
  g.close();
  assert.throws(() => g.generate('demo', 60), (e) => {
    // Code 100 as a NULL generator in C (the bindings contract), with a message that says why.
    assert.ok(e instanceof ZegoTokenError);
    assert.equal(e.errorCode, 100);
    assert.equal(e.code, 'ZEGO_NULL_ARGUMENT');
    assert.equal(e.message, 'zego-token: this Generator is closed');
    return true;
  });

  const c = new Generator(7, SECRET, { mode: 'cbc' });
  assert.equal(c.mode, 'cbc');
  assert.equal(independentDecode(c.generate('demo', 60), SECRET).mode, 'cbc');
  assert.equal(new Generator(7, SECRET, { mode: 'gcm' }).mode, 'gcm');
  expectCode(() => new Generator(0, SECRET), 1, 'generator app id');
  expectCode(() => new Generator(1.5, SECRET), 1, 'generator fractional app id');
  expectCode(() => new Generator(1, 'short'), 5, 'generator secret');
  expectCode(() => new Generator(1, SECRET, { mode: 'aes' }), 106, 'generator mode');
  expectCode(() => new Generator(0, 'short', { mode: 'aes' }), 1, 'app id first');
  expectCode(() => new Generator(1, 'short', { mode: 'aes' }), 5, 'then the secret');
  assert.throws(() => new Generator(1, SECRET, { mod: 'cbc' }), TypeError);
  assert.throws(() => new Generator(1, SECRET, 'cbc'), TypeError);
});

test('Generators left to the garbage collector are freed (no close)', () => {
  // Rounds of 50,000 generators dropped unclosed; after the first rounds (the heap and the
  // allocator settle) RSS stays flat, so their native halves (the expanded keys) are freed.
  const script = `
    const { Generator } = require('zego-token');
    const settle = () => new Promise((r) => setImmediate(r));
    (async () => {
      const rss = [];
      for (let round = 0; round < 8; round++) {
        for (let i = 0; i < 50000; i++) new Generator(1, '${SECRET}').generate('u', 60);
        for (let k = 0; k < 3; k++) { global.gc(); await settle(); }
        rss.push(process.memoryUsage().rss);
      }
      require('fs').writeSync(3, JSON.stringify(rss));
    })();`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  assert.equal(r.status, 0, String(r.stderr));
  const rss = JSON.parse(String(r.output[3]));
  const growth = rss[7] - rss[2];
  // 250,000 leaked generators would be well over 100 MB.
  assert.ok(growth < 16 * 1024 * 1024, `RSS by round: ${rss.join(', ')}`);
});

test('decode and verify: our codes, with their names', () => {
  const gcm = generateToken04Gcm(42, 'demo', SECRET, 60);
  const cbc = generateToken04(42, 'demo', SECRET, 60);
  assert.equal(verify(gcm, SECRET, 42).mode, 'gcm');
  expectCode(() => verify(cbc, SECRET, 42), 134, 'CBC refused by default');
  assert.equal(verify(cbc, SECRET, 42, { allowCbc: true }).mode, 'cbc');
  assert.equal(verify(gcm, SECRET, 42, { allowCbc: false }).mode, 'gcm');
  for (const v of ['yes', 1, 0, null, 'true']) {
    assert.throws(() => verify(cbc, SECRET, 42, { allowCbc: v }), TypeError, String(v));
  }
  assert.throws(() => verify(gcm, SECRET, 42, { allowcbc: true }), TypeError);
  assert.throws(() => verify(gcm, SECRET, 42, true), TypeError);
  assert.throws(() => verify(gcm, SECRET, 0), TypeError);
  assert.throws(() => verify(gcm, SECRET, 42, { now: 1.5 }), TypeError);
  expectCode(() => verify(gcm, SECRET, 43), 132, 'other app id');
  const { expire } = decode(gcm, SECRET);
  expectCode(() => verify(gcm, SECRET, 42, { now: expire }), 133, 'expired');
  assert.equal(verify(gcm, SECRET, 42, { now: expire - 1 }).expire, expire);
  const other = '0123456789abcdef0123456789abcdef';
  expectCode(() => decode(gcm, other), 127, 'GCM wrong secret');
  expectCode(() => decode(cbc, other), 126, 'CBC wrong secret');
  expectCode(() => decode('05AAAA', SECRET), 120, 'prefix');
  expectCode(() => decode('04!!!!', SECRET), 121, 'base64');
  expectCode(() => decode(gcm.slice(0, 40), SECRET), 121, 'cut');
  expectCode(() => decode(gcm, 'short'), 5, 'decode secret');
  assert.throws(() => decode(12, SECRET), TypeError);
  const e = (() => { try { decode('05', SECRET); } catch (x) { return x; } })();
  assert.equal(e.code, 'ZEGO_TOKEN_PREFIX_INVALID');
  assert.equal(e.name, 'ZegoTokenError');
  assert.ok(e.stack.includes('api.test.mjs'), 'the stack trace reaches the caller');
  const claims = decode(gcm, SECRET);
  assert.ok(Object.isFrozen(claims));
  assert.deepEqual(Object.keys(claims).sort(), ['appId', 'ctime', 'expire', 'mode', 'nonce', 'payload', 'userId']);
  assert.equal(typeof claims.nonce, 'bigint');
});

test('hints: the library\'s sentence for a mangled token, on tokenHint and on the error', () => {
  const gcm = generateToken04Gcm(42, 'demo', SECRET, 60);
  // A token with a '+' (the base64 of 0xfb), as a URL query leaves it: the '+' a space.
  let plus = gcm;
  for (let i = 0; !plus.includes('+') && i < 200; i++) plus = generateToken04Gcm(42, `u${i}`, SECRET, 60);
  assert.ok(plus.includes('+'), 'some token has a +');
  const spaced = plus.replaceAll('+', ' ');
  const h = tokenHint(spaced);
  assert.equal(typeof h, 'string');
  assert.match(h, /spaces/);
  assert.match(h, /'\+'/);
  assert.ok(!h.includes(spaced.slice(2, 12)), 'no part of the token in the hint');
  assert.equal(tokenHint(gcm), null, 'a good token has none');
  assert.equal(tokenHint(plus), null);
  assert.match(tokenHint(`${gcm}\n`), /whitespace/);
  assert.match(tokenHint(`"${gcm}"`), /quotes/);
  assert.match(tokenHint(gcm.slice(2)), /"04"/);
  assert.match(tokenHint('04' + 'A'.repeat(100000)), /longer than any token04/);
  assert.equal(typeof tokenHint('04\uD800'), 'string', 'a lone surrogate: not text');
  assert.throws(() => tokenHint(1), TypeError);
  for (const [what, run] of [
    ['decode', () => decode(spaced, SECRET)],
    ['verify', () => verify(spaced, SECRET, 42)],
    ['decode, bad secret too', () => decode(spaced, 'short')],
  ]) {
    assert.throws(run, (e) => {
      assert.ok(e instanceof ZegoTokenError, what);
      assert.equal(e.hint, h, what);
      assert.ok(!e.message.includes(h), `${what}: the hint is not in the message`);
      return true;
    });
  }
  // A failure of a good token carries no hint, nor does any other call's.
  const other = '0123456789abcdef0123456789abcdef';
  assert.throws(() => decode(gcm, other), (e) => e.errorCode === 127 && e.hint === null);
  assert.throws(() => verify(gcm, SECRET, 43), (e) => e.errorCode === 132 && e.hint === null);
  assert.throws(() => generateToken04(0, 'u', SECRET, 60), (e) => e.errorCode === 1 && e.hint === null);
  assert.equal(new ZegoTokenError(121).hint, null);
});

test('buildRtcRoomPayload: the official samples JSON; bad input by code', () => {
  assert.equal(buildRtcRoomPayload('demo'), '{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}');
  assert.equal(
    buildRtcRoomPayload('r"1', { canLoginRoom: false, canPublishStream: true, streamIds: ['a', 'b\\'] }),
    '{"room_id":"r\\"1","privilege":{"1":0,"2":1},"stream_id_list":["a","b\\\\"]}',
  );
  assert.equal(buildRtcRoomPayload('', { streamIds: [] }), '{"room_id":"","privilege":{"1":1,"2":0},"stream_id_list":[]}');
  expectCode(() => buildRtcRoomPayload(1), 110, 'room id type');
  expectCode(() => buildRtcRoomPayload('a\0'), 110, 'room id NUL');
  expectCode(() => buildRtcRoomPayload('\uD800'), 110, 'room id surrogate');
  expectCode(() => buildRtcRoomPayload('r', { canLoginRoom: 1 }), 112, 'privilege 1');
  expectCode(() => buildRtcRoomPayload('r', { canPublishStream: 'yes' }), 112, 'privilege string');
  expectCode(() => buildRtcRoomPayload('r', { streamIds: 'a' }), 111, 'stream ids not an array');
  expectCode(() => buildRtcRoomPayload('r', { streamIds: ['a', 1] }), 111, 'stream id type');
  expectCode(() => buildRtcRoomPayload('r', { streamIds: ['a\0'] }), 111, 'stream id NUL');
  assert.throws(() => buildRtcRoomPayload('r', { stream_ids: [] }), TypeError);
  const p = buildRtcRoomPayload('room-1', { canPublishStream: true });
  assert.equal(decode(generateToken04(1, 'demo', SECRET, 60, p), SECRET).payload, p);
});

test('constants: ErrorCode as the official enum, codes as the core table, both in the .d.ts', () => {
  assert.deepEqual({ ...ErrorCode }, {
    success: 0, appIDInvalid: 1, userIDInvalid: 3, secretInvalid: 5, effectiveTimeInSecondsInvalid: 6,
  });
  assert.ok(Object.isFrozen(codes) && Object.isFrozen(ErrorCode));
  assert.equal(codes.ZEGO_SUCCESS, 0);
  assert.equal(codes.ZEGO_APP_ID_INVALID, 1);
  assert.equal(codes.ZEGO_TOKEN_MODE_NOT_ALLOWED, 134);
  const values = Object.values(codes);
  assert.equal(new Set(values).size, values.length);
  assert.ok(values.length >= 30);
  // codes.js and codes.d.ts are generated (scripts/generate-mirrors.py): the addon's own table
  // (the core's Error::ALL) must be exactly what they say.
  const fromAddon = Object.fromEntries([['ZEGO_SUCCESS', 0],
    ...ZegoTokenError._internals.native.errorTable().map((row) => [row.name, row.code])]);
  assert.deepEqual({ ...codes }, fromAddon);
  const dts = readFileSync(require.resolve('zego-token/package.json').replace(/package\.json$/, 'codes.d.ts'), 'utf8');
  const declared = Object.fromEntries([...dts.matchAll(/readonly (ZEGO_[A-Z0-9_]+): (\d+);/g)].map((m) => [m[1], Number(m[2])]));
  assert.deepEqual(declared, { ...codes });
  for (const [name, code] of Object.entries(codes)) {
    if (code === 0) continue;
    assert.equal(new ZegoTokenError(code).code, name);
  }
  assert.match(version, /^\d+\.\d+\.\d+$/);
  assert.equal(version, require('zego-token/package.json').version);
});

test('require and import give the same objects', async () => {
  const cjs = require('zego-token');
  const esm = await import('zego-token');
  assert.equal(cjs.generateToken04, esm.generateToken04);
  assert.equal(cjs.ZegoTokenError, esm.ZegoTokenError);
  assert.equal(esm.default, cjs);
  for (const k of Object.keys(cjs)) assert.equal(esm[k], cjs[k], k);
});

test('nothing is ever printed, success or failure', () => {
  const script = `
    const z = require('zego-token');
    const S = '${SECRET}';
    const t = z.generateToken04(1, 'demo', S, 60, 'p');
    z.generateToken04Gcm(1, 'demo', S, 60);
    const g = new z.Generator(1, S); g.generate('demo', 60); g.close();
    z.decode(t, S); z.verify(t, S, 1, { allowCbc: true });
    z.buildRtcRoomPayload('r', { streamIds: ['s'] });
    for (const f of [() => z.generateToken04(0, '', '', 0), () => z.decode('x', S),
        () => z.verify(t, S, 1), () => z.decode(t, 'short'), () => g.generate('u', 1),
        () => z.generateToken04(1, 'u\\0', S, 1), () => new z.Generator(1, S, { mode: 'x' })]) {
      try { f(); } catch (e) { void e; }
    }`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
});
