<?php

declare(strict_types=1);

namespace ZEGO;

/** The official ZEGO error codes (ZegoAssistantToken::$code); the library's own codes are 100 and above. */
class ZegoErrorCodes
{
    const success = 0;
    const appIDInvalid = 1;
    const userIDInvalid = 3;
    const secretInvalid = 5;
    const effectiveTimeInSecondsInvalid = 6;
}
