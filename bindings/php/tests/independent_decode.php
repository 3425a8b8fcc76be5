<?php
/**
 * An independent token04 decoder for the tests: PHP's own openssl_decrypt and json_decode, no
 * zego-token code. Returns ['mode' => 'cbc'|'gcm', 'expire' => header expiry, 'iv' => raw IV,
 * 'claims' => the JSON object as an array]; throws RuntimeException on anything malformed.
 */

declare(strict_types=1);

function zego_test_independent_decode(string $token, string $secret): array
{
    if (strlen($token) < 3 || substr($token, 0, 2) !== '04') {
        throw new RuntimeException('no 04 prefix');
    }
    $bin = base64_decode(substr($token, 2), true);
    if ($bin === false || strlen($bin) < 12) {
        throw new RuntimeException('not base64');
    }
    $expire = unpack('J', substr($bin, 0, 8))[1];
    $ivLen = unpack('n', substr($bin, 8, 2))[1];
    $iv = substr($bin, 10, $ivLen);
    $ctLen = unpack('n', substr($bin, 10 + $ivLen, 2))[1];
    $ct = substr($bin, 12 + $ivLen, $ctLen);
    $rest = substr($bin, 12 + $ivLen + $ctLen);
    if (strlen($iv) !== $ivLen || strlen($ct) !== $ctLen) {
        throw new RuntimeException('truncated');
    }
    if ($rest === '') {
        if ($ivLen !== 16) {
            throw new RuntimeException('CBC IV is not 16 bytes');
        }
        $mode = 'cbc';
        $plain = openssl_decrypt($ct, 'aes-256-cbc', $secret, OPENSSL_RAW_DATA, $iv);
    } elseif ($rest === "\x01") {
        if ($ivLen !== 12 || $ctLen < 16) {
            throw new RuntimeException('bad GCM IV or ciphertext length');
        }
        $mode = 'gcm';
        $plain = openssl_decrypt(substr($ct, 0, -16), 'aes-256-gcm', $secret, OPENSSL_RAW_DATA, $iv, substr($ct, -16));
    } else {
        throw new RuntimeException('trailing bytes');
    }
    if (!is_string($plain)) {
        throw new RuntimeException('does not decrypt');
    }
    $claims = json_decode($plain, true, 4, JSON_THROW_ON_ERROR);
    return ['mode' => $mode, 'expire' => $expire, 'iv' => $iv, 'claims' => $claims];
}
