<?php

declare(strict_types=1);

namespace ZegoToken;

/**
 * ZEGO token04 generation, decoding and verification (static API).
 *
 * Modes: 'cbc' (AES-256-CBC, the original format; what the official generateToken04 makes) and
 * 'gcm' (AES-256-GCM, authenticated; recommended). Every failure throws ZegoTokenException with
 * the library's code. Strings with a NUL byte are rejected with the code of that argument.
 */
final class ZegoToken
{
    /**
     * A new token04, CBC by default as the official generateToken04. Codes, first failure
     * winning: 1 app id (not 1..4294967295), 3 user id (empty, over 64 bytes, not UTF-8),
     * 5 secret (not 32 bytes), 6 effective time (not positive, or the expiry overflows),
     * 101/102 payload (not UTF-8 / too large), 106 mode (neither 'cbc' nor 'gcm').
     * TypeError for an $appId or $effectiveTimeInSeconds that is not an int (even for a caller
     * without strict_types).
     *
     * @param int $appId
     * @param int $effectiveTimeInSeconds
     */
    public static function generateToken04(
        mixed $appId,
        string $userId,
        #[\SensitiveParameter] string $secret,
        mixed $effectiveTimeInSeconds,
        string $payload = '',
        string $mode = 'cbc'
    ): string {
        if (!\is_int($appId) || !\is_int($effectiveTimeInSeconds)) { // (the checks' call only when one fails)
            Lib::int($appId, __METHOD__, 1, 'appId');
            Lib::int($effectiveTimeInSeconds, __METHOD__, 4, 'effectiveTimeInSeconds');
        }
        $ffi = Lib::$ffi ?? Lib::load();
        // An app id C's uint32_t cannot hold is one no app has: 0, which the library rejects with
        // code 1. Strings go with their lengths: the library's one rule for NULs and UTF-8 decides.
        if ($appId < 0 || $appId > 0xFFFFFFFF) {
            $appId = 0;
        }
        $fn = match ($mode) {
            'cbc' => 'zego_generate_token04_into_n',
            'gcm' => 'zego_generate_token04_gcm_into_n',
            default => throw Lib::error(ZegoTokenException::MODE_INVALID),
        };
        // Into the package's one buffer (one FFI call, nothing to free); grown to the size the
        // library asks for when a token does not fit (a payload larger than any before).
        do {
            $rc = $ffi->$fn(
                $appId, $userId, \strlen($userId), $secret, \strlen($secret),
                $effectiveTimeInSeconds, $payload, \strlen($payload), Lib::$buf, Lib::$bufSize, Lib::$lenAddr
            );
        } while ($rc === ZegoTokenException::BUFFER_TOO_SMALL && Lib::grow());
        if ($rc !== 0) {
            throw Lib::error($rc);
        }
        return \FFI::string(Lib::$buf, Lib::$len->cdata);
    }

    /**
     * The claims of $token (either mode, from any official generator), without checking expiry
     * or app id, as a Claims value (appId, userId, nonce, ctime, expire, payload, mode 'cbc'|'gcm').
     * Use verify() to accept a token. On failure the exception's getHint() names the likely
     * mistake in the token when its text shows one (see hint()).
     */
    public static function decode(#[\SensitiveParameter] string $token, #[\SensitiveParameter] string $secret): Claims
    {
        $ffi = Lib::$ffi ?? Lib::load();
        $rc = $ffi->zego_token04_decode_n($token, \strlen($token), $secret, \strlen($secret), Lib::$claimsAddr);
        if ($rc !== 0) {
            throw Lib::tokenError($rc, $token);
        }
        return Lib::takeClaims();
    }

    /**
     * Accepts $token and returns its claims (as decode()) only if it is a GCM token (CBC tokens
     * give 134 unless $allowCbc), decrypts and authenticates with $secret, was issued for $appId
     * (else 132) and has not expired at $now (Unix seconds, default time(); else 133).
     * CBC tokens are not authenticated: allow them only for generators that cannot make GCM.
     * TypeError, even for a caller without strict_types, unless $allowCbc is a bool (PHP would
     * coerce "false" to true), $appId an int and $now an int or null.
     *
     * @param int $appId
     * @param int|null $now
     * @param bool $allowCbc
     */
    public static function verify(
        #[\SensitiveParameter] string $token,
        #[\SensitiveParameter] string $secret,
        mixed $appId,
        mixed $now = null,
        mixed $allowCbc = false
    ): Claims {
        $appId = Lib::int($appId, __METHOD__, 3, 'appId');
        $now = $now === null ? \time() : Lib::int($now, __METHOD__, 4, 'now');
        $allowCbc = Lib::bool($allowCbc, __METHOD__, 5, 'allowCbc');
        $ffi = Lib::$ffi ?? Lib::load();
        if ($appId < 0 || $appId > 0xFFFFFFFF) {
            $appId = 0;   // no token has it: 132, after the token's own checks, as in C
        }
        $rc = $ffi->zego_token04_verify_flags_n(
            $token, \strlen($token), $secret, \strlen($secret), $appId, $now, $allowCbc ? 1 : 0, Lib::$claimsAddr
        );
        if ($rc !== 0) {
            throw Lib::tokenError($rc, $token);
        }
        return Lib::takeClaims();
    }

    /**
     * The payload of a strict token, as the official samples build it:
     * {"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}.
     * $roomId null or '' means any room; $streamIds null means any stream (null in the JSON),
     * otherwise a list of strings. Codes: 110 room id not UTF-8, 111 a stream id not a UTF-8 string.
     * TypeError unless both privileges are bools (even for a caller without strict_types).
     *
     * @param bool $canLoginRoom
     * @param bool $canPublishStream
     */
    public static function buildRtcRoomPayload(
        ?string $roomId,
        mixed $canLoginRoom,
        mixed $canPublishStream,
        ?array $streamIds = null
    ): string {
        $canLoginRoom = Lib::bool($canLoginRoom, __METHOD__, 2, 'canLoginRoom');
        $canPublishStream = Lib::bool($canPublishStream, __METHOD__, 3, 'canPublishStream');
        $ffi = Lib::$ffi ?? Lib::load();
        $ids = null;
        $lens = null;
        $count = 0;
        $keep = [];
        if ($streamIds !== null) {
            $count = \count($streamIds);
            $ids = $ffi->new('char *[' . \max(1, $count) . ']');
            $lens = $ffi->new('size_t[' . \max(1, $count) . ']');
            $i = 0;
            foreach ($streamIds as $id) {
                if (!\is_string($id)) {
                    $ids[$i] = null;   // not a string: NULL, which the library rejects (111)
                    $lens[$i++] = 0;
                    continue;
                }
                $len = \strlen($id);
                $buf = $ffi->new('char[' . \max(1, $len) . ']');
                \FFI::memcpy($buf, $id, $len);
                $keep[] = $buf;
                $ids[$i] = $ffi->cast('char *', $buf);
                $lens[$i++] = $len;
            }
        }
        $rc = $ffi->zego_build_rtc_room_payload_n(
            $roomId, $roomId === null ? 0 : \strlen($roomId), $canLoginRoom ? 1 : 0, $canPublishStream ? 1 : 0,
            $ids, $lens, $count, Lib::$outAddr
        );
        if ($rc !== 0) {
            throw Lib::error($rc);
        }
        return Lib::takeString();
    }

    /**
     * The library's hint for a malformed $token, read from its text alone (no secret): the likely
     * mistake (a '+' that a URL query turned into a space, a trailing newline, quotes, URL
     * encoding, a missing "04", a truncated token...) as one fixed English sentence that never
     * contains any part of the token, or null when it shows none.
     */
    public static function hint(#[\SensitiveParameter] string $token): ?string
    {
        return Lib::hint($token);
    }

    /** The loaded library's version, "MAJOR.MINOR.PATCH". */
    public static function version(): string
    {
        $ffi = Lib::$ffi ?? Lib::load();
        return (string) $ffi->zego_token_version();
    }

    /** The library's English description of $code (any code). */
    public static function errorMessage(int $code): string
    {
        $ffi = Lib::$ffi ?? Lib::load();
        return (string) $ffi->zego_error_message($code);
    }
}
