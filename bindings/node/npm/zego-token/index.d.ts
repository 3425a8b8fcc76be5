// Type definitions of the npm package zego-token (CommonJS and ES module entry points alike).

/** Every error code of the library, by its C header name (the core's one error table). */
export declare const codes: {
  /** Success (never thrown). */
  readonly ZEGO_SUCCESS: 0;
  /** app_id is invalid: it must not be 0 */
  readonly ZEGO_APP_ID_INVALID: 1;
  /** user_id is invalid: it must be non-empty UTF-8 of at most 64 bytes */
  readonly ZEGO_USER_ID_INVALID: 3;
  /** secret is invalid: it must be exactly 32 bytes */
  readonly ZEGO_SECRET_INVALID: 5;
  /** effective_time_in_seconds is invalid: it must be positive and ctime + effective_time_in_seconds must fit in int64 */
  readonly ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID: 6;
  /** a required pointer argument is NULL */
  readonly ZEGO_NULL_ARGUMENT: 100;
  /** payload is not valid UTF-8 */
  readonly ZEGO_PAYLOAD_INVALID: 101;
  /** payload is too large: the ciphertext would not fit the token's 16-bit length field */
  readonly ZEGO_PAYLOAD_TOO_LARGE: 102;
  /** the operating system's random number generator failed */
  readonly ZEGO_RANDOM_FAILED: 103;
  /** internal error in zego-token (please report it) */
  readonly ZEGO_INTERNAL_ERROR: 104;
  /** the output buffer is too small */
  readonly ZEGO_BUFFER_TOO_SMALL: 105;
  /** mode is invalid: use CBC (0, "cbc") or GCM (1, "gcm") */
  readonly ZEGO_MODE_INVALID: 106;
  /** fixed IV has the wrong length: 16 bytes for CBC, 12 for GCM */
  readonly ZEGO_IV_INVALID: 107;
  /** unknown flag bits are set */
  readonly ZEGO_FLAGS_INVALID: 108;
  /** buffer length is above PTRDIFF_MAX or the output buffer overlaps an input */
  readonly ZEGO_BUFFER_INVALID: 109;
  /** room_id is not valid UTF-8 */
  readonly ZEGO_ROOM_ID_INVALID: 110;
  /** a stream id is NULL or not valid UTF-8 */
  readonly ZEGO_STREAM_ID_INVALID: 111;
  /** a privilege flag must be 0 or 1 */
  readonly ZEGO_PRIVILEGE_INVALID: 112;
  /** token does not start with "04" */
  readonly ZEGO_TOKEN_PREFIX_INVALID: 120;
  /** token body is not valid base64 or is too long */
  readonly ZEGO_TOKEN_BASE64_INVALID: 121;
  /** token is truncated: a length field points past its end */
  readonly ZEGO_TOKEN_TRUNCATED: 122;
  /** token has unexpected bytes after its ciphertext */
  readonly ZEGO_TOKEN_TRAILING_DATA: 123;
  /** token mode byte is neither 0 (CBC) nor 1 (GCM) */
  readonly ZEGO_TOKEN_MODE_INVALID: 124;
  /** token IV length does not match its mode */
  readonly ZEGO_TOKEN_IV_LENGTH_INVALID: 125;
  /** token could not be decrypted or its content is invalid (wrong secret or tampered token) */
  readonly ZEGO_TOKEN_DECRYPT_FAILED: 126;
  /** token authentication failed (wrong secret or tampered token) */
  readonly ZEGO_TOKEN_AUTHENTICATION_FAILED: 127;
  /** token plaintext is not UTF-8 */
  readonly ZEGO_TOKEN_PLAINTEXT_NOT_UTF8: 128;
  /** token plaintext is not a JSON object */
  readonly ZEGO_TOKEN_PLAINTEXT_NOT_JSON: 129;
  /** token claims are missing or have the wrong type */
  readonly ZEGO_TOKEN_CLAIMS_INVALID: 130;
  /** token header expiry differs from its expire claim */
  readonly ZEGO_TOKEN_EXPIRE_MISMATCH: 131;
  /** token was issued for another app_id */
  readonly ZEGO_TOKEN_APP_ID_MISMATCH: 132;
  /** token has expired */
  readonly ZEGO_TOKEN_EXPIRED: 133;
  /** token is CBC (unauthenticated) and only GCM tokens are accepted */
  readonly ZEGO_TOKEN_MODE_NOT_ALLOWED: 134;
};

/** The official generator's ErrorCode enum (zegoServerAssistant.js), under its own names. */
export declare const ErrorCode: {
  readonly success: 0;
  readonly appIDInvalid: 1;
  readonly userIDInvalid: 3;
  readonly secretInvalid: 5;
  readonly effectiveTimeInSecondsInvalid: 6;
};

/** Every failure of the library. */
export declare class ZegoTokenError extends Error {
  constructor(errorCode: number, errorMessage?: string);
  readonly name: 'ZegoTokenError';
  /** The number: 1, 3, 5, 6 (official) or >= 100 (this library's). */
  readonly errorCode: number;
  /** The official message for 1, 3, 5, 6 ('appID invalid', ...), else the library's. */
  readonly errorMessage: string;
  /** The C header name of the code, e.g. 'ZEGO_APP_ID_INVALID' ('ZEGO_NULL_ARGUMENT' for a closed Generator). */
  readonly code: keyof typeof codes;
}

/** 'cbc' (the original, unauthenticated format) or 'gcm' (authenticated). */
export type Mode = 'cbc' | 'gcm';

/** A token's claims. */
export interface Claims {
  readonly appId: number;
  readonly userId: string;
  /** The JSON nonce: any signed 64-bit integer, so a BigInt. */
  readonly nonce: bigint;
  /** Creation time, Unix seconds (a Number: exact up to 2^53). */
  readonly ctime: number;
  /** Expiry, Unix seconds (a Number: exact up to 2^53; the token header holds the exact int64). */
  readonly expire: number;
  readonly payload: string;
  readonly mode: Mode;
}

/**
 * A new CBC token04: a drop-in for the official generateToken04 (same arguments, same return
 * value, the same errorCode/errorMessage in the same order, as a ZegoTokenError). appId: an
 * integer in 1..2^32-1; userId: 1 to 64 UTF-8 bytes; secret: 32 bytes; effectiveTimeInSeconds:
 * a positive integer; payload: a string (undefined or null for none).
 */
export declare function generateToken04(
  appId: number,
  userId: string,
  secret: string,
  effectiveTimeInSeconds: number | bigint,
  payload?: string | null,
): string;

/** A new GCM (authenticated) token04; the same arguments and checks as generateToken04. */
export declare function generateToken04Gcm(
  appId: number,
  userId: string,
  secret: string,
  effectiveTimeInSeconds: number | bigint,
  payload?: string | null,
): string;

export interface GeneratorOptions {
  /** Default 'gcm'. */
  mode?: Mode;
}

/**
 * A reusable generator for one app id and secret (GCM unless { mode: 'cbc' }). The expanded key
 * is held natively and wiped by close() or when the object is garbage-collected.
 */
export declare class Generator {
  constructor(appId: number, secret: string, options?: GeneratorOptions);
  readonly appId: number;
  readonly mode: Mode;
  readonly closed: boolean;
  /** A new token for userId, valid for effectiveTimeInSeconds from now. Throws once closed. */
  generate(userId: string, effectiveTimeInSeconds: number | bigint, payload?: string | null): string;
  /** Wipes the expanded key now; idempotent. */
  close(): void;
}

export interface VerifyOptions {
  /** Accept CBC tokens too (unauthenticated: anyone can alter them). Default false. */
  allowCbc?: boolean;
  /** The time to check the expiry against, Unix seconds. Default: now. */
  now?: number;
}

/** The claims of a token of either mode; checks neither expiry nor app id. */
export declare function decode(token: string, secret: string): Claims;

/** The claims of an accepted token: GCM (or CBC with allowCbc), this appId, not expired. */
export declare function verify(token: string, secret: string, appId: number, options?: VerifyOptions): Claims;

export interface RtcRoomPayloadOptions {
  /** Privilege 1 (log in to the room). Default true. */
  canLoginRoom?: boolean;
  /** Privilege 2 (publish streams). Default false. */
  canPublishStream?: boolean;
  /** The streams that may be published; null or undefined: any. */
  streamIds?: readonly string[] | null;
}

/** The payload of a strict token, as the official samples build it ('' room id: any room). */
export declare function buildRtcRoomPayload(roomId: string, options?: RtcRoomPayloadOptions): string;

/** The library's version. */
export declare const version: string;

declare const zegoToken: {
  generateToken04: typeof generateToken04;
  generateToken04Gcm: typeof generateToken04Gcm;
  Generator: typeof Generator;
  decode: typeof decode;
  verify: typeof verify;
  buildRtcRoomPayload: typeof buildRtcRoomPayload;
  ZegoTokenError: typeof ZegoTokenError;
  ErrorCode: typeof ErrorCode;
  codes: typeof codes;
  version: typeof version;
};
export default zegoToken;
