<?php
/**
 * opcache.preload script for the zego-token package (php-fpm and other servers).
 *
 *   php.ini (the server's, not a pool's: these are startup settings)
 *     ffi.enable = preload
 *     opcache.enable = 1
 *     opcache.preload = /path/to/app/vendor/zego-token/zego-token/preload.php
 *     opcache.preload_user = www-data      ; required when the server starts as root
 *
 * It declares the FFI scope "ZEGO_TOKEN" from zego_token_ffi.h (FFI::load; the library is found by
 * its SONAME, libzego_token.so.0, on the system loader path) and preloads the package's classes.
 * At request time the classes use FFI::scope("ZEGO_TOKEN"): no FFI::cdef, so ffi.enable=preload,
 * the default, is enough.
 *
 * PHP 8.2 and older refuse FFI::load here when opcache.preload_user is set (preloading then runs
 * in a child process); add ffi.preload = .../zego_token_ffi.h (which declares the scope at startup)
 * and this script only preloads the classes. If you preload other files, require this one from
 * your own preload script.
 */

declare(strict_types=1);

(static function (): void {
    try {
        FFI::scope('ZEGO_TOKEN');   // declared already by ffi.preload
    } catch (FFI\Exception $e) {
        try {
            // A package with the library bundled (make dist-php): load that file first, so that the
            // header's FFI_LIB (the SONAME) resolves to it (the loader matches loaded SONAMEs).
            $bundled = __DIR__ . '/lib/libzego_token.so.0';
            $keep = is_file($bundled) ? FFI::cdef('', $bundled) : null;
            FFI::load(__DIR__ . '/zego_token_ffi.h');
            unset($keep);
        } catch (FFI\Exception $e) {
            // Fail loudly at server start, naming what to change, rather than at the first request.
            $why = rtrim($e->getMessage(), '.');
            $header = __DIR__ . '/zego_token_ffi.h';
            throw new RuntimeException(
                "zego-token preload: FFI::load($header) failed: $why. " . (str_contains($why, 'preload_user')
                    ? "A server started as root preloads in a child process, where FFI::load is refused: add ffi.preload=$header to php.ini (and keep this opcache.preload for the classes)"
                    : 'Install the library where the system loader finds libzego_token.so.0 (make install; ldconfig)'),
                0,
                $e
            );
        }
    }
    foreach (['ZegoToken/ErrorCode', 'ZegoToken/ZegoTokenException', 'ZegoToken/Claims', 'ZegoToken/Lib', 'ZegoToken/ZegoToken', 'ZegoToken/Generator',
              'ZEGO/ZegoErrorCodes', 'ZEGO/ZegoAssistantToken', 'ZEGO/ZegoServerAssistant'] as $file) {
        require_once __DIR__ . '/src/' . $file . '.php';
    }
})();
