<?php

declare(strict_types=1);

namespace ZegoToken;

/**
 * A failed call. getCode() is the library's numeric code (the constants of ErrorCode, generated
 * from the library's error table; 1, 3, 5 and 6 are
 * the official ZEGO codes, 100 and above the library's own), or LIBRARY_UNAVAILABLE (-1) when the
 * shared library could not be loaded (the message then names the setting to change).
 * getMessage() is the library's description of the code; it never contains an argument's value.
 * For decode and verify, getHint() is the library's hint for the token (the likely mistake, such
 * as a '+' that a URL query turned into a space; see ZegoToken::hint()), or null when it shows
 * none; it never contains any part of the token either.
 */
class ZegoTokenException extends \Exception implements ErrorCode
{
    public const LIBRARY_UNAVAILABLE = -1;

    private ?string $hint;

    public function __construct(string $message = '', int $code = 0, ?\Throwable $previous = null, ?string $hint = null)
    {
        parent::__construct($message, $code, $previous);
        $this->hint = $hint;
    }

    /** The library's hint for the token of a failed decode or verify, or null. */
    public function getHint(): ?string
    {
        return $this->hint;
    }
}
