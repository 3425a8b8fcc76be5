// worker_threads: each worker loads the addon itself and generates on its own; a Generator (a
// native object) cannot be sent to another thread, so no native state is ever shared.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { Generator, verify, decode } from 'zego-token';
import { SECRET } from './helpers.mjs';

const WORKER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const { Generator, generateToken04, verify } = require('zego-token');
  const g = new Generator(workerData.appId, workerData.secret);
  const out = [];
  for (let i = 0; i < workerData.n; i++) {
    const t = g.generate('w' + workerData.id + '-' + i, 600);
    verify(t, workerData.secret, workerData.appId);
    out.push(t, generateToken04(workerData.appId, 'c' + workerData.id + '-' + i, workerData.secret, 600));
  }
  g.close();
  parentPort.postMessage(out);`;

function run(id, n) {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { id, n, appId: 99, secret: SECRET } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

test('workers generate concurrently; every token verifies in the main thread', async () => {
  const main = new Generator(99, SECRET);
  const pending = [0, 1, 2, 3].map((id) => run(id, 500));
  const mine = [];
  for (let i = 0; i < 500; i++) mine.push(main.generate(`m-${i}`, 600));
  const all = (await Promise.all(pending)).flat().concat(mine);
  assert.equal(all.length, 4 * 1000 + 500);
  assert.equal(new Set(all).size, all.length);
  for (const t of all) {
    const c = decode(t, SECRET);
    assert.equal(c.appId, 99);
    if (c.mode === 'gcm') verify(t, SECRET, 99);
  }
  const users = new Set(all.map((t) => decode(t, SECRET).userId));
  assert.equal(users.size, all.length);
  main.close();
});

test('a Generator cannot be sent to a worker (no native object crosses threads)', async () => {
  const g = new Generator(99, SECRET);
  const w = new Worker('require("node:worker_threads").parentPort.on("message", (m) => { require("node:worker_threads").parentPort.postMessage(typeof m.generate); })', { eval: true });
  let sent;
  try {
    w.postMessage(g);
    sent = await new Promise((resolve) => w.once('message', resolve));
  } catch (e) {
    sent = e.name;
  }
  await w.terminate();
  // Either the structured clone refuses it, or what arrives is a plain object without the
  // class, its methods or its native key.
  assert.ok(sent === 'DataCloneError' || sent === 'undefined', String(sent));
  assert.ok(g.generate('still-mine', 60).startsWith('04'));
  g.close();
});
