package zegotoken

// This file is plain Go (no cgo), so that a CGO_ENABLED=0 build fails with the one clear message
// of nocgo.go rather than a cascade of undefined names.

import "fmt"

// Error codes: 0, 1, 3, 5 and 6 are the official ZEGO ErrorCode values; the library's own codes are
// 100 and above and never change meaning (see zego_token.h). Each equals its ZEGO_* macro: a
// mismatch fails compilation (see codeChecks in zegotoken.go).
const (
	CodeSuccess                       = 0
	CodeAppIDInvalid                  = 1
	CodeUserIDInvalid                 = 3
	CodeSecretInvalid                 = 5
	CodeEffectiveTimeInSecondsInvalid = 6
	CodeNullArgument                  = 100
	CodePayloadInvalid                = 101
	CodePayloadTooLarge               = 102
	CodeRandomFailed                  = 103
	CodeInternalError                 = 104
	CodeBufferTooSmall                = 105
	CodeModeInvalid                   = 106
	CodeIVInvalid                     = 107
	CodeFlagsInvalid                  = 108
	CodeBufferInvalid                 = 109
	CodeRoomIDInvalid                 = 110
	CodeStreamIDInvalid               = 111
	CodePrivilegeInvalid              = 112
	CodeTokenPrefixInvalid            = 120
	CodeTokenBase64Invalid            = 121
	CodeTokenTruncated                = 122
	CodeTokenTrailingData             = 123
	CodeTokenModeInvalid              = 124
	CodeTokenIVLengthInvalid          = 125
	CodeTokenDecryptFailed            = 126
	CodeTokenAuthenticationFailed     = 127
	CodeTokenPlaintextNotUTF8         = 128
	CodeTokenPlaintextNotJSON         = 129
	CodeTokenClaimsInvalid            = 130
	CodeTokenExpireMismatch           = 131
	CodeTokenAppIDMismatch            = 132
	CodeTokenExpired                  = 133
	CodeTokenModeNotAllowed           = 134
)

// Error is a failed call: Code is the library's numeric code, Message its English description
// (never an input value, so never the secret).
type Error struct {
	Code    int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("zegotoken: %s (code %d)", e.Message, e.Code) }

// Is makes errors.Is(err, ErrTokenExpired) (any of the Err* sentinels, or any *Error) match
// errors with the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && e != nil && t.Code == e.Code
}

// Sentinels for errors.Is, one per code. Their Message is the library's (set at start-up).
var (
	ErrAppIDInvalid                  = &Error{Code: CodeAppIDInvalid}
	ErrUserIDInvalid                 = &Error{Code: CodeUserIDInvalid}
	ErrSecretInvalid                 = &Error{Code: CodeSecretInvalid}
	ErrEffectiveTimeInSecondsInvalid = &Error{Code: CodeEffectiveTimeInSecondsInvalid}
	ErrNullArgument                  = &Error{Code: CodeNullArgument}
	ErrPayloadInvalid                = &Error{Code: CodePayloadInvalid}
	ErrPayloadTooLarge               = &Error{Code: CodePayloadTooLarge}
	ErrRandomFailed                  = &Error{Code: CodeRandomFailed}
	ErrInternalError                 = &Error{Code: CodeInternalError}
	ErrBufferTooSmall                = &Error{Code: CodeBufferTooSmall}
	ErrModeInvalid                   = &Error{Code: CodeModeInvalid}
	ErrIVInvalid                     = &Error{Code: CodeIVInvalid}
	ErrFlagsInvalid                  = &Error{Code: CodeFlagsInvalid}
	ErrBufferInvalid                 = &Error{Code: CodeBufferInvalid}
	ErrRoomIDInvalid                 = &Error{Code: CodeRoomIDInvalid}
	ErrStreamIDInvalid               = &Error{Code: CodeStreamIDInvalid}
	ErrPrivilegeInvalid              = &Error{Code: CodePrivilegeInvalid}
	ErrTokenPrefixInvalid            = &Error{Code: CodeTokenPrefixInvalid}
	ErrTokenBase64Invalid            = &Error{Code: CodeTokenBase64Invalid}
	ErrTokenTruncated                = &Error{Code: CodeTokenTruncated}
	ErrTokenTrailingData             = &Error{Code: CodeTokenTrailingData}
	ErrTokenModeInvalid              = &Error{Code: CodeTokenModeInvalid}
	ErrTokenIVLengthInvalid          = &Error{Code: CodeTokenIVLengthInvalid}
	ErrTokenDecryptFailed            = &Error{Code: CodeTokenDecryptFailed}
	ErrTokenAuthenticationFailed     = &Error{Code: CodeTokenAuthenticationFailed}
	ErrTokenPlaintextNotUTF8         = &Error{Code: CodeTokenPlaintextNotUTF8}
	ErrTokenPlaintextNotJSON         = &Error{Code: CodeTokenPlaintextNotJSON}
	ErrTokenClaimsInvalid            = &Error{Code: CodeTokenClaimsInvalid}
	ErrTokenExpireMismatch           = &Error{Code: CodeTokenExpireMismatch}
	ErrTokenAppIDMismatch            = &Error{Code: CodeTokenAppIDMismatch}
	ErrTokenExpired                  = &Error{Code: CodeTokenExpired}
	ErrTokenModeNotAllowed           = &Error{Code: CodeTokenModeNotAllowed}

	// ErrClosed is returned by (*Generator).Generate after Close. Its code is CodeNullArgument,
	// so errors.Is(err, ErrNullArgument) matches it too.
	ErrClosed = &Error{Code: CodeNullArgument, Message: "the generator is closed"}
)

var sentinels = []*Error{
	ErrAppIDInvalid, ErrUserIDInvalid, ErrSecretInvalid, ErrEffectiveTimeInSecondsInvalid,
	ErrNullArgument, ErrPayloadInvalid, ErrPayloadTooLarge, ErrRandomFailed, ErrInternalError,
	ErrBufferTooSmall, ErrModeInvalid, ErrIVInvalid, ErrFlagsInvalid, ErrBufferInvalid,
	ErrRoomIDInvalid, ErrStreamIDInvalid, ErrPrivilegeInvalid, ErrTokenPrefixInvalid,
	ErrTokenBase64Invalid, ErrTokenTruncated, ErrTokenTrailingData, ErrTokenModeInvalid,
	ErrTokenIVLengthInvalid, ErrTokenDecryptFailed, ErrTokenAuthenticationFailed,
	ErrTokenPlaintextNotUTF8, ErrTokenPlaintextNotJSON, ErrTokenClaimsInvalid,
	ErrTokenExpireMismatch, ErrTokenAppIDMismatch, ErrTokenExpired, ErrTokenModeNotAllowed,
}

// Mode is a token04 encryption mode.
type Mode string

const (
	// ModeCBC is AES-256-CBC, the original format, accepted by every ZEGO server. Not
	// authenticated.
	ModeCBC Mode = "cbc"
	// ModeGCM is AES-256-GCM, authenticated; the current official recommendation.
	ModeGCM Mode = "gcm"
)

// Claims are the contents of a decoded token.
type Claims struct {
	AppID   uint32
	UserID  string
	Nonce   int64
	Ctime   int64 // creation time, Unix seconds
	Expire  int64 // expiry, Unix seconds
	Payload string
	Mode    Mode // ModeCBC ("cbc") or ModeGCM ("gcm")
}

// VerifyOption changes what Verify accepts.
type VerifyOption func(*verifyOptions)

type verifyOptions struct{ flags uint32 }

// AllowCBC makes Verify accept CBC tokens as well as GCM ones. CBC tokens are not authenticated:
// anyone holding one token can alter its bytes, and only the JSON checks stand in the way. Use it
// only for tokens from generators that cannot make GCM tokens.
func AllowCBC() VerifyOption {
	return func(o *verifyOptions) { o.flags |= 1 } // ZEGO_VERIFY_ALLOW_CBC
}
