// The ES module entry point: the same objects as the CommonJS one (one addon, one error class).
import zegoToken from './index.js';

export const {
  generateToken04,
  generateToken04Gcm,
  Generator,
  decode,
  verify,
  buildRtcRoomPayload,
  tokenHint,
  ZegoTokenError,
  ErrorCode,
  codes,
  version,
} = zegoToken;
export default zegoToken;
