<?php

declare(strict_types=1);

namespace ZegoToken;

/**
 * A failed call. getCode() is the library's numeric code (the constants below; 1, 3, 5 and 6 are
 * the official ZEGO codes, 100 and above the library's own), or LIBRARY_UNAVAILABLE (-1) when the
 * shared library could not be loaded (the message then names the setting to change).
 * getMessage() is the library's description of the code; it never contains an argument's value.
 */
class ZegoTokenException extends \Exception
{
    public const LIBRARY_UNAVAILABLE = -1;
    public const APP_ID_INVALID = 1;
    public const USER_ID_INVALID = 3;
    public const SECRET_INVALID = 5;
    public const EFFECTIVE_TIME_IN_SECONDS_INVALID = 6;
    public const NULL_ARGUMENT = 100;
    public const PAYLOAD_INVALID = 101;
    public const PAYLOAD_TOO_LARGE = 102;
    public const RANDOM_FAILED = 103;
    public const INTERNAL_ERROR = 104;
    public const BUFFER_TOO_SMALL = 105;
    public const MODE_INVALID = 106;
    public const FLAGS_INVALID = 108;
    public const ROOM_ID_INVALID = 110;
    public const STREAM_ID_INVALID = 111;
    public const PRIVILEGE_INVALID = 112;
    public const TOKEN_PREFIX_INVALID = 120;
    public const TOKEN_BASE64_INVALID = 121;
    public const TOKEN_TRUNCATED = 122;
    public const TOKEN_TRAILING_DATA = 123;
    public const TOKEN_MODE_INVALID = 124;
    public const TOKEN_IV_LENGTH_INVALID = 125;
    public const TOKEN_DECRYPT_FAILED = 126;
    public const TOKEN_AUTHENTICATION_FAILED = 127;
    public const TOKEN_PLAINTEXT_NOT_UTF8 = 128;
    public const TOKEN_PLAINTEXT_NOT_JSON = 129;
    public const TOKEN_CLAIMS_INVALID = 130;
    public const TOKEN_EXPIRE_MISMATCH = 131;
    public const TOKEN_APP_ID_MISMATCH = 132;
    public const TOKEN_EXPIRED = 133;
    public const TOKEN_MODE_NOT_ALLOWED = 134;
}
