<?php
/**
 * Checks what tests/fpm/token.php served (its JSON body on stdin) with the independent decoder:
 *   php check.php USER < body.json
 * Prints one line per check; exits non-zero on any failure.
 */

declare(strict_types=1);

require __DIR__ . '/../independent_decode.php';

$secret = 'fa94dd0f974cf2e293728a526b028271';
$appId = 1234567;
$user = $argv[1] ?? 'fpm-user';
$ffiEnable = $argv[2] ?? 'preload';
$body = (string) stream_get_contents(STDIN);
$r = json_decode($body, true);
$failed = 0;
$passed = 0;
function ok(bool $cond, string $what): void
{
    global $failed, $passed;
    echo ($cond ? '  ok   ' : '  FAIL ') . $what . "\n";
    $cond ? $passed++ : $failed++;
}
if (!is_array($r) || isset($r['error'])) {
    echo "  FAIL the app answered: $body\n";
    exit(1);
}
ok($r['sapi'] === 'fpm-fcgi' && $r['ffi_enable'] === $ffiEnable, "served by php-fpm (sapi {$r['sapi']}) with ffi.enable={$r['ffi_enable']}");
$expected = '{"room_id":"room-1","privilege":{"1":1,"2":0},"stream_id_list":["stream-1"]}';
ok($r['payload'] === $expected, 'buildRtcRoomPayload served the official JSON');
foreach (['gcm' => [$r['gcm'], 'gcm', $r['payload'], 3600], 'cbc' => [$r['cbc'], 'cbc', '', 60],
          'official' => [$r['official']['token'], 'cbc', '', 600]] as $what => [$token, $mode, $payload, $ttl]) {
    try {
        $d = zego_test_independent_decode((string) $token, $secret);
        $c = $d['claims'];
        ok($d['mode'] === $mode && $c['app_id'] === $appId && $c['user_id'] === $user && $c['payload'] === $payload
            && $c['expire'] - $c['ctime'] === $ttl && $d['expire'] === $c['expire'] && abs($c['ctime'] - time()) < 60,
            "$what token decrypts with openssl_decrypt ($mode) to the expected claims");
    } catch (Throwable $e) {
        ok(false, "$what token: " . $e->getMessage());
    }
}
ok($r['verified_user'] === $user, 'ZegoToken::verify accepted the GCM token in the request');
ok($r['official']['code'] === 0 && $r['official_error'] === 5, 'ZegoServerAssistant returned code 0, and 5 for a bad secret');
echo "  php-fpm: $passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
