<?php

declare(strict_types=1);

namespace ZegoToken;

/**
 * Loads the shared library once per request and holds the reusable C buffers.
 *
 * @internal Not part of the API: use ZegoToken, Generator and ZEGO\ZegoServerAssistant.
 */
final class Lib
{
    /** The FFI scope declared by zego_token_ffi.h (FFI_SCOPE). */
    public const SCOPE = 'ZEGO_TOKEN';
    /** The library's SONAME (FFI_LIB in zego_token_ffi.h). */
    public const SONAME = 'libzego_token.so.0';

    public static ?\FFI $ffi = null;
    /** @var \FFI\CData `char *` that receives returned strings */
    public static $out;
    /** @var \FFI\CData `char **` pointing at $out */
    public static $outAddr;
    /** @var \FFI\CData `char[$bufSize]`: every token is written here (one-shot calls, generators) */
    public static $buf;
    public static int $bufSize = 1024;
    /** @var \FFI\CData `size_t` that receives a token's length */
    public static $len;
    /** @var \FFI\CData `size_t *` pointing at $len */
    public static $lenAddr;
    /** @var \FFI\CData `ZegoToken04Claims` */
    public static $claims;
    /** @var \FFI\CData `ZegoToken04Claims *` pointing at $claims */
    public static $claimsAddr;

    /** The header shipped with the package (the declarations PHP's FFI parser accepts). */
    public static function header(): string
    {
        return \dirname(__DIR__, 2) . '/zego_token_ffi.h';
    }

    /**
     * The library bundled in the package (lib/libzego_token.so.0, in the release packages built by
     * `make dist-php`), or null: the repository's own copy bundles none.
     */
    public static function bundled(): ?string
    {
        $file = \dirname(__DIR__, 2) . '/lib/' . self::SONAME;
        return \is_file($file) ? $file : null;
    }

    /**
     * The library: ZEGO_TOKEN_LIB through FFI::cdef when it is set and cdef is allowed (the CLI),
     * else the preloaded scope (FFI::scope), else FFI::cdef of the library bundled in the package,
     * if any, else of the SONAME (ffi.enable=1, or CLI).
     */
    public static function load(): \FFI
    {
        if (self::$ffi !== null) {
            return self::$ffi;
        }
        if (!\extension_loaded('ffi')) {
            throw new ZegoTokenException(
                'cannot load the zego-token library: PHP\'s FFI extension is not loaded '
                . '(install or enable ext-ffi: extension=ffi in php.ini)',
                ZegoTokenException::LIBRARY_UNAVAILABLE
            );
        }
        $restricted = false;
        $env = \getenv('ZEGO_TOKEN_LIB');
        if (\is_string($env) && $env !== '') {
            try {
                return self::init(\FFI::cdef(self::declarations(), $env));
            } catch (\FFI\Exception $e) {
                if (!self::isRestriction($e)) {
                    // Neither the path nor FFI's message (which holds it) is shown: messages may
                    // reach a client.
                    throw new ZegoTokenException(
                        'cannot load the zego-token library named by ZEGO_TOKEN_LIB: check that it is the path of a '
                        . 'readable libzego_token.so built for this system, or unset it',
                        ZegoTokenException::LIBRARY_UNAVAILABLE
                    );
                }
                $restricted = true;
            }
        }
        try {
            return self::init(\FFI::scope(self::SCOPE));
        } catch (\FFI\Exception $e) {
            // not preloaded: try loading it now
        }
        $bundled = self::bundled();
        if (!$restricted && $bundled !== null) {
            try {
                return self::init(\FFI::cdef(self::declarations(), $bundled));
            } catch (\FFI\Exception $e) {
                if (!self::isRestriction($e)) {
                    throw new ZegoTokenException(
                        "cannot load the zego-token library bundled in the package ($bundled): " . $e->getMessage(),
                        ZegoTokenException::LIBRARY_UNAVAILABLE
                    );
                }
                $restricted = true;
            }
        }
        if (!$restricted) {
            try {
                return self::init(\FFI::cdef(self::declarations(), self::SONAME));
            } catch (\FFI\Exception $e) {
                if (!self::isRestriction($e)) {
                    throw new ZegoTokenException(
                        'cannot load the zego-token library: ' . self::SONAME . ' is not on the system loader path '
                        . '(install it: make install, then ldconfig; or, in the CLI, set ZEGO_TOKEN_LIB to the path '
                        . 'of libzego_token.so)',
                        ZegoTokenException::LIBRARY_UNAVAILABLE
                    );
                }
            }
        }
        // The package's files are named relative to the app, not by their paths on this server.
        $dir = 'vendor/zego-token/zego-token';
        $preload = "opcache.enable=1 and opcache.preload=<your app>/$dir/preload.php (a server started as root "
            . "also needs opcache.preload_user=<its worker user> and ffi.preload=<your app>/$dir/zego_token_ffi.h)";
        $enable = (string) \ini_get('ffi.enable');
        throw new ZegoTokenException(
            'cannot load the zego-token library: '
            . (\in_array(\strtolower($enable), ['preload'], true)
                ? 'the FFI scope "' . self::SCOPE . '" was not preloaded, and ffi.enable=preload forbids FFI::cdef in '
                  . 'the ' . \PHP_SAPI . ' SAPI. In php.ini, either preload it: ' . $preload
                  . '; or set ffi.enable=1 to load it at request time'
                : "ffi.enable=$enable disables FFI. In php.ini, either set ffi.enable=preload and preload it: "
                  . $preload . '; or set ffi.enable=1 to load it at request time'),
            ZegoTokenException::LIBRARY_UNAVAILABLE
        );
    }

    /**
     * $value, if it is an int; else a TypeError worded as PHP's own. The public functions take
     * their int and bool arguments as `mixed` and check them here: PHP coerces a declared `int`
     * or `bool` parameter by the CALLER's strict_types mode, so a caller without strict_types
     * would pass "false" as true for $allowCbc, and true as the app id 1. A value that fails the
     * check is kept out of stack traces (it may be a secret passed in the wrong place).
     */
    public static function int(#[\SensitiveParameter] mixed $value, string $function, int $position, string $name): int
    {
        if (!\is_int($value)) {
            throw self::typeError($function, $position, $name, 'int', $value);
        }
        return $value;
    }

    /** $value, if it is a bool; else a TypeError (see int()). */
    public static function bool(#[\SensitiveParameter] mixed $value, string $function, int $position, string $name): bool
    {
        if (!\is_bool($value)) {
            throw self::typeError($function, $position, $name, 'bool', $value);
        }
        return $value;
    }

    private static function typeError(
        string $function,
        int $position,
        string $name,
        string $type,
        #[\SensitiveParameter] mixed $value
    ): \TypeError
    {
        return new \TypeError(\sprintf(
            '%s(): Argument #%d ($%s) must be of type %s, %s given',
            $function,
            $position,
            $name,
            $type,
            \get_debug_type($value)
        ));
    }

    /** The library's exception for $code (its message never holds an argument's value). */
    public static function error(int $code): ZegoTokenException
    {
        $ffi = self::$ffi ?? self::load();
        return new ZegoTokenException((string) $ffi->zego_error_message($code), $code);
    }

    /** error() for decode and verify: the exception carries the library's hint for $token. */
    public static function tokenError(int $code, #[\SensitiveParameter] string $token): ZegoTokenException
    {
        return new ZegoTokenException((string) self::$ffi->zego_error_message($code), $code, null, self::hint($token));
    }

    /** The library's hint for $token (zego_token04_hint_n), or null when it shows none. */
    public static function hint(#[\SensitiveParameter] string $token): ?string
    {
        $ffi = self::$ffi ?? self::load();
        $h = $ffi->zego_token04_hint_n($token, \strlen($token));
        return $h === null ? null : (string) $h;
    }

    /** Reads the claims the last decode or verify filled, and frees their strings. */
    public static function takeClaims(): Claims
    {
        $c = self::$claims;
        $claims = new Claims(
            $c->app_id,
            \FFI::string($c->user_id),
            $c->nonce,
            $c->ctime,
            $c->expire,
            \FFI::string($c->payload),
            $c->mode === 1 ? 'gcm' : 'cbc',
        );
        self::$ffi->zego_token04_claims_free(self::$claimsAddr);
        return $claims;
    }

    /**
     * After ZEGO_BUFFER_TOO_SMALL: $buf grown to the size the library asked for (in $len).
     * False when it was that large already (then the code stands).
     */
    public static function grow(): bool
    {
        $need = (int) self::$len->cdata;
        if ($need <= self::$bufSize) {
            return false;
        }
        self::$buf = self::$ffi->new('char[' . $need . ']');
        self::$bufSize = $need;
        return true;
    }

    /** Takes the string the last call stored in $out, and frees it. */
    public static function takeString(): string
    {
        $out = self::$out;
        $s = \FFI::string($out);
        self::$ffi->zego_string_free($out);
        return $s;
    }

    private static function init(\FFI $ffi): \FFI
    {
        self::$out = $ffi->new('char *');
        self::$outAddr = \FFI::addr(self::$out);
        self::$buf = $ffi->new('char[' . self::$bufSize . ']');
        self::$len = $ffi->new('size_t');
        self::$lenAddr = \FFI::addr(self::$len);
        self::$claims = $ffi->new('ZegoToken04Claims');
        self::$claimsAddr = \FFI::addr(self::$claims);
        return self::$ffi = $ffi;
    }

    private static function declarations(): string
    {
        $header = @\file_get_contents(self::header());
        if ($header === false) {
            throw new ZegoTokenException(
                'cannot read the package\'s zego_token_ffi.h: check that the zego-token/zego-token package '
                . '(vendor/zego-token/zego-token) is installed whole and readable by PHP',
                ZegoTokenException::LIBRARY_UNAVAILABLE
            );
        }
        // FFI::cdef takes declarations only: drop the FFI_SCOPE and FFI_LIB lines that FFI::load reads.
        return (string) \preg_replace('/^#.*$/m', '', $header);
    }

    private static function isRestriction(\FFI\Exception $e): bool
    {
        return \str_contains($e->getMessage(), 'ffi.enable');
    }
}
