// The loader: this platform's package is found; any other platform gets one clear error that
// names it and the supported ones.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const require = createRequire(import.meta.url);
const loaderPath = path.join(path.dirname(require.resolve('zego-token/package.json')), 'loader.js');
const { resolveBindingPackage, SUPPORTED, UnsupportedPlatformError } = require(loaderPath);

test('this platform resolves to its package, installed from its own tarball', () => {
  const { key, pkg } = resolveBindingPackage();
  assert.equal(key, `linux-${process.arch}-gnu`);
  assert.ok(['x64', 'arm64'].includes(process.arch), process.arch);
  assert.equal(pkg, `@zego-token/linux-${process.arch}-gnu`);
  const meta = require(`${pkg}/package.json`);
  assert.deepEqual([meta.os, meta.cpu, meta.libc], [['linux'], [process.arch], ['glibc']]);
  assert.equal(require('zego-token/package.json').optionalDependencies[pkg], meta.version);
});

test('an unsupported platform is one error naming it and the supported ones', () => {
  for (const target of [
    { platform: 'darwin', arch: 'arm64' },
    { platform: 'win32', arch: 'x64' },
    { platform: 'linux', arch: 'x64', libc: 'musl' },
    { platform: 'linux', arch: 'arm64', libc: 'musl' },
    { platform: 'linux', arch: 'riscv64', libc: 'gnu' },
    { platform: 'freebsd', arch: 'x64' },
  ]) {
    assert.throws(() => resolveBindingPackage(target), (e) => {
      assert.ok(e instanceof UnsupportedPlatformError);
      assert.equal(e.code, 'ERR_ZEGO_TOKEN_UNSUPPORTED_PLATFORM');
      const key = target.platform === 'linux' ? `linux-${target.arch}-${target.libc}` : `${target.platform}-${target.arch}`;
      assert.equal(e.platform, key);
      assert.ok(e.message.includes(`(${key})`), e.message);
      for (const k of Object.keys(SUPPORTED)) assert.ok(e.message.includes(k), e.message);
      return true;
    });
  }
});

test('require("zego-token") on a simulated foreign platform throws that one error, nothing else', () => {
  // A preload makes this process look like macOS on arm64 before the package loads.
  const script = `
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    Object.defineProperty(process, 'arch', { value: 'arm64' });
    try { require('zego-token'); process.exitCode = 3; }
    catch (e) { require('fs').writeSync(1, JSON.stringify({ name: e.name, code: e.code, message: e.message })); }`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const e = JSON.parse(r.stdout);
  assert.equal(e.name, 'UnsupportedPlatformError');
  assert.equal(e.code, 'ERR_ZEGO_TOKEN_UNSUPPORTED_PLATFORM');
  assert.equal(e.message,
    'zego-token has no prebuilt native addon for this platform (darwin-arm64); supported: linux-x64-gnu, linux-arm64-gnu');
});
