package zegotoken

// This file is plain Go (no cgo), so that a CGO_ENABLED=0 build fails with the one clear message
// of nocgo.go rather than a cascade of undefined names.

import "fmt"

// The error codes (Code*) and their sentinels (Err*) are in codes_gen.go, generated from the
// library's error table by the repository's `make generate`.

// Error is a failed call: Code is the library's numeric code, Message its English description
// (never an input value, so never the secret). For Decode and Verify, Hint is the library's hint
// for the token (see TokenHint), "" when it shows none; it is not part of Error().
type Error struct {
	Code    int
	Message string
	Hint    string
}

func (e *Error) Error() string { return fmt.Sprintf("zegotoken: %s (code %d)", e.Message, e.Code) }

// Is makes errors.Is(err, ErrTokenExpired) (any of the Err* sentinels, or any *Error) match
// errors with the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && e != nil && t.Code == e.Code
}

var (
	// ErrClosed is returned by (*Generator).Generate after Close. Its code is CodeNullArgument,
	// so errors.Is(err, ErrNullArgument) matches it too.
	ErrClosed = &Error{Code: CodeNullArgument, Message: "the generator is closed"}
)

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
