// Compiled by `tsc --strict --noEmit` in the test app (make node-test): the types of everything.
import zegoToken, {
  generateToken04, generateToken04Gcm, Generator, decode, verify, buildRtcRoomPayload,
  ZegoTokenError, ErrorCode, codes, version, tokenHint, type Claims, type Mode,
} from 'zego-token';
import { generateToken04Fixed } from 'zego-token/testing';

const secret: string = process.env.ZEGO_SERVER_SECRET ?? '';
const t1: string = generateToken04(1, 'demo', secret, 3600);
const t2: string = generateToken04(1, 'demo', secret, 3600, buildRtcRoomPayload('room', { canPublishStream: true, streamIds: ['s'] }));
const t3: string = generateToken04Gcm(1, 'demo', secret, 3600, null);
const g = new Generator(1, secret, { mode: 'cbc' });
const mode: Mode = g.mode;
const t4: string = g.generate('demo', 60);
const closed: boolean = g.closed;
g.close();
const c: Claims = decode(t1, secret);
const nonce: bigint = c.nonce;
const v: Claims = verify(t3, secret, 1, { allowCbc: false, now: 0 });
try {
  generateToken04(0, 'demo', secret, 3600);
} catch (e) {
  if (e instanceof ZegoTokenError) {
    const n: number = e.errorCode;
    const m: string = e.errorMessage;
    const k: keyof typeof codes = e.code;
    const h: string | null = e.hint;
    void [n, m, k, h];
  }
}
const hint: string | null = tokenHint(t1);
const hint2: string | null = zegoToken.tokenHint(t1);
const one: 1 = ErrorCode.appIDInvalid;
const c134: 134 = codes.ZEGO_TOKEN_MODE_NOT_ALLOWED;
const ver: string = version;
const same: typeof generateToken04 = zegoToken.generateToken04;
const fixed: string = generateToken04Fixed('gcm', 1, 'u', secret, 60, '', { ctime: 1, nonce: 1n, iv: new Uint8Array(12) });
void [t2, t4, mode, closed, nonce, v, one, c134, ver, same, fixed, hint, hint2];

// What must not compile (each line is an error tsc reports, checked by @ts-expect-error).
// @ts-expect-error a boolean is not a lifetime
generateToken04(1, 'demo', secret, true);
// @ts-expect-error an app id is a number
generateToken04('1', 'demo', secret, 3600);
// @ts-expect-error allowCbc is a boolean
verify(t1, secret, 1, { allowCbc: 'yes' });
// @ts-expect-error no such mode
new Generator(1, secret, { mode: 'aes' });
// @ts-expect-error unknown option
verify(t1, secret, 1, { allowcbc: true });
