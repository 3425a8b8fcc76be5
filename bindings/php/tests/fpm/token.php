<?php
/**
 * The app script bindings/php/ci-test.sh serves through php-fpm: generates tokens with every API
 * and verifies one, then prints JSON. The test copies it into a composer app (public/token.php).
 * ?user=NAME chooses the user id. On failure it prints {"error", "code"} with status 500.
 */

declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use ZEGO\ZegoServerAssistant;
use ZegoToken\Generator;
use ZegoToken\ZegoToken;
use ZegoToken\ZegoTokenException;

header('Content-Type: application/json');
$appId = 1234567;
$secret = 'fa94dd0f974cf2e293728a526b028271';   // a test secret; a real app reads its own from config
$user = (string) ($_GET['user'] ?? 'fpm-user');
try {
    $payload = ZegoToken::buildRtcRoomPayload('room-1', true, false, ['stream-1']);
    $generator = new Generator($appId, $secret);
    $gcm = $generator->generate($user, 3600, $payload);
    $verified = ZegoToken::verify($gcm, $secret, $appId);
    $official = ZegoServerAssistant::generateToken04($appId, $user, $secret, 600, '');
    echo json_encode([
        'sapi' => PHP_SAPI,
        'ffi_enable' => ini_get('ffi.enable'),
        'preloaded_classes' => class_exists(ZegoToken::class, false) && (opcache_get_status(false)['preload_statistics'] ?? null) !== null,
        'library' => ZegoToken::version(),
        'payload' => $payload,
        'gcm' => $gcm,
        'verified_user' => $verified->userId,
        'cbc' => ZegoToken::generateToken04($appId, $user, $secret, 60),
        'official' => ['code' => $official->code, 'message' => $official->message, 'token' => $official->token],
        'official_error' => ZegoServerAssistant::generateToken04($appId, $user, 'short', 600, '')->code,
        'zego_token_lib_visible' => getenv('ZEGO_TOKEN_LIB') !== false,
    ]), "\n";
} catch (ZegoTokenException $e) {
    http_response_code(500);
    echo json_encode(['error' => $e->getMessage(), 'code' => $e->getCode()], JSON_UNESCAPED_SLASHES), "\n";
}
