<?php

declare(strict_types=1);

namespace ZegoToken;

/**
 * A failed call. getCode() is the library's numeric code (the constants of ErrorCode, generated
 * from the library's error table; 1, 3, 5 and 6 are
 * the official ZEGO codes, 100 and above the library's own), or LIBRARY_UNAVAILABLE (-1) when the
 * shared library could not be loaded (the message then names the setting to change).
 * getMessage() is the library's description of the code; it never contains an argument's value.
 */
class ZegoTokenException extends \Exception implements ErrorCode
{
    public const LIBRARY_UNAVAILABLE = -1;
}
