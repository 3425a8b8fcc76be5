<?php
// Plain-PHP tests of the binding: exits non-zero on any failed assertion.
declare(strict_types=1);
require __DIR__ . '/../src/ZegoToken.php';

$passed = 0;
$failed = 0;
function check(bool $ok, string $what): void
{
    global $passed, $failed;
    if ($ok) {
        $passed++;
    } else {
        $failed++;
        fwrite(STDERR, "FAIL: $what\n");
    }
}
function code_of(callable $f): ?int
{
    try {
        $f();
    } catch (ZegoTokenException $e) {
        return $e->getCode();
    }
    return null;
}

const SECRET = 'fa94dd0f974cf2e293728a526b028271';
$data = __DIR__ . '/../../../tests/data/';

// Vectors and official foreign tokens decode.
$vectors = json_decode(file_get_contents($data . 'token04-vectors.json'), true);
check(count($vectors['cases']) === 14, 'vector count');
foreach ($vectors['cases'] as $c) {
    $claims = ZegoToken::decode($c['token'], $c['secret']);
    check($claims['mode'] === $c['mode'] && $claims['user_id'] === $c['user_id'] && $claims['payload'] === $c['payload']
        && $claims['app_id'] === $c['app_id'] && $claims['ctime'] === $c['ctime'] && $claims['nonce'] === $c['nonce'], $c['name']);
}
$foreign = json_decode(file_get_contents($data . 'token04-foreign.json'), true);
foreach ($foreign['tokens'] as $t) {
    $claims = ZegoToken::decode($t['token'], $t['secret']);
    check($claims['user_id'] === $t['user_id'] && $claims['payload'] === $t['payload'] && $claims['app_id'] === $t['app_id']
        && $claims['expire'] - $claims['ctime'] === $t['effective_time_in_seconds'], $t['producer']);
}

// Round trip in both modes, with non-ASCII and quotes.
$user = "用户-\"quote\"-😀";
$payload = '{"room_id":"r\"1","privilege":{"1":1,"2":0},"stream_id_list":null}';
foreach (['cbc', 'gcm'] as $mode) {
    $token = ZegoToken::generateToken04(42, $user, SECRET, 600, $payload, $mode);
    $claims = ZegoToken::decode($token, SECRET);
    check(str_starts_with($token, '04') && $claims['app_id'] === 42 && $claims['user_id'] === $user
        && $claims['payload'] === $payload && $claims['expire'] - $claims['ctime'] === 600 && $claims['mode'] === $mode, "round trip $mode");

    // Every official error code surfaces with its number.
    $cases = [
        [fn() => ZegoToken::generateToken04(0, 'u', SECRET, 60, '', $mode), 1],
        [fn() => ZegoToken::generateToken04(1, '', SECRET, 60, '', $mode), 3],
        [fn() => ZegoToken::generateToken04(1, str_repeat('u', 65), SECRET, 60, '', $mode), 3],
        [fn() => ZegoToken::generateToken04(1, "a\0b", SECRET, 60, '', $mode), 3],
        [fn() => ZegoToken::generateToken04(1, 'u', 'short', 60, '', $mode), 5],
        [fn() => ZegoToken::generateToken04(1, 'u', SECRET, 0, '', $mode), 6],
        [fn() => ZegoToken::generateToken04(1, 'u', SECRET, -1, '', $mode), 6],
        [fn() => ZegoToken::generateToken04(1, 'u', SECRET, PHP_INT_MAX, '', $mode), 6],
        [fn() => ZegoToken::generateToken04(1, 'u', SECRET, 60, "\xff", $mode), 101],
        [fn() => ZegoToken::generateToken04(1, 'u', SECRET, 60, str_repeat('p', 70000), $mode), 102],
    ];
    foreach ($cases as $i => [$f, $code]) {
        check(code_of($f) === $code, "$mode error case $i gives $code");
    }
}
check(code_of(fn() => ZegoToken::decode('05AAAA', SECRET)) === 120, 'decode prefix');
check(code_of(fn() => ZegoToken::generateToken04(1, 'u', SECRET, 60, '', 'ecb')) === 106, 'bad mode');
try {
    ZegoToken::generateToken04(1, 'u', 'short', 60);
} catch (ZegoTokenException $e) {
    check(!str_contains($e->getMessage(), 'short') && $e->getMessage() !== '', 'message has no secret');
}

// A missing library gives an error naming both ways of finding it.
$script = escapeshellarg('require "' . __DIR__ . '/../src/ZegoToken.php"; try { ZegoToken::generateToken04(1, "u", str_repeat("x", 32), 60); } catch (ZegoTokenException $e) { echo $e->getMessage(); }');
$out = (string) shell_exec('ZEGO_TOKEN_LIB=/nonexistent/libzego_token.so ' . escapeshellarg(PHP_BINARY) . ' -r ' . $script);
check(str_contains($out, 'ZEGO_TOKEN_LIB') && str_contains($out, 'system loader path') && str_contains($out, '/nonexistent'), 'missing library message');

// No leak: RSS stays flat across 100,000 calls.
function rss_kib(): int
{
    return (int) explode(' ', file_get_contents('/proc/self/statm'))[1] * 4;
}
$run = function (int $n): void {
    for ($i = 0; $i < $n; $i++) {
        ZegoToken::decode(ZegoToken::generateToken04(1, 'user', SECRET, 60, 'payload'), SECRET);
        code_of(fn() => ZegoToken::generateToken04(1, 'user', 'short', 60));
    }
};
$run(10000);
$before = rss_kib();
$run(100000);
$after = rss_kib();
check($after - $before < 4096, "RSS flat over 100,000 calls ($before KiB -> $after KiB)");

printf("php: %d passed, %d failed\n", $passed, $failed);
exit($failed === 0 ? 0 : 1);
