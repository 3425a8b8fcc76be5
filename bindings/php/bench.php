<?php
// ns/token through the PHP binding (part of make bench).
require __DIR__ . '/src/ZegoToken.php';
$secret = 'fa94dd0f974cf2e293728a526b028271';
$payload = '{"room_id":"room-0001","privilege":{"1":1,"2":1},"stream_id_list":null}';
foreach (['cbc', 'gcm'] as $mode) {
    $n = 100000;
    ZegoToken::generateToken04(1, 'user-000001', $secret, 3600, $payload, $mode);
    $t0 = hrtime(true);
    for ($i = 0; $i < $n; $i++) {
        ZegoToken::generateToken04(1, 'user-000001', $secret, 3600, $payload, $mode);
    }
    printf("php generateToken04 (%s): %.0f ns/token\n", $mode, (hrtime(true) - $t0) / $n);
}
