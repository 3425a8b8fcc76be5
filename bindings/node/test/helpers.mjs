// Shared by the tests: where the shared test data is, and an independent token04 decoder written
// on node:crypto alone (it does not use the package), to check the package's tokens against.
import { createDecipheriv } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DATA = process.env.ZEGO_TEST_DATA || path.join(here, '..', 'data');

export function loadData(name) {
  return JSON.parse(readFileSync(path.join(DATA, name), 'utf8'));
}

export function hasData(name) {
  return existsSync(path.join(DATA, name));
}

export const SECRET = 'fa94dd0f974cf2e293728a526b028271';

/**
 * Decodes a token04 by the format alone: '04' + base64(expire i64 BE | iv_len u16 BE | iv |
 * ct_len u16 BE | ct | [mode u8]). Returns { mode, headerExpire, iv, claims, plaintext }.
 */
export function independentDecode(token, secret) {
  if (!token.startsWith('04')) throw new Error('no 04 prefix');
  const buf = Buffer.from(token.slice(2), 'base64');
  if (buf.toString('base64') !== token.slice(2)) throw new Error('not canonical base64');
  let off = 0;
  const headerExpire = buf.readBigInt64BE(off);
  off += 8;
  const ivLen = buf.readUInt16BE(off);
  off += 2;
  const iv = buf.subarray(off, off + ivLen);
  off += ivLen;
  const ctLen = buf.readUInt16BE(off);
  off += 2;
  const ct = buf.subarray(off, off + ctLen);
  off += ctLen;
  if (ct.length !== ctLen) throw new Error('truncated');
  const rest = buf.subarray(off);
  const key = Buffer.from(secret, 'utf8');
  let plaintext;
  let mode;
  if (rest.length === 0) {
    mode = 'cbc';
    if (ivLen !== 16) throw new Error('cbc iv length');
    const d = createDecipheriv('aes-256-cbc', key, iv);
    plaintext = Buffer.concat([d.update(ct), d.final()]);
  } else if (rest.length === 1 && rest[0] === 1) {
    mode = 'gcm';
    if (ivLen !== 12) throw new Error('gcm iv length');
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAuthTag(ct.subarray(ct.length - 16));
    plaintext = Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]);
  } else {
    throw new Error('trailing data');
  }
  const text = plaintext.toString('utf8');
  // Parse the nonce exactly (JSON.parse would round an int64 to a double).
  const claims = JSON.parse(text.replace(/"nonce":(-?\d+)/, '"nonce":"$1"'));
  claims.nonce = BigInt(claims.nonce);
  return { mode, headerExpire, iv, claims, plaintext: text };
}
