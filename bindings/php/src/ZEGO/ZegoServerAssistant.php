<?php

declare(strict_types=1);

namespace ZEGO;

use ZegoToken\ZegoToken;
use ZegoToken\ZegoTokenException;

/**
 * The official PHP SDK's call shape, backed by the zego-token library: errors are returned in the
 * result's $code and $message, not thrown. Only a library that cannot be loaded at all throws
 * ZegoToken\ZegoTokenException (code -1, a deployment error that no caller should miss).
 */
class ZegoServerAssistant
{
    /**
     * A CBC token04, as the official generateToken04. Its parameters keep the official `int`
     * types (a caller without strict_types may pass "123" as it could to the official SDK);
     * the secret is kept out of stack traces.
     */
    public static function generateToken04(
        int $appId,
        string $userId,
        #[\SensitiveParameter] string $secret,
        int $effectiveTimeInSeconds,
        string $payload = ''
    ): ZegoAssistantToken {
        $result = new ZegoAssistantToken();
        try {
            $result->token = ZegoToken::generateToken04($appId, $userId, $secret, $effectiveTimeInSeconds, $payload, 'cbc');
            $result->code = ZegoErrorCodes::success;
            $result->message = 'success';
        } catch (ZegoTokenException $e) {
            if ($e->getCode() === ZegoTokenException::LIBRARY_UNAVAILABLE) {
                throw $e;
            }
            $result->code = $e->getCode();
            $result->message = $e->getMessage();
        }
        return $result;
    }
}
