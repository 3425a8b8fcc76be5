// Type definitions of the npm package zego-token (CommonJS and ES module entry points alike).

import { codes } from './codes.js';

/** Every error code of the library, by its C header name (codes.d.ts, generated from the core's one error table). */
export { codes };

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
  constructor(errorCode: number, errorMessage?: string, hint?: string | null);
  readonly name: 'ZegoTokenError';
  /** The number: 1, 3, 5, 6 (official) or >= 100 (this library's). */
  readonly errorCode: number;
  /** The official message for 1, 3, 5, 6 ('appID invalid', ...), else the library's. */
  readonly errorMessage: string;
  /** The C header name of the code, e.g. 'ZEGO_APP_ID_INVALID' ('ZEGO_NULL_ARGUMENT' for a closed Generator). */
  readonly code: keyof typeof codes;
  /**
   * For decode and verify: the library's hint for the token (see tokenHint), null when it shows
   * none; null for every other failure.
   */
  readonly hint: string | null;
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

/**
 * The library's hint for a malformed token: one of its fixed English sentences naming the likely
 * mistake (a '+' that a URL query turned into a space, a trailing newline, quotes, URL encoding,
 * a missing "04", a truncated token...), never any part of the token; null when the token shows
 * none (it may still fail to decode: a wrong secret). decode and verify put it on the error's hint.
 */
export declare function tokenHint(token: string): string | null;

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
  tokenHint: typeof tokenHint;
  ZegoTokenError: typeof ZegoTokenError;
  ErrorCode: typeof ErrorCode;
  codes: typeof codes;
  version: typeof version;
};
export default zegoToken;
