<?php
// Prints a GCM token, its verified claims and an official-shape CBC token.
//   php example.php [path/to/vendor/autoload.php]      (ZEGO_SERVER_SECRET overrides the demo secret)
declare(strict_types=1);

require $argv[1] ?? __DIR__ . '/vendor/autoload.php';

use ZEGO\ZegoErrorCodes;
use ZEGO\ZegoServerAssistant;
use ZegoToken\Generator;
use ZegoToken\ZegoToken;
use ZegoToken\ZegoTokenException;

$appId = 1;
$secret = getenv('ZEGO_SERVER_SECRET') ?: 'fa94dd0f974cf2e293728a526b028271';

$payload = ZegoToken::buildRtcRoomPayload('demo-room', true, false);
$generator = new Generator($appId, $secret);            // GCM
$token = $generator->generate('demo', 3600, $payload);
echo $token, "\n";
echo json_encode(ZegoToken::verify($token, $secret, $appId), JSON_UNESCAPED_UNICODE), "\n";

$result = ZegoServerAssistant::generateToken04($appId, 'demo', $secret, 3600, '');   // CBC, as the official SDK
if ($result->code !== ZegoErrorCodes::success) {
    exit("error {$result->code}: {$result->message}\n");
}
echo $result->token, "\n";

try {
    ZegoToken::generateToken04($appId, 'demo', 'not-a-32-byte-secret', 3600);
} catch (ZegoTokenException $e) {
    echo 'error ', $e->getCode(), ': ', $e->getMessage(), "\n";
}
