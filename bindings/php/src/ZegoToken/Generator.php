<?php

declare(strict_types=1);

namespace ZegoToken;

/**
 * A reusable token generator for one app id, secret and mode ('gcm' by default): the AES key is
 * expanded once, the secret is not kept, and tokens are written into the package's one reused
 * buffer (Lib::$buf, which the one-shot calls use too).
 * The C generator is freed (and its key zeroized) in __destruct. Not cloneable or serializable.
 */
final class Generator
{
    public readonly int $appId;
    public readonly string $mode;

    private \FFI $ffi;
    /** @var \FFI\CData|null `ZegoToken04Generator *` */
    private $handle;

    /**
     * Codes: 1 app id, 5 secret, 106 mode, in that order. TypeError for an $appId that is not an
     * int (even for a caller without strict_types).
     *
     * @param int $appId
     */
    public function __construct(mixed $appId, #[\SensitiveParameter] string $secret, string $mode = 'gcm')
    {
        $appId = Lib::int($appId, __METHOD__, 1, 'appId');
        $ffi = Lib::$ffi ?? Lib::load();
        $cAppId = ($appId < 0 || $appId > 0xFFFFFFFF) ? 0 : $appId;
        $cMode = $mode === 'gcm' ? 1 : ($mode === 'cbc' ? 0 : -1);
        $handle = $ffi->new('ZegoToken04Generator *');
        $rc = $ffi->zego_token04_generator_new_n($cAppId, $secret, \strlen($secret), $cMode, \FFI::addr($handle));
        if ($rc !== 0) {
            throw Lib::error($rc);
        }
        $this->ffi = $ffi;
        $this->handle = $handle;
        $this->appId = $appId;
        $this->mode = $mode;
    }

    /**
     * A new token for $userId. Codes as ZegoToken::generateToken04: 3 user id, 6 effective time,
     * 101/102 payload. TypeError for an $effectiveTimeInSeconds that is not an int.
     *
     * @param int $effectiveTimeInSeconds
     */
    public function generate(string $userId, mixed $effectiveTimeInSeconds, string $payload = ''): string
    {
        if (!\is_int($effectiveTimeInSeconds)) {
            Lib::int($effectiveTimeInSeconds, __METHOD__, 2, 'effectiveTimeInSeconds');
        }
        // Grown to the size the library asks for when a token does not fit (see ZegoToken).
        do {
            $rc = $this->ffi->zego_token04_generator_generate_into_n(
                $this->handle, $userId, \strlen($userId), $effectiveTimeInSeconds, $payload, \strlen($payload),
                Lib::$buf, Lib::$bufSize, Lib::$lenAddr
            );
        } while ($rc === ZegoTokenException::BUFFER_TOO_SMALL && Lib::grow());
        if ($rc !== 0) {
            throw Lib::error($rc);
        }
        return \FFI::string(Lib::$buf, Lib::$len->cdata);
    }

    public function __destruct()
    {
        if ($this->handle !== null) {
            $this->ffi->zego_token04_generator_free($this->handle);
            $this->handle = null;
        }
    }

    /** One C generator per object: a copy would free it twice. */
    private function __clone()
    {
    }

    public function __serialize(): array
    {
        throw new \LogicException('a ZegoToken\Generator cannot be serialized');
    }

    public function __unserialize(array $data): void
    {
        throw new \LogicException('a ZegoToken\Generator cannot be unserialized');
    }
}
