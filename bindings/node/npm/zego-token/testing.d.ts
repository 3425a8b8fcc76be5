// TEST-ONLY: tokens with the creation time, nonce and IV fixed (to reproduce test vectors).
// Never use it to issue tokens: such a token is as predictable as its inputs.
import type { Mode } from './index';

export declare function generateToken04Fixed(
  mode: Mode,
  appId: number,
  userId: string,
  secret: string,
  effectiveTimeInSeconds: number | bigint,
  payload: string | null | undefined,
  fixed: { ctime: number; nonce: bigint; iv: Uint8Array },
): string;

/** BENCHMARK-ONLY: ns/token of n calls of the Rust core in a native loop. */
export declare function benchCoreLoop(
  api: 'oneshot_cbc' | 'oneshot_gcm' | 'generator_gcm' | 'generator_cbc',
  n: number,
  payload: string,
): number;
