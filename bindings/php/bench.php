<?php
// ns/token through the PHP binding: one-shot CBC (ZegoToken::generateToken04) and the GCM
// Generator, in short interleaved rounds (median per API; short rounds are rarely preempted on a
// shared machine, as in the C bench). Usage: php bench.php [ROUNDS] [N] > php.json
// Loads the package through vendor/autoload.php when given ZEGO_TOKEN_AUTOLOAD, else src/.
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
$samples = array_fill_keys(array_keys($apis), []);
foreach ($apis as $f) {
    $f();   // warm up
}
for ($r = 0; $r < $rounds; $r++) {
    foreach ($apis as $name => $f) {
        $t0 = hrtime(true);
        $f();
        $samples[$name][] = (hrtime(true) - $t0) / $n;
    }
}
$result = [];
foreach ($samples as $name => $s) {
    sort($s);
    $result[$name] = round($s[intdiv(count($s), 2)], 1);
    $result[$name . '_best'] = round($s[0], 1);
}
echo json_encode($result), "\n";
