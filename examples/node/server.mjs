// A token endpoint on node:http alone: POST /api/zego-token with the app's own session
// (Authorization: Bearer <session>) returns { token, appId, userId, expiresIn } as JSON.
//
//   ZEGO_APP_ID=1234567 ZEGO_SERVER_SECRET=<32 chars> DEMO_SESSIONS='s3cr3t-session=alice' \
//     node examples/node/server.mjs          (HOST, PORT: default 127.0.0.1:8080; PORT=0 picks one)
//
// The secret comes from the environment only. The user id comes from the app's authentication,
// here a demo map of bearer sessions to user ids (DEMO_SESSIONS: "session=user,..."); it is never
// read from the request, so no client can ask for another user's token. Replace `userFor` with
// your real session lookup.
import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { Generator } from 'zego-token';

const LIFETIME_SECONDS = 600; // short: the client asks again before it expires

const appId = Number(process.env.ZEGO_APP_ID);
const secret = process.env.ZEGO_SERVER_SECRET ?? '';
// GCM tokens (authenticated); the key is expanded once, and the secret is not kept by it.
const generator = new Generator(appId, secret);
delete process.env.ZEGO_SERVER_SECRET;

const sessions = new Map(
  (process.env.DEMO_SESSIONS ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=', 2)),
);

/** The signed-in user of this request, or null. */
function userFor(req) {
  const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
  if (!m) return null;
  const given = Buffer.from(m[1]);
  for (const [session, user] of sessions) {
    const known = Buffer.from(session);
    if (known.length === given.length && timingSafeEqual(known, given)) return user;
  }
  return null;
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  req.resume(); // the body is never read: nothing in it decides anything
  if (new URL(req.url, 'http://localhost').pathname !== '/api/zego-token') {
    return send(res, 404, { error: 'not found' });
  }
  if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
  const userId = userFor(req);
  if (userId === null) return send(res, 401, { error: 'sign in first' });
  try {
    const token = generator.generate(userId, LIFETIME_SECONDS);
    return send(res, 200, { token, appId, userId, expiresIn: LIFETIME_SECONDS });
  } catch (e) {
    // e.g. a user id the token format cannot carry; the message never holds the secret.
    return send(res, 500, { error: e.code ?? 'internal error' });
  }
});

server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`token endpoint on http://${address}:${port}/api/zego-token`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => generator.close()));
}
