<?php

declare(strict_types=1);

namespace ZegoToken;

/**
 * The claims of a decoded token (ZegoToken::decode, ZegoToken::verify): a typed, immutable value,
 * as in every other binding. $mode is 'cbc' or 'gcm'; times are Unix seconds; $payload is '' when
 * the token has none.
 */
final class Claims
{
    public function __construct(
        public readonly int $appId,
        public readonly string $userId,
        public readonly int $nonce,
        public readonly int $ctime,
        public readonly int $expire,
        public readonly string $payload,
        public readonly string $mode,
    ) {
    }
}
