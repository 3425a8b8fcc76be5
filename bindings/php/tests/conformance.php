<?php
/**
 * The conformance table (the repository's tests/data/conformance.json; format in CONTRIBUTING.md)
 * through the PHP API, required by run.php. PHP strings hold any bytes and PHP ints are 64-bit,
 * so entries that need "nul", "non_utf8", "whitespace", "empty_secret" or "wide_app_id" run here;
 * NULL pointers and integers beyond int64 are for other layers.
 */

declare(strict_types=1);

use ZegoToken\Generator;
use ZegoToken\ZegoToken;
use ZegoToken\ZegoTokenException;

/** @return array{int, mixed} the code (0 on success) and the result */
function conformance_call(callable $f): array
{
    try {
        return [0, $f()];
    } catch (ZegoTokenException $e) {
        return [$e->getCode(), null];
    }
}

function conformance_str(mixed $v): string
{
    if (is_string($v)) {
        return $v;
    }
    if (is_array($v) && isset($v['hex'])) {
        return (string) hex2bin($v['hex']);
    }
    if (is_array($v) && isset($v['repeat'])) {
        return ($v['prefix'] ?? '') . str_repeat($v['repeat'], $v['count']);
    }
    if ($v === null) {
        return '';
    }
    throw new \LogicException('string input ' . json_encode($v));
}

function conformance_int(mixed $v): int
{
    return is_string($v) ? (int) $v : $v;
}

function conformance_run(string $path): void
{
    $table = json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
    $can = ['nul', 'non_utf8', 'whitespace', 'empty_secret', 'wide_app_id'];
    $runnable = fn(array $e) => array_diff($e['needs'], $can) === [];
    $ran = 0;
    foreach ($table['generate'] as $e) {
        if (!$runnable($e)) {
            continue;
        }
        $ran++;
        [$app, $user, $secret] = [conformance_int($e['app_id']), conformance_str($e['user_id']), conformance_str($e['secret'])];
        [$ttl, $payload] = [conformance_int($e['effective_time_in_seconds']), conformance_str($e['payload'])];
        $decodes = function (?string $t, string $mode) use ($e, $app, $user, $secret, $ttl, $payload) {
            if ($t === null) {
                return;
            }
            $c = ZegoToken::decode($t, $secret);
            check($c->appId === $app && $c->userId === $user && $c->payload === $payload
                && $c->expire - $c->ctime === $ttl && $c->mode === $mode, "conformance {$e['name']}: token decodes ($mode)");
        };
        foreach (['cbc', 'gcm'] as $mode) {
            [$rc, $t] = conformance_call(fn() => ZegoToken::generateToken04($app, $user, $secret, $ttl, $payload, $mode));
            check($rc === $e['expect']["generate_$mode"], "conformance {$e['name']}: generate_$mode gave $rc");
            $decodes($t, $mode);
            [$rc, $t] = conformance_call(fn() => (new Generator($app, $secret, $mode))->generate($user, $ttl, $payload));
            check($rc === $e['expect']['generator'], "conformance {$e['name']}: generator ($mode) gave $rc");
            $decodes($t, $mode);
        }
    }
    foreach ($table['decode'] as $e) {
        if (!$runnable($e)) {
            continue;
        }
        $ran++;
        [$token, $secret] = [conformance_str($e['token']), conformance_str($e['secret'])];
        [$app, $now] = [conformance_int($e['app_id']), conformance_int($e['now'])];
        $calls = [
            'decode' => fn() => ZegoToken::decode($token, $secret),
            'verify' => fn() => ZegoToken::verify($token, $secret, $app, $now),
            'verify_allow_cbc' => fn() => ZegoToken::verify($token, $secret, $app, $now, true),
        ];
        foreach ($calls as $call => $f) {
            [$rc, $c] = conformance_call($f);
            check($rc === $e['expect'][$call], "conformance {$e['name']}: $call gave $rc");
            if ($rc === 0 && isset($e['claims'])) {
                $got = ['app_id' => $c->appId, 'user_id' => $c->userId, 'nonce' => $c->nonce, 'ctime' => $c->ctime,
                    'expire' => $c->expire, 'payload' => $c->payload, 'mode' => $c->mode];
                check($got == $e['claims'], "conformance {$e['name']}: $call claims");
            }
        }
    }
    foreach ($table['room_payload'] as $e) {
        if (!$runnable($e)) {
            continue;
        }
        $ran++;
        $ids = $e['stream_ids'] === null ? null : array_map('conformance_str', $e['stream_ids']);
        [$rc, $p] = conformance_call(fn() => ZegoToken::buildRtcRoomPayload(
            conformance_str($e['room_id']), $e['can_login_room'], $e['can_publish_stream'], $ids));
        check($rc === $e['expect'] && $p === ($e['payload'] ?? null), "conformance {$e['name']}: room payload gave $rc");
    }
    check($ran >= 110, "conformance: $ran entries ran");
    printf("php: conformance table, %d entries\n", $ran);
}
