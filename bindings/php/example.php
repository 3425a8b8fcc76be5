<?php
// Print a GCM token and its claims: ZEGO_TOKEN_LIB=... php example.php
require __DIR__ . '/src/ZegoToken.php';
$secret = getenv('ZEGO_SERVER_SECRET') ?: 'fa94dd0f974cf2e293728a526b028271';
$token = ZegoToken::generateToken04(1, 'demo', $secret, 3600, '', 'gcm');
echo $token, "\n";
echo json_encode(ZegoToken::decode($token, $secret), JSON_UNESCAPED_UNICODE), "\n";
