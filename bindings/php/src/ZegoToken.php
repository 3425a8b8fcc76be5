<?php
/**
 * ZEGO token04 generation and decoding through the zego-token shared library (PHP 8 FFI).
 *
 * The library is loaded on first use from the path in the ZEGO_TOKEN_LIB environment variable, or
 * else from the system loader path (libzego_token.so.0).
 */

declare(strict_types=1);

/** A failed call: getCode() is the library's numeric code. */
class ZegoTokenException extends Exception
{
}

final class ZegoToken
{
    private const DECLARATIONS = <<<'C'
typedef struct {
    uint32_t app_id; char *user_id; int64_t nonce; int64_t ctime; int64_t expire; char *payload; int32_t mode;
} ZegoToken04Claims;
int32_t zego_generate_token04(uint32_t app_id, const char *user_id, const char *secret,
                              int64_t effective_time_in_seconds, const char *payload, char **out_token);
int32_t zego_generate_token04_gcm(uint32_t app_id, const char *user_id, const char *secret,
                                  int64_t effective_time_in_seconds, const char *payload, char **out_token);
void zego_string_free(char *s);
const char *zego_error_message(int32_t code);
int32_t zego_token04_decode(const char *token, const char *secret, ZegoToken04Claims *out_claims);
void zego_token04_claims_free(ZegoToken04Claims *claims);
C;

    private static ?FFI $ffi = null;

    private static function lib(): FFI
    {
        if (self::$ffi !== null) {
            return self::$ffi;
        }
        $path = getenv('ZEGO_TOKEN_LIB');
        $candidates = ($path !== false && $path !== '') ? [$path] : ['libzego_token.so.0', 'libzego_token.so'];
        $reasons = [];
        foreach ($candidates as $candidate) {
            try {
                return self::$ffi = FFI::cdef(self::DECLARATIONS, $candidate);
            } catch (FFI\Exception $e) {
                $reasons[] = $e->getMessage();
            }
        }
        throw new ZegoTokenException(
            'cannot load the zego-token library: set ZEGO_TOKEN_LIB to the path of libzego_token.so, '
            . 'or install it on the system loader path (ld.so): ' . implode('; ', $reasons)
        );
    }

    private static function error(int $code): ZegoTokenException
    {
        // FFI returns a `const char *` result as a PHP string.
        return new ZegoTokenException((string) self::lib()->zego_error_message($code), $code);
    }

    /** A NUL inside a string would cut it short in C, so it is that argument's error. */
    private static function checkNul(string $value, int $code): void
    {
        if (strpos($value, "\0") !== false) {
            throw self::error($code);
        }
    }

    /**
     * A new token04. $mode is 'cbc' (the original format) or 'gcm' (authenticated, recommended).
     * Throws ZegoTokenException with the official code (1, 3, 5, 6) or one of the library's own.
     */
    public static function generateToken04(
        int $appId,
        string $userId,
        string $secret,
        int $effectiveTimeInSeconds,
        string $payload = '',
        string $mode = 'cbc'
    ): string {
        $ffi = self::lib();
        if ($mode !== 'cbc' && $mode !== 'gcm') {
            throw self::error(106);
        }
        if ($appId <= 0 || $appId > 0xFFFFFFFF) {
            throw self::error(1);
        }
        self::checkNul($userId, 3);
        self::checkNul($secret, 5);
        self::checkNul($payload, 101);
        $out = $ffi->new('char *');
        $rc = $mode === 'gcm'
            ? $ffi->zego_generate_token04_gcm($appId, $userId, $secret, $effectiveTimeInSeconds, $payload, FFI::addr($out))
            : $ffi->zego_generate_token04($appId, $userId, $secret, $effectiveTimeInSeconds, $payload, FFI::addr($out));
        if ($rc !== 0) {
            throw self::error($rc);
        }
        try {
            return FFI::string($out);
        } finally {
            $ffi->zego_string_free($out);
        }
    }

    /**
     * The claims of $token: ['app_id', 'user_id', 'nonce', 'ctime', 'expire', 'payload', 'mode'].
     * Does not check the expiry.
     */
    public static function decode(string $token, string $secret): array
    {
        $ffi = self::lib();
        self::checkNul($secret, 5);
        self::checkNul($token, 121);
        $claims = $ffi->new('ZegoToken04Claims');
        $rc = $ffi->zego_token04_decode($token, $secret, FFI::addr($claims));
        if ($rc !== 0) {
            throw self::error($rc);
        }
        try {
            return [
                'app_id' => $claims->app_id,
                'user_id' => FFI::string($claims->user_id),
                'nonce' => $claims->nonce,
                'ctime' => $claims->ctime,
                'expire' => $claims->expire,
                'payload' => FFI::string($claims->payload),
                'mode' => $claims->mode === 1 ? 'gcm' : 'cbc',
            ];
        } finally {
            $ffi->zego_token04_claims_free(FFI::addr($claims));
        }
    }
}
