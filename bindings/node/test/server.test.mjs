// The example token endpoint (examples/node/server.mjs): started on 127.0.0.1 on a free port,
// asked for a token, the token decoded, the server stopped by its pid.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verify } from 'zego-token';
import { SECRET, independentDecode } from './helpers.mjs';

const SERVER = process.env.ZEGO_EXAMPLE_SERVER
  || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'server.mjs');

test('the example server issues short-lived tokens for the signed-in user only', async () => {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, ZEGO_APP_ID: '1234567', ZEGO_SERVER_SECRET: SECRET, DEMO_SESSIONS: 'sess-alice=alice,sess-bob=bob', HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  try {
    let out = '';
    while (!/\n/.test(out)) {
      const [chunk] = await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => { throw new Error(`server exited: ${stderr}`); })]);
      out += chunk;
    }
    const m = /http:\/\/127\.0\.0\.1:(\d+)(\/\S+)/.exec(out);
    assert.ok(m, out);
    const url = `http://127.0.0.1:${m[1]}${m[2]}`;

    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: 'Bearer sess-alice', 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'mallory', secret: 'x'.repeat(32) }),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /application\/json/);
    const body = await res.json();
    assert.equal(body.userId, 'alice');
    assert.equal(body.appId, 1234567);
    assert.ok(body.expiresIn > 0 && body.expiresIn <= 3600, String(body.expiresIn));
    const claims = verify(body.token, SECRET, 1234567);
    assert.equal(claims.userId, 'alice', 'the body asked for mallory; the session says alice');
    assert.equal(claims.expire - claims.ctime, body.expiresIn);
    const ind = independentDecode(body.token, SECRET);
    assert.equal(ind.mode, 'gcm');
    assert.equal(ind.claims.user_id, 'alice');

    const bob = await (await fetch(url, { method: 'POST', headers: { authorization: 'Bearer sess-bob' } })).json();
    assert.equal(verify(bob.token, SECRET, 1234567).userId, 'bob');
    assert.equal((await fetch(url, { method: 'POST' })).status, 401);
    assert.equal((await fetch(url, { method: 'POST', headers: { authorization: 'Bearer sess-eve' } })).status, 401);
    assert.equal((await fetch(url, { headers: { authorization: 'Bearer sess-alice' } })).status, 405);
    assert.equal((await fetch(`http://127.0.0.1:${m[1]}/other`)).status, 404);
  } finally {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 5000);
      const [code, signal] = await exited;
      clearTimeout(timer);
      assert.equal(signal, null, 'stopped by SIGTERM, not killed');
      assert.equal(code, 0);
    }
  }
  assert.equal(stderr, '');
});
