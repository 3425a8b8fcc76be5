// The linux-arm64-gnu package on arm64 (make node-test-aarch64: Debian's arm64 node under
// qemu-aarch64-static, in an app that installed the tarballs with npm --cpu=arm64): the loader
// picks that package, and its addon makes tokens of both modes that an independent node:crypto
// decoder reads, with the official errors. (The fixed-input vectors byte for byte, the error
// vectors, the conformance table and the threads run from their own files beside this one.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { generateToken04, generateToken04Gcm, Generator, decode, verify, buildRtcRoomPayload } from 'zego-token';
import { SECRET, independentDecode } from './helpers.mjs';

const require = createRequire(import.meta.url);

test('arm64: the loader picks @zego-token/linux-arm64-gnu, and only it is installed', () => {
  assert.equal(process.arch, 'arm64');
  assert.equal(process.platform, 'linux');
  const root = path.dirname(require.resolve('zego-token/package.json'));
  const { resolveBindingPackage } = require(path.join(root, 'loader.js'));
  assert.deepEqual(resolveBindingPackage(), { key: 'linux-arm64-gnu', pkg: '@zego-token/linux-arm64-gnu' });
  const addon = require.resolve('@zego-token/linux-arm64-gnu');
  assert.equal(path.basename(addon), 'zego-token.linux-arm64-gnu.node');
  assert.ok(require.cache[addon], 'the arm64 addon is the module loaded');
  const meta = require('@zego-token/linux-arm64-gnu/package.json');
  assert.deepEqual([meta.os, meta.cpu, meta.libc], [['linux'], ['arm64'], ['glibc']]);
  assert.equal(require('zego-token/package.json').optionalDependencies[meta.name], meta.version);
  assert.ok(!existsSync(path.join(root, '..', '@zego-token', 'linux-x64-gnu')), 'x64 package installed too');
});

test('arm64: fresh tokens of both modes, decoded independently (node:crypto)', () => {
  const payload = buildRtcRoomPayload('room-1', { canPublishStream: true, streamIds: ['s-1'] });
  const before = Math.floor(Date.now() / 1000);
  const gcm = new Generator(7, SECRET);
  const cbc = new Generator(7, SECRET, { mode: 'cbc' });
  const cases = [
    ['cbc', generateToken04(7, 'user-é', SECRET, 600, payload)],
    ['gcm', generateToken04Gcm(7, 'user-é', SECRET, 600, payload)],
    ['gcm', gcm.generate('user-é', 600, payload)],
    ['cbc', cbc.generate('user-é', 600, payload)],
  ];
  for (const [mode, token] of cases) {
    const d = independentDecode(token, SECRET);
    assert.equal(d.mode, mode);
    assert.equal(d.claims.app_id, 7);
    assert.equal(d.claims.user_id, 'user-é');
    assert.equal(d.claims.payload, payload);
    assert.ok(d.claims.ctime >= before && d.claims.ctime <= before + 60, String(d.claims.ctime));
    assert.equal(d.claims.expire, d.claims.ctime + 600);
    assert.equal(d.headerExpire, BigInt(d.claims.expire));
    const ours = decode(token, SECRET);
    assert.equal(ours.nonce, d.claims.nonce);
    assert.equal(ours.mode, mode);
  }
  assert.equal(verify(cases[1][1], SECRET, 7).userId, 'user-é');
  assert.equal(verify(cases[0][1], SECRET, 7, { allowCbc: true }).mode, 'cbc');
  assert.notEqual(cases[1][1], generateToken04Gcm(7, 'user-é', SECRET, 600, payload), 'fresh IVs');
  gcm.close();
  cbc.close();
  assert.equal(gcm.closed, true);
  assert.throws(() => gcm.generate('u', 60), (e) => e.errorCode === 100);
});

test('arm64: the official error objects, in the official order', () => {
  const cases = [
    [() => generateToken04(0, '', 'short', 0), 1, 'appID invalid'],
    [() => generateToken04(1, '', 'short', 0), 3, 'userId invalid'],
    [() => generateToken04(1, 'u', 'short', 0), 5, 'secret must be a 32 byte string'],
    [() => generateToken04(1, 'u', SECRET, 0), 6, 'effectiveTimeInSeconds invalid'],
    [() => generateToken04(1, 'u\0', SECRET, 60), 3, 'userId invalid'],
    [() => generateToken04(1, '\uD800', SECRET, 60), 3, 'userId invalid'],
    [() => generateToken04(1, 'u', SECRET, 60, 'x'.repeat(70000)), 102, undefined],
  ];
  for (const [run, code, message] of cases) {
    assert.throws(run, (e) => {
      assert.equal(e.errorCode, code);
      if (message) assert.equal(e.errorMessage, message);
      assert.ok(e instanceof Error);
      return true;
    });
  }
});
