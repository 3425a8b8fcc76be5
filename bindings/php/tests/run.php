<?php
/**
 * The binding's tests, run the way an app uses the package:
 *   php vendor/zego-token/zego-token/tests/run.php vendor/autoload.php
 * (bindings/php/ci-test.sh does this from a fresh composer app). Plain assertions; prints
 * "php: N passed, M failed" and exits non-zero on any failure.
 * Env: ZEGO_TOKEN_TEST_DATA (the repository's tests/data), ZEGO_TOKEN_TEST_LIB (a path to
 * libzego_token.so for the ZEGO_TOKEN_LIB check). The library itself must be loadable (it is
 * found by the system loader, or through ZEGO_TOKEN_LIB).
 */

declare(strict_types=1);

$autoload = $argv[1] ?? __DIR__ . '/../vendor/autoload.php';
require $autoload;
require __DIR__ . '/independent_decode.php';

use ZEGO\ZegoAssistantToken;
use ZEGO\ZegoErrorCodes;
use ZEGO\ZegoServerAssistant;
use ZegoToken\Claims;
use ZegoToken\Generator;
use ZegoToken\ZegoToken;
use ZegoToken\ZegoTokenException;

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
/** The ZegoTokenException code $f throws, or null when it returns. */
function code_of(callable $f): ?int
{
    try {
        $f();
    } catch (ZegoTokenException $e) {
        return $e->getCode();
    }
    return null;
}
/** Checks a token with the independent decoder against what it should hold. */
function check_token(string $token, string $secret, string $mode, int $appId, string $userId, string $payload, int $ttl, string $what): void
{
    try {
        $d = zego_test_independent_decode($token, $secret);
    } catch (Throwable $e) {
        check(false, "$what: independent decode: " . $e->getMessage());
        return;
    }
    $c = $d['claims'];
    check($d['mode'] === $mode, "$what: mode $mode (got {$d['mode']})");
    check(($c['app_id'] ?? null) === $appId && ($c['user_id'] ?? null) === $userId && ($c['payload'] ?? null) === $payload,
        "$what: claims app_id, user_id, payload");
    check(($c['expire'] ?? 0) - ($c['ctime'] ?? 0) === $ttl && $d['expire'] === $c['expire'], "$what: expire = ctime + ttl, header = claim");
    check(abs(($c['ctime'] ?? 0) - time()) <= 5 && is_int($c['nonce'] ?? null), "$what: ctime is now, nonce is an integer");
}

const SECRET = 'fa94dd0f974cf2e293728a526b028271';
const OTHER_SECRET = '0123456789abcdef0123456789abcdef';
$data = rtrim((string) (getenv('ZEGO_TOKEN_TEST_DATA') ?: __DIR__ . '/../../../tests/data'), '/') . '/';

echo "php: PHP ", PHP_VERSION, ", library ", ZegoToken::version(), "\n";
check((bool) preg_match('/^\d+\.\d+\.\d+$/', ZegoToken::version()), 'version() is MAJOR.MINOR.PATCH');
check(ZegoToken::errorMessage(5) !== '' && ZegoToken::errorMessage(999999) !== '', 'errorMessage() for known and unknown codes');

// ---- decode: the shared vectors and tokens from the official generators
$vectors = json_decode((string) file_get_contents($data . 'token04-vectors.json'), true);
check(is_array($vectors) && count($vectors['cases']) >= 14, 'vectors file read');
foreach ($vectors['cases'] as $c) {
    $claims = ZegoToken::decode($c['token'], $c['secret']);
    check($claims->mode === $c['mode'] && $claims->userId === $c['user_id'] && $claims->payload === $c['payload']
        && $claims->appId === $c['app_id'] && $claims->ctime === $c['ctime'] && $claims->nonce === $c['nonce']
        && $claims->expire === $c['ctime'] + $c['effective_time_in_seconds'], "decode vector {$c['name']}");
    check($claims instanceof Claims && (new \ReflectionClass($claims))->isFinal(), "decode returns a final Claims {$c['name']}");
}
$foreign = json_decode((string) file_get_contents($data . 'token04-foreign.json'), true);
check(is_array($foreign) && count($foreign['tokens']) > 0, 'foreign tokens file read');
foreach ($foreign['tokens'] as $t) {
    $claims = ZegoToken::decode($t['token'], $t['secret']);
    check($claims->userId === $t['user_id'] && $claims->payload === $t['payload'] && $claims->appId === $t['app_id']
        && $claims->expire - $claims->ctime === $t['effective_time_in_seconds'], "decode {$t['producer']}");
}
check(code_of(fn() => ZegoToken::decode('05AAAA', SECRET)) === 120, 'decode: prefix 120');
check(code_of(fn() => ZegoToken::decode('04!!!!', SECRET)) === 121, 'decode: base64 121');
check(code_of(fn() => ZegoToken::decode("04AA\0AA", SECRET)) === 121, 'decode: NUL in token 121');
check(code_of(fn() => ZegoToken::decode('04AAAA', 'short')) === 5, 'decode: secret 5');
check(code_of(fn() => ZegoToken::decode('04AAAA', SECRET . "\0")) === 5, 'decode: NUL in secret 5');
$gcm = ZegoToken::generateToken04(7, 'u', SECRET, 60, '', 'gcm');
check(code_of(fn() => ZegoToken::decode($gcm, OTHER_SECRET)) === 127, 'decode: GCM with the wrong secret 127');

// ---- hints: the library's, for a malformed token (a '+' that became a space first)
function hint_of(callable $f): ?string
{
    try {
        $f();
    } catch (ZegoTokenException $e) {
        return $e->getHint();
    }
    return 'no exception';
}
$plus = '';
for ($i = 0; $i < 200 && !str_contains($plus, '+'); $i++) {
    $plus = ZegoToken::generateToken04(7, 'u', SECRET, 60, '', 'gcm');
}
check(str_contains($plus, '+'), 'hints: a token with a +');
$spaced = str_replace('+', ' ', $plus);
$hint = ZegoToken::hint($spaced);
check(is_string($hint) && str_contains($hint, 'contains spaces') && str_contains($hint, "'+'"), "hints: spaces ($hint)");
check(ZegoToken::hint($plus) === null, 'hints: a good token has none');
check(code_of(fn() => ZegoToken::decode($spaced, SECRET)) === 121, 'hints: the spaced token gives 121');
check(hint_of(fn() => ZegoToken::decode($spaced, SECRET)) === $hint, 'hints: decode\'s exception carries the hint');
check(hint_of(fn() => ZegoToken::verify($spaced, SECRET, 7)) === $hint, 'hints: verify\'s exception carries the hint');
check(hint_of(fn() => ZegoToken::decode($plus, OTHER_SECRET)) === null, 'hints: none for a wrong secret');
foreach ([[$plus . "\n", 'whitespace'], ['"' . $plus . '"', 'quotes'], [str_replace('+', '%2B', $plus), 'URL-encoded'],
          [substr($plus, 2), '"04"'], [substr($plus, 0, -4), 'truncated'], ["04\xff", 'UTF-8']] as [$bad, $want]) {
    $h = ZegoToken::hint($bad);
    check(is_string($h) && str_contains($h, $want) && !str_contains($h, substr($plus, 2, 8)), "hints: $want ($h)");
}
// Claims are a final value with read-only properties.
$claims = ZegoToken::decode($plus, SECRET);
try {
    $claims->userId = 'x';
    check(false, 'Claims: a property can be written');
} catch (\Error $e) {
    check($claims->userId === 'u', 'Claims: read-only properties');
}

// ---- generateToken04: both modes, checked by the independent decoder
$user = "用户-\"quote\"-😀";
$payload = '{"room_id":"r\"1","privilege":{"1":1,"2":0},"stream_id_list":null}';
foreach (['cbc', 'gcm'] as $mode) {
    $token = ZegoToken::generateToken04(4294967295, $user, SECRET, 600, $payload, $mode);
    check_token($token, SECRET, $mode, 4294967295, $user, $payload, 600, "generateToken04 $mode");
    $claims = ZegoToken::decode($token, SECRET);
    check($claims->userId === $user && $claims->payload === $payload && $claims->mode === $mode, "decode round trip $mode");
    foreach ($vectors['errors'] as $e) {
        $code = $e['error_code'] === 'extension' ? 102 : $e['error_code'];
        check(code_of(fn() => ZegoToken::generateToken04($e['app_id'], $e['user_id'], $e['secret'],
            $e['effective_time_in_seconds'], $e['payload'], $mode)) === $code, "generateToken04 $mode {$e['name']} gives $code");
    }
    $cases = [
        'app id 2^32' => [fn() => ZegoToken::generateToken04(4294967296, 'u', SECRET, 60, '', $mode), 1],
        'app id -1' => [fn() => ZegoToken::generateToken04(-1, 'u', SECRET, 60, '', $mode), 1],
        'NUL in user id' => [fn() => ZegoToken::generateToken04(1, "a\0b", SECRET, 60, '', $mode), 3],
        'NUL in secret' => [fn() => ZegoToken::generateToken04(1, 'u', substr(SECRET, 0, 31) . "\0", 60, '', $mode), 5],
        'NUL in user id and bad app id: app id first' => [fn() => ZegoToken::generateToken04(0, "a\0", SECRET, 60, '', $mode), 1],
        'NUL in secret and empty user: user first' => [fn() => ZegoToken::generateToken04(1, '', "\0", 60, '', $mode), 3],
        'NUL in payload' => [fn() => ZegoToken::generateToken04(1, 'u', SECRET, 60, "a\0", $mode), 101],
        'NUL in payload and bad ttl: ttl first' => [fn() => ZegoToken::generateToken04(1, 'u', SECRET, 0, "a\0", $mode), 6],
        'payload not UTF-8' => [fn() => ZegoToken::generateToken04(1, 'u', SECRET, 60, "\xff", $mode), 101],
        'user id not UTF-8' => [fn() => ZegoToken::generateToken04(1, "\xff", SECRET, 60, '', $mode), 3],
    ];
    foreach ($cases as $what => [$f, $code]) {
        check(code_of($f) === $code, "generateToken04 $mode: $what gives $code");
    }
}
check(code_of(fn() => ZegoToken::generateToken04(1, 'u', SECRET, 60, '', 'ecb')) === 106, 'generateToken04: mode ecb gives 106');
check(zego_test_independent_decode(ZegoToken::generateToken04(1, 'u', SECRET, 60), SECRET)['mode'] === 'cbc', 'generateToken04 defaults to CBC');
try {
    ZegoToken::generateToken04(1, 'u', 'short-secret-value', 60);
    check(false, 'a bad secret throws');
} catch (ZegoTokenException $e) {
    check($e instanceof Exception && $e->getCode() === ZegoTokenException::SECRET_INVALID, 'ZegoTokenException with the code');
    check($e->getMessage() !== '' && !str_contains($e->getMessage(), 'short-secret-value'), 'the message does not hold the secret');
}

// ---- verify: GCM only unless allowCbc
$now = time();
$gcm = ZegoToken::generateToken04(42, 'alice', SECRET, 100, 'p', 'gcm');
$cbc = ZegoToken::generateToken04(42, 'alice', SECRET, 100, 'p', 'cbc');
$claims = ZegoToken::verify($gcm, SECRET, 42);
check($claims->userId === 'alice' && $claims->mode === 'gcm' && $claims->payload === 'p', 'verify GCM: claims');
check(ZegoToken::verify($gcm, SECRET, 42, $claims->expire - 1)->appId === 42, 'verify GCM: one second before expiry');
check(code_of(fn() => ZegoToken::verify($gcm, SECRET, 42, $claims->expire)) === 133, 'verify: expired at expire (133)');
check(code_of(fn() => ZegoToken::verify($gcm, SECRET, 43)) === 132, 'verify: other app id (132)');
check(code_of(fn() => ZegoToken::verify($gcm, SECRET, 1 << 40)) === 132, 'verify: app id out of range (132)');
check(code_of(fn() => ZegoToken::verify($gcm, OTHER_SECRET, 42)) === 127, 'verify: wrong secret (127)');
check(code_of(fn() => ZegoToken::verify($cbc, SECRET, 42)) === 134, 'verify: CBC refused by default (134)');
check(code_of(fn() => ZegoToken::verify($cbc, SECRET, 42, null, false)) === 134, 'verify: CBC refused with allowCbc=false');
check(ZegoToken::verify($cbc, SECRET, 42, null, true)->mode === 'cbc', 'verify: CBC accepted with allowCbc');
check(ZegoToken::verify($gcm, SECRET, 42, $now, true)->mode === 'gcm', 'verify: GCM accepted with allowCbc');
check(code_of(fn() => ZegoToken::verify($cbc, SECRET, 42, $now + 1000, true)) === 133, 'verify: expired CBC with allowCbc (133)');
$bin = base64_decode(substr($gcm, 2));
$bin[20] = chr(ord($bin[20]) ^ 1);
check(code_of(fn() => ZegoToken::verify('04' . base64_encode($bin), SECRET, 42)) === 127, 'verify: tampered GCM (127)');
foreach ($foreign['tokens'] as $t) {
    $d = ZegoToken::decode($t['token'], $t['secret']);
    $code = code_of(fn() => ZegoToken::verify($t['token'], $t['secret'], $t['app_id'], $d->ctime, true));
    check($code === null, "verify allowCbc {$t['producer']} at its ctime");
    if ($d->mode === 'cbc') {
        check(code_of(fn() => ZegoToken::verify($t['token'], $t['secret'], $t['app_id'], $d->ctime)) === 134, "verify refuses CBC {$t['producer']}");
    }
}

// ---- buildRtcRoomPayload
$p = ZegoToken::buildRtcRoomPayload('demo', true, false);
check($p === '{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}', 'payload: official sample');
check(ZegoToken::buildRtcRoomPayload(null, false, true) === '{"room_id":"","privilege":{"1":0,"2":1},"stream_id_list":null}', 'payload: any room');
check(ZegoToken::buildRtcRoomPayload('', true, true, []) === '{"room_id":"","privilege":{"1":1,"2":1},"stream_id_list":[]}', 'payload: empty stream list');
$room = "r\"\\/é😀\n";
$streams = ['s1', "s\"2", '流'];
$p = ZegoToken::buildRtcRoomPayload($room, true, true, $streams);
$j = json_decode($p, true);
check($j === ['room_id' => $room, 'privilege' => ['1' => 1, '2' => 1], 'stream_id_list' => $streams], 'payload: escaping round-trips through json_decode');
check(ZegoToken::buildRtcRoomPayload('r', true, false, ['a' => 'x', 'b' => 'y']) === '{"room_id":"r","privilege":{"1":1,"2":0},"stream_id_list":["x","y"]}', 'payload: values of an associative array');
check(code_of(fn() => ZegoToken::buildRtcRoomPayload("\xff", true, true)) === 110, 'payload: room id not UTF-8 (110)');
check(code_of(fn() => ZegoToken::buildRtcRoomPayload("a\0b", true, true)) === 110, 'payload: NUL in room id (110)');
check(code_of(fn() => ZegoToken::buildRtcRoomPayload('r', true, true, ['ok', "\xfe"])) === 111, 'payload: stream id not UTF-8 (111)');
check(code_of(fn() => ZegoToken::buildRtcRoomPayload('r', true, true, ["a\0"])) === 111, 'payload: NUL in stream id (111)');
check(code_of(fn() => ZegoToken::buildRtcRoomPayload('r', true, true, [5])) === 111, 'payload: a stream id that is no string (111)');
$token = ZegoToken::generateToken04(9, 'u', SECRET, 60, $p, 'gcm');
check_token($token, SECRET, 'gcm', 9, 'u', $p, 60, 'token with a built payload');

// ---- Generator
$g = new Generator(77, SECRET);
check($g->appId === 77 && $g->mode === 'gcm', 'Generator defaults to GCM');
$t = $g->generate($user, 300, $payload);
check_token($t, SECRET, 'gcm', 77, $user, $payload, 300, 'Generator gcm');
check(ZegoToken::verify($t, SECRET, 77)->userId === $user, 'Generator token verifies');
$gc = new Generator(78, SECRET, 'cbc');
check_token($gc->generate('bob', 30), SECRET, 'cbc', 78, 'bob', '', 30, 'Generator cbc');
$big = str_repeat('x', 5000);
check_token($g->generate('u', 60, $big), SECRET, 'gcm', 77, 'u', $big, 60, 'Generator: a payload larger than the buffer');
check_token($g->generate('v', 61, 'small'), SECRET, 'gcm', 77, 'v', 'small', 61, 'Generator: small again after growing');
foreach (['cbc', 'gcm'] as $m) {
    check_token(ZegoToken::generateToken04(79, 'u', SECRET, 60, $big, $m), SECRET, $m, 79, 'u', $big, 60, "one-shot $m: a payload larger than the buffer");
    check_token(ZegoToken::generateToken04(79, 'v', SECRET, 61, 'small', $m), SECRET, $m, 79, 'v', 'small', 61, "one-shot $m: small again after growing");
}
check(code_of(fn() => ZegoToken::generateToken04(79, 'u', SECRET, 60, str_repeat('p', 70000))) === 102, 'one-shot: payload too large (102), after growing');
check(code_of(fn() => new Generator(0, SECRET)) === 1, 'Generator: app id 0 (1)');
check(code_of(fn() => new Generator(1 << 32, SECRET)) === 1, 'Generator: app id 2^32 (1)');
check(code_of(fn() => new Generator(1, 'short')) === 5, 'Generator: secret (5)');
check(code_of(fn() => new Generator(1, SECRET . "\0")) === 5, 'Generator: NUL in secret (5)');
check(code_of(fn() => new Generator(1, SECRET, 'ecb')) === 106, 'Generator: mode (106)');
check(code_of(fn() => new Generator(0, 'short', 'ecb')) === 1, 'Generator: app id checked first');
check(code_of(fn() => $g->generate('', 60)) === 3, 'Generator: empty user id (3)');
check(code_of(fn() => $g->generate("a\0", 60)) === 3, 'Generator: NUL in user id (3)');
check(code_of(fn() => $g->generate(str_repeat('u', 65), 60)) === 3, 'Generator: 65-byte user id (3)');
check(code_of(fn() => $g->generate('u', 0)) === 6, 'Generator: ttl 0 (6)');
check(code_of(fn() => $g->generate('u', PHP_INT_MAX)) === 6, 'Generator: ttl overflow (6)');
check(code_of(fn() => $g->generate('u', 60, "\xff")) === 101, 'Generator: payload not UTF-8 (101)');
check(code_of(fn() => $g->generate('u', 60, "\0")) === 101, 'Generator: NUL in payload (101)');
check(code_of(fn() => $g->generate('u', 60, str_repeat('p', 70000))) === 102, 'Generator: payload too large (102)');
check_token($g->generate('w', 62), SECRET, 'gcm', 77, 'w', '', 62, 'Generator: usable after errors');
try {
    $copy = clone $g;
    check(false, 'Generator cannot be cloned');
} catch (Error $e) {
    check(true, 'Generator cannot be cloned');
}
try {
    serialize($g);
    check(false, 'Generator cannot be serialized');
} catch (LogicException $e) {
    check(true, 'Generator cannot be serialized');
}

// ---- the official call shape (ZEGO\ZegoServerAssistant)
check(ZegoErrorCodes::success === 0 && ZegoErrorCodes::appIDInvalid === 1 && ZegoErrorCodes::userIDInvalid === 3
    && ZegoErrorCodes::secretInvalid === 5 && ZegoErrorCodes::effectiveTimeInSecondsInvalid === 6, 'ZegoErrorCodes values');
$r = ZegoServerAssistant::generateToken04(1234, 'user-1', SECRET, 3600, '{"room_id":"demo"}');
check($r instanceof ZegoAssistantToken && $r->code === ZegoErrorCodes::success && $r->message !== '', 'official shape: success');
check_token($r->token, SECRET, 'cbc', 1234, 'user-1', '{"room_id":"demo"}', 3600, 'official shape token (CBC)');
$r = ZegoServerAssistant::generateToken04(1234, 'user-1', SECRET, 3600);
check($r->code === 0 && ZegoToken::decode($r->token, SECRET)->payload === '', 'official shape: payload defaults to empty');
foreach ($vectors['errors'] as $e) {
    $code = $e['error_code'] === 'extension' ? 102 : $e['error_code'];
    $r = ZegoServerAssistant::generateToken04($e['app_id'], $e['user_id'], $e['secret'], $e['effective_time_in_seconds'], $e['payload']);
    check($r->code === $code && $r->token === '' && $r->message === ZegoToken::errorMessage($code), "official shape {$e['name']}: code $code returned");
}
$r = ZegoServerAssistant::generateToken04(1, 'u', 'short', 60, '');
check($r->code === ZegoErrorCodes::secretInvalid, 'official shape: secretInvalid');

// ---- loading: errors name what to change; ZEGO_TOKEN_LIB overrides in the CLI
function child(string $code, array $env, string $extra = ''): string
{
    global $autoload;
    $script = 'require ' . var_export($autoload, true) . '; try { echo ZegoToken\ZegoToken::version(); } '
        . 'catch (ZegoToken\ZegoTokenException $e) { echo "code=", $e->getCode(), " ", $e->getMessage(); }';
    $prefix = '';
    foreach ($env as $k => $v) {
        $prefix .= $v === null ? "-u $k " : "$k=" . escapeshellarg($v) . ' ';
    }
    return (string) shell_exec("env $prefix" . escapeshellarg(PHP_BINARY) . " $extra -r " . escapeshellarg($script) . ' 2>&1');
}
$out = child('', ['ZEGO_TOKEN_LIB' => '/nonexistent/libzego_token.so']);
check(str_contains($out, 'code=-1') && str_contains($out, 'ZEGO_TOKEN_LIB') && str_contains($out, 'readable libzego_token.so'),
    "missing ZEGO_TOKEN_LIB file: $out");
check(!str_contains($out, '/nonexistent') && !str_contains($out, '/'), "the message shows no file path: $out");
$out = child('', ['ZEGO_TOKEN_LIB' => null], '-d ffi.enable=0');
check(str_contains($out, 'code=-1') && str_contains($out, 'ffi.enable') && str_contains($out, 'opcache.preload'), "ffi.enable=0: $out");
$lib = getenv('ZEGO_TOKEN_TEST_LIB');
if (is_string($lib) && $lib !== '') {
    $out = child('', ['ZEGO_TOKEN_LIB' => $lib, 'LD_LIBRARY_PATH' => '/nonexistent']);
    check($out === ZegoToken::version(), "ZEGO_TOKEN_LIB=$lib loads the library: $out");
    $out = child('', ['ZEGO_TOKEN_LIB' => null, 'LD_LIBRARY_PATH' => '/nonexistent']);
    if (!str_contains($out, 'code=')) {
        echo "php: note: libzego_token.so.0 is installed system-wide here; the not-found message is not checked\n";
    } else {
        check(str_contains($out, 'code=-1') && str_contains($out, 'libzego_token.so.0') && str_contains($out, 'ldconfig')
            && str_contains($out, 'ZEGO_TOKEN_LIB'), "library not on the loader path: $out");
    }
}

// ---- strict types for every caller: PHP coerces a declared int/bool by the CALLER's mode
/** Runs $code after the autoloader in a child php (its -r code has no strict_types); its output. */
function php_run(string $code, array $env = [], string $args = ''): string
{
    global $autoload;
    $prefix = '';
    foreach ($env as $k => $v) {
        $prefix .= $v === null ? "-u $k " : "$k=" . escapeshellarg($v) . ' ';
    }
    $script = 'require ' . var_export($autoload, true) . '; use ZegoToken\ZegoToken; use ZegoToken\Generator; '
        . 'use ZEGO\ZegoServerAssistant; ' . $code;
    return (string) shell_exec("env $prefix" . escapeshellarg(PHP_BINARY) . " $args -r " . escapeshellarg($script) . ' 2>&1');
}
$loose = [
    'verify allowCbc "false"' => 'ZegoToken::verify($cbc, $s, 42, null, "false")',
    'verify allowCbc "0"' => 'ZegoToken::verify($cbc, $s, 42, null, "0")',
    'verify allowCbc 1' => 'ZegoToken::verify($cbc, $s, 42, null, 1)',
    'verify allowCbc [0]' => 'ZegoToken::verify($cbc, $s, 42, null, [0])',
    'verify allowCbc null' => 'ZegoToken::verify($cbc, $s, 42, null, null)',
    'verify app id true' => 'ZegoToken::verify($gcm, $s, true)',
    'verify app id "42"' => 'ZegoToken::verify($gcm, $s, "42")',
    'verify now "123"' => 'ZegoToken::verify($gcm, $s, 42, "123")',
    'verify now 1.5' => 'ZegoToken::verify($gcm, $s, 42, 1.5)',
    'generateToken04 app id true' => 'ZegoToken::generateToken04(true, "u", $s, 60)',
    'generateToken04 ttl true' => 'ZegoToken::generateToken04(1, "u", $s, true, "", "gcm")',
    'generateToken04 ttl "60"' => 'ZegoToken::generateToken04(1, "u", $s, "60")',
    'Generator app id true' => 'new Generator(true, $s)',
    'Generator::generate ttl true' => '(new Generator(1, $s))->generate("u", true)',
    'buildRtcRoomPayload "false"' => 'ZegoToken::buildRtcRoomPayload("r", "false", false)',
    'buildRtcRoomPayload 1, 0' => 'ZegoToken::buildRtcRoomPayload("r", 1, 0)',
];
$code = '$s = ' . var_export(SECRET, true) . '; $gcm = ' . var_export($gcm, true) . '; $cbc = ' . var_export($cbc, true) . ';';
foreach ($loose as $what => $call) {
    $code .= ' try { ' . $call . '; echo "accepted\n"; } catch (TypeError $e) { echo "TypeError ", $e->getMessage(), "\n"; }';
}
$lines = explode("\n", trim(php_run($code)));
check(count($lines) === count($loose), 'loose types: one line per case: ' . implode(' | ', $lines));
foreach (array_keys($loose) as $i => $what) {
    $line = $lines[$i] ?? '';
    check(str_starts_with($line, 'TypeError ') && str_contains($line, 'must be of type'), "without strict_types, $what: TypeError ($line)");
}
check(str_contains($lines[0] ?? '', 'ZegoToken\ZegoToken::verify(): Argument #5 ($allowCbc) must be of type bool, string given'),
    'the TypeError is worded as PHP\'s own: ' . ($lines[0] ?? ''));
try {
    ZegoToken::verify($cbc, SECRET, 42, null, 'false');
    check(false, 'strict caller: allowCbc "false" is a TypeError');
} catch (TypeError $e) {
    check(true, 'strict caller: allowCbc "false" is a TypeError');
}
check(php_run('echo ZegoToken::verify(' . var_export($cbc, true) . ', ' . var_export(SECRET, true) . ', 42, time(), true)->mode;') === 'cbc',
    'without strict_types, allowCbc true still accepts CBC');

// ---- the secret never reaches a stack trace (#[\SensitiveParameter]), PHP's built-in defaults
// php -n: no php.ini at all, so zend.exception_ignore_args is Off (the official docker images
// ship no php.ini either) and an uncaught exception prints its trace with the arguments.
$ffiArg = php_run('echo extension_loaded("ffi") ? "yes" : "no";', [], '-n') === 'yes' ? '' : '-d extension=ffi';
$probe = php_run('echo var_export(ini_get("zend.exception_ignore_args"), true), " ", ZegoToken::version();', [], "-n $ffiArg");
check($probe === "'0' " . ZegoToken::version() || $probe === "'' " . ZegoToken::version(),
    "php -n: exception_ignore_args is off and the library loads ($probe)");
$unavailable = ['ZEGO_TOKEN_LIB' => '/nonexistent/zego-test-dir/libzego_token.so'];
$uncaught = [
    'generateToken04, bad user id' => ['ZegoToken::generateToken04(1, "", $s, 60);', [], 'ZegoTokenException'],
    'generateToken04 gcm, bad ttl' => ['ZegoToken::generateToken04(1, "u", $s, 0, "", "gcm");', [], 'ZegoTokenException'],
    'generateToken04, library unavailable' => ['ZegoToken::generateToken04(1, "u", $s, 60);', $unavailable, 'ZegoTokenException'],
    'decode, truncated token' => ['ZegoToken::decode("04AAAA", $s);', [], 'ZegoTokenException'],
    'decode, tampered token' => ['ZegoToken::decode(substr($gcm, 0, -8) . "AAAAAAA=", $s);', [], 'ZegoTokenException'],
    'decode, library unavailable' => ['ZegoToken::decode($gcm, $s);', $unavailable, 'ZegoTokenException'],
    'verify, CBC refused' => ['ZegoToken::verify($cbc, $s, 42);', [], 'ZegoTokenException'],
    'verify, other app id' => ['ZegoToken::verify($gcm, $s, 43);', [], 'ZegoTokenException'],
    'verify, loose allowCbc' => ['ZegoToken::verify($cbc, $s, 42, null, "false");', [], 'TypeError'],
    'verify, library unavailable' => ['ZegoToken::verify($gcm, $s, 42);', $unavailable, 'ZegoTokenException'],
    'new Generator, app id 0' => ['new Generator(0, $s);', [], 'ZegoTokenException'],
    'new Generator, bad mode' => ['new Generator(1, $s, "ecb");', [], 'ZegoTokenException'],
    'new Generator, library unavailable' => ['new Generator(1, $s);', $unavailable, 'ZegoTokenException'],
    'official shape, library unavailable' => ['ZegoServerAssistant::generateToken04(1, "u", $s, 60);', $unavailable, 'ZegoTokenException'],
];
foreach ($uncaught as $what => [$call, $env, $class]) {
    foreach ([SECRET, OTHER_SECRET] as $secret) {
        $out = php_run('$s = ' . var_export($secret, true) . '; $gcm = ' . var_export($gcm, true) . '; $cbc = '
            . var_export($cbc, true) . '; ' . $call, $env, "-n $ffiArg");
        check(str_contains($out, "Uncaught ") && str_contains($out, $class) && str_contains($out, 'Stack trace'),
            "php -n, $what: an uncaught $class with its trace: $out");
        check(str_contains($out, 'Object(SensitiveParameterValue)'), "php -n, $what: the trace hides an argument: $out");
        check(!str_contains($out, substr($secret, 0, 6)), "php -n, $what: the trace does not show the secret: $out");
        check(!str_contains($out, substr($gcm, 0, 15)) && !str_contains($out, substr($cbc, 0, 15)), "php -n, $what: nor the token: $out");
        check(!str_contains($out, 'zego-test-dir'), "php -n, $what: nor the library's path: $out");
    }
}
// var_dump, print_r and var_export of a generator show no secret (it is not kept).
$g2 = new Generator(5, SECRET);
ob_start();
var_dump($g2);
print_r($g2);
$dump = (string) ob_get_clean();
check($dump !== '' && !str_contains($dump, substr(SECRET, 0, 6)), 'var_dump/print_r of a Generator show no secret');
unset($g2);

// ---- no leak: RSS stays flat across many calls of every function, errors included
function rss_kib(): int
{
    return (int) explode(' ', (string) file_get_contents('/proc/self/statm'))[1] * 4;
}
$run = function (int $n) use ($cbc): void {
    for ($i = 0; $i < $n; $i++) {
        $g = new Generator(1, SECRET);
        $t = $g->generate('user', 60, 'payload');
        ZegoToken::verify($t, SECRET, 1);
        ZegoToken::decode(ZegoToken::generateToken04(1, 'user', SECRET, 60, 'payload'), SECRET);
        ZegoToken::buildRtcRoomPayload('room', true, false, ['a', 'b']);
        ZegoServerAssistant::generateToken04(1, 'user', SECRET, 60, '');
        code_of(fn() => ZegoToken::generateToken04(1, 'user', 'short', 60));
        code_of(fn() => ZegoToken::verify($cbc, SECRET, 42));
        unset($g);
    }
};
$run(5000);
$before = rss_kib();
$run(30000);
$after = rss_kib();
check($after - $before < 2048, "RSS flat over 30,000 rounds of every call ($before KiB -> $after KiB)");

// ---- the conformance table, shared by every layer ----
require __DIR__ . '/conformance.php';
conformance_run($data . 'conformance.json');

printf("php: %d passed, %d failed\n", $passed, $failed);
exit($failed === 0 && $passed > 0 ? 0 : 1);
