<?php

declare(strict_types=1);

namespace ZEGO;

/** The result of ZegoServerAssistant::generateToken04: $code 0 and the $token, or an error code and $message. */
class ZegoAssistantToken
{
    /** @var int ZegoErrorCodes::success, another official code, or a library code (100 and above) */
    public $code = ZegoErrorCodes::success;
    /** @var string 'success' or the library's description of $code */
    public $message = '';
    /** @var string the token; '' on error */
    public $token = '';
}
