<?php
// ns/token through the PHP binding: one-shot CBC (ZegoToken::generateToken04) and the GCM
// Generator, in short interleaved rounds (median per API; short rounds are rarely preempted on a
// shared machine, as in the C bench). Usage: php bench.php [ROUNDS] [N] > php.json
// Loads the package through vendor/autoload.php when given ZEGO_TOKEN_AUTOLOAD, else src/.
// With ZEGO_TOKEN_CREF (bench_cref.c built into a shared library, as bench.sh does), each PHP
// round alternates with a round of the same calls in a C loop, and "<api>_ratio" is the median of
// the per-round ratios PHP / C: the C call measured in the same process, minutes apart from nothing.
declare(strict_types=1);

$autoload = getenv('ZEGO_TOKEN_AUTOLOAD');
if (is_string($autoload) && $autoload !== '') {
    require $autoload;
} else {
    spl_autoload_register(static function (string $class): void {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', $class) . '.php';
        if (is_file($file)) {
            require $file;
        }
    });
}

use ZegoToken\Generator;
use ZegoToken\ZegoToken;

$rounds = (int) ($argv[1] ?? 101);
$n = (int) ($argv[2] ?? 1000);
$secret = 'fa94dd0f974cf2e293728a526b028271';
$payload = '{"room_id":"room-0001","privilege":{"1":1,"2":1},"stream_id_list":null}';
$user = 'user-000001';
$gcm = new Generator(1, $secret, 'gcm');
$cbc = new Generator(1, $secret, 'cbc');

$apis = [
    'oneshot_cbc' => static function () use ($n, $secret, $payload, $user): void {
        for ($i = 0; $i < $n; $i++) {
            ZegoToken::generateToken04(1, $user, $secret, 3600, $payload);
        }
    },
    'oneshot_gcm' => static function () use ($n, $secret, $payload, $user): void {
        for ($i = 0; $i < $n; $i++) {
            ZegoToken::generateToken04(1, $user, $secret, 3600, $payload, 'gcm');
        }
    },
    'generator_gcm' => static function () use ($n, $gcm, $payload, $user): void {
        for ($i = 0; $i < $n; $i++) {
            $gcm->generate($user, 3600, $payload);
        }
    },
    'generator_cbc' => static function () use ($n, $cbc, $payload, $user): void {
        for ($i = 0; $i < $n; $i++) {
            $cbc->generate($user, 3600, $payload);
        }
    },
];
$cref = getenv('ZEGO_TOKEN_CREF');
$c = null;
if (is_string($cref) && $cref !== '') {
    $c = FFI::cdef('int32_t zt_cref(int kind, const char *user, const char *secret, const char *payload, long n);', $cref);
}
$kinds = ['oneshot_cbc' => 0, 'oneshot_gcm' => 1, 'generator_gcm' => 2, 'generator_cbc' => 3];
$samples = array_fill_keys(array_keys($apis), []);
$ratios = array_fill_keys(array_keys($apis), []);
$cSamples = array_fill_keys(array_keys($apis), []);
foreach ($apis as $name => $f) {
    $f();   // warm up
    if ($c !== null && $c->zt_cref($kinds[$name], $user, $secret, $payload, $n) !== 0) {
        fwrite(STDERR, "bench_cref failed\n");
        exit(1);
    }
}
for ($r = 0; $r < $rounds; $r++) {
    foreach ($apis as $name => $f) {
        $t0 = hrtime(true);
        $f();
        $php = (hrtime(true) - $t0) / $n;
        $samples[$name][] = $php;
        if ($c !== null) {
            $t0 = hrtime(true);
            $c->zt_cref($kinds[$name], $user, $secret, $payload, $n);
            $cns = (hrtime(true) - $t0) / $n;
            $cSamples[$name][] = $cns;
            $ratios[$name][] = $php / $cns;
        }
    }
}
$median = static function (array $s): float {
    sort($s);
    return $s[intdiv(count($s), 2)];
};
$result = [];
foreach ($samples as $name => $s) {
    sort($s);
    $result[$name] = round($median($s), 1);
    $result[$name . '_best'] = round($s[0], 1);
    if ($c !== null) {
        $result[$name . '_c'] = round($median($cSamples[$name]), 1);
        $result[$name . '_ratio'] = round($median($ratios[$name]), 3);
    }
}
echo json_encode($result), "\n";
