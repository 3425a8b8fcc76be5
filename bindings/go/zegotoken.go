// Package zegotoken generates, decodes and verifies ZEGO token04 authentication tokens with the
// zego-token C library, linked in at build time (statically by default: the program needs no
// libzego_token.so at run time).
//
// Building needs cgo (a C compiler) and pkg-config finding the library: run `make install` in the
// zego-token repository once (or point PKG_CONFIG_PATH at an install prefix's lib/pkgconfig).
// Build with -tags zegotoken_dynamic to link libzego_token.so instead. Every function and
// Generator method is safe for concurrent use.
package zegotoken

/*
#include <stdlib.h>
#include "zego_token.h"

// One result crosses back to Go by value, so no Go pointer to an output variable is passed
// (which would make the variable escape to the heap).
typedef struct {
	int32_t rc;
	size_t len;
} zt_result;

// Go strings cross as they are (_GoString_: pointer and length, no copy) to the library's
// length-delimited calls, which apply the one rule for NULs, UTF-8 and lengths. An empty string
// may have a NULL pointer, which the library would read as "no string": give it a real one.
#define ZT_PTR(s) (_GoStringLen(s) ? _GoStringPtr(s) : "")
#define ZT_STR(s) ZT_PTR(s), (size_t)_GoStringLen(s)

// A one-shot token, written by the library straight into buf (a pooled Go buffer): no C
// allocation. ZEGO_BUFFER_TOO_SMALL gives in len the size that suffices.
static zt_result zt_oneshot(int gcm, uint32_t app_id, _GoString_ user, _GoString_ secret,
                            int64_t ttl, _GoString_ payload, char *buf, size_t cap) {
	zt_result r = {0, 0};
	r.rc = (gcm ? zego_generate_token04_gcm_into_n : zego_generate_token04_into_n)(
		app_id, ZT_STR(user), ZT_STR(secret), ttl, ZT_STR(payload), buf, cap, &r.len);
	return r;
}

// The generator comes as an integer: a pointer to an opaque C type would be checked by cgo's
// pointer check, which makes it escape (a heap allocation per call).
static zt_result zt_generate_into(uintptr_t g, _GoString_ user, int64_t ttl,
                                  _GoString_ payload, char *buf, size_t cap) {
	zt_result r = {0, 0};
	r.rc = zego_token04_generator_generate_into_n((const ZegoToken04Generator *)g, ZT_STR(user), ttl,
	                                              ZT_STR(payload), buf, cap, &r.len);
	return r;
}

static int32_t zt_decode(_GoString_ token, _GoString_ secret, ZegoToken04Claims *out) {
	return zego_token04_decode_n(ZT_STR(token), ZT_STR(secret), out);
}

static int32_t zt_verify(_GoString_ token, _GoString_ secret, uint32_t app_id, int64_t now,
                         uint32_t flags, ZegoToken04Claims *out) {
	return zego_token04_verify_flags_n(ZT_STR(token), ZT_STR(secret), app_id, now, flags, out);
}

static int32_t zt_generator_new(uint32_t app_id, _GoString_ secret, int32_t mode,
                                ZegoToken04Generator **out) {
	return zego_token04_generator_new_n(app_id, ZT_STR(secret), mode, out);
}

static const char *zt_hint(_GoString_ token) { return zego_token04_hint_n(ZT_STR(token)); }

static void zt_generator_free(uintptr_t g) { zego_token04_generator_free((ZegoToken04Generator *)g); }
*/
import "C"

import (
	"runtime"
	"sync"
	"time"
	"unsafe"
)

// The flag AllowCBC sets is the header's (the error codes are checked in codes_check_gen.go,
// generated from the library's error table): a difference fails compilation.
var _ = [1]int{}[1-C.ZEGO_VERIFY_ALLOW_CBC]

func message(code int) string { return C.GoString(C.zego_error_message(C.int32_t(code))) }

func codeError(code C.int32_t) error {
	return &Error{Code: int(code), Message: message(int(code))}
}

// tokenError is codeError for Decode and Verify: the error carries the token's hint.
func tokenError(code C.int32_t, token string) error {
	return &Error{Code: int(code), Message: message(int(code)), Hint: TokenHint(token)}
}

// TokenHint names the likely mistake when token is malformed in one of the usual ways (a '+'
// that a URL query turned into a space, a trailing newline, quotes, URL encoding, a missing
// "04", a truncated token...), read from its text alone, or returns "" when it shows none (a
// wrong secret cannot be seen this way). The hint is one of the library's fixed English
// sentences: it never contains any part of the token. Decode and Verify put it in Error.Hint.
func TokenHint(token string) string {
	h := C.zt_hint(token)
	if h == nil {
		return ""
	}
	return C.GoString(h)
}

// Version is the linked library's version, "MAJOR.MINOR.PATCH".
func Version() string { return C.GoString(C.zego_token_version()) }

// headerVersion is the version of the header in this module (zego_token.h); the tests check
// that the linked library is the same.
const headerVersion = C.ZEGO_TOKEN_VERSION

// scratch is a pooled Go buffer that the library writes a token into: no C allocation, no
// per-call Go allocation but the returned string. It holds no Go pointers, so C may use it
// during a call.
type scratch struct{ b []byte }

var scratchPool = sync.Pool{New: func() interface{} { return &scratch{b: make([]byte, 1024)} }}

// keepScratch is the largest buffer returned to the pool (huge payloads do not stay pinned).
const keepScratch = 16 << 10

func getScratch(n int) *scratch {
	s := scratchPool.Get().(*scratch)
	if len(s.b) < n {
		s.b = make([]byte, n+n/4)
	}
	return s
}

func putScratch(s *scratch) {
	if len(s.b) <= keepScratch {
		scratchPool.Put(s)
	}
}

// tokenRoom is a first guess at the bytes a token needs: a fixed part (header, claims' keys and
// numbers, tag, padding: under 300 base64 characters) plus 4/3 of the user id and payload, with
// room for some JSON escaping. A guess too small costs a second try, never a wrong result.
func tokenRoom(userID, payload string) int { return 384 + 2*(len(userID)+len(payload)) }

func generate(gcm C.int, appID uint32, userID, secret string, ttl int64, payload string) (string, error) {
	s := getScratch(tokenRoom(userID, payload))
	out := s.b
	r := C.zt_oneshot(gcm, C.uint32_t(appID), userID, secret, C.int64_t(ttl), payload,
		(*C.char)(unsafe.Pointer(&out[0])), C.size_t(len(out)))
	if r.rc == C.ZEGO_BUFFER_TOO_SMALL { // only with heavily escaped input: retry with the size asked for
		if len(s.b) < int(r.len) {
			s.b = make([]byte, r.len)
		}
		out = s.b
		r = C.zt_oneshot(gcm, C.uint32_t(appID), userID, secret, C.int64_t(ttl), payload,
			(*C.char)(unsafe.Pointer(&out[0])), C.size_t(len(out)))
	}
	if r.rc != C.ZEGO_SUCCESS {
		putScratch(s)
		return "", codeError(r.rc)
	}
	token := string(out[:r.len])
	putScratch(s)
	return token, nil
}

// GenerateToken04 returns a CBC token04 (the original format, accepted by every ZEGO server),
// with the official Go SDK's signature: replacing its import path with this package's is the
// whole migration. Errors are *Error with the official codes 1, 3, 5, 6 (and 101, 102 for a
// payload that is not UTF-8 or too large).
func GenerateToken04(appId uint32, userId string, secret string, effectiveTimeInSeconds int64, payload string) (string, error) {
	return generate(0, appId, userId, secret, effectiveTimeInSeconds, payload)
}

// GenerateToken04GCM returns a GCM token04 (authenticated; the current official recommendation).
// Arguments and errors as for GenerateToken04.
func GenerateToken04GCM(appID uint32, userID, secret string, effectiveTimeInSeconds int64, payload string) (string, error) {
	return generate(1, appID, userID, secret, effectiveTimeInSeconds, payload)
}

func claimsFrom(c *C.ZegoToken04Claims) Claims {
	mode := ModeCBC
	if c.mode == C.ZEGO_TOKEN_MODE_GCM {
		mode = ModeGCM
	}
	return Claims{
		AppID:   uint32(c.app_id),
		UserID:  C.GoString(c.user_id),
		Nonce:   int64(c.nonce),
		Ctime:   int64(c.ctime),
		Expire:  int64(c.expire),
		Payload: C.GoString(c.payload),
		Mode:    mode,
	}
}

// Decode decrypts token with secret and returns its claims, in either mode and from any official
// generator. It checks neither the expiry nor the app id, and accepts unauthenticated CBC tokens:
// to accept a token from a client, use Verify.
func Decode(token, secret string) (Claims, error) {
	var c C.ZegoToken04Claims
	rc := C.zt_decode(token, secret, &c)
	if rc != C.ZEGO_SUCCESS {
		return Claims{}, tokenError(rc, token)
	}
	defer C.zego_token04_claims_free(&c)
	return claimsFrom(&c), nil
}

// Verify accepts token only if it is a GCM token (a CBC token gives ErrTokenModeNotAllowed unless
// AllowCBC() is passed), it decrypts and authenticates with secret, it was issued for appID (else
// ErrTokenAppIDMismatch) and it has not expired at now (else ErrTokenExpired: expire <= now).
func Verify(token, secret string, appID uint32, now time.Time, opts ...VerifyOption) (Claims, error) {
	var o verifyOptions
	for _, opt := range opts {
		opt(&o)
	}
	var c C.ZegoToken04Claims
	rc := C.zt_verify(token, secret, C.uint32_t(appID), C.int64_t(now.Unix()), C.uint32_t(o.flags), &c)
	if rc != C.ZEGO_SUCCESS {
		return Claims{}, tokenError(rc, token)
	}
	defer C.zego_token04_claims_free(&c)
	return claimsFrom(&c), nil
}

// BuildRTCRoomPayload builds the payload of a strict token, as the official samples do:
// {"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}. An empty roomID means any
// room; nil streamIDs gives null (any stream), a non-nil slice an array of its ids.
func BuildRTCRoomPayload(roomID string, canLoginRoom, canPublishStream bool, streamIDs []string) (string, error) {
	size := len(roomID) + 1
	for _, id := range streamIDs {
		size += len(id)
	}
	// One C block: the arrays of stream id pointers and lengths, then the strings (C memory,
	// because the array holds pointers). The library checks every string.
	n := len(streamIDs)
	ptrBytes := n * int(unsafe.Sizeof((*C.char)(nil)))
	lenBytes := n * int(unsafe.Sizeof(C.size_t(0)))
	block := C.malloc(C.size_t(ptrBytes + lenBytes + size))
	if block == nil {
		return "", codeError(C.ZEGO_INTERNAL_ERROR)
	}
	defer C.free(block)
	data := unsafe.Slice((*byte)(unsafe.Add(block, ptrBytes+lenBytes)), size)
	off := copy(data, roomID)
	room := (*C.char)(unsafe.Pointer(&data[0]))
	var ids **C.char
	var lens *C.size_t
	if streamIDs != nil {
		ids = (**C.char)(block)
		lens = (*C.size_t)(unsafe.Add(block, ptrBytes))
		ptrs, ls := unsafe.Slice(ids, n), unsafe.Slice(lens, n)
		for i, id := range streamIDs {
			ptrs[i], ls[i] = (*C.char)(unsafe.Pointer(&data[off])), C.size_t(len(id))
			off += copy(data[off:], id)
		}
	}
	var out *C.char
	rc := C.zego_build_rtc_room_payload_n(room, C.size_t(len(roomID)), boolInt(canLoginRoom), boolInt(canPublishStream),
		ids, lens, C.size_t(n), &out)
	if rc != C.ZEGO_SUCCESS {
		return "", codeError(rc)
	}
	defer C.zego_string_free(out)
	return C.GoString(out), nil
}

func boolInt(b bool) C.int32_t {
	if b {
		return 1
	}
	return 0
}

// Generator makes tokens for one app id, secret and mode with the AES key expanded once: the
// fastest way to make many tokens. It is safe for concurrent use by any number of goroutines,
// Close included. Close it when done; a finalizer frees it otherwise, as a safety net only.
type Generator struct {
	mu    sync.RWMutex // read-held by Generate, write-held by Close
	gen   C.uintptr_t  // the C generator; 0 once closed
	appID uint32
	mode  Mode
}

// NewGenerator creates a Generator (mode ModeGCM or ModeCBC). The secret is not kept. Errors:
// ErrAppIDInvalid, ErrSecretInvalid, ErrModeInvalid, in that order.
func NewGenerator(appID uint32, secret string, mode Mode) (*Generator, error) {
	var cmode C.int32_t
	switch mode {
	case ModeCBC:
		cmode = C.ZEGO_TOKEN_MODE_CBC
	case ModeGCM:
		cmode = C.ZEGO_TOKEN_MODE_GCM
	default:
		cmode = -1
	}
	var gen *C.ZegoToken04Generator
	rc := C.zt_generator_new(C.uint32_t(appID), secret, cmode, &gen)
	if rc != C.ZEGO_SUCCESS {
		return nil, codeError(rc)
	}
	g := &Generator{gen: C.uintptr_t(uintptr(unsafe.Pointer(gen))), appID: appID, mode: mode}
	runtime.SetFinalizer(g, (*Generator).Close)
	return g, nil
}

// AppID is the app id the generator makes tokens for (0 for a nil *Generator).
func (g *Generator) AppID() uint32 {
	if g == nil {
		return 0
	}
	return g.appID
}

// Mode is the generator's mode ("" for a nil *Generator).
func (g *Generator) Mode() Mode {
	if g == nil {
		return ""
	}
	return g.mode
}

// Generate returns a token for userID valid for effectiveTimeInSeconds, with payload. Errors as
// for GenerateToken04, ErrClosed after Close, and ErrNullArgument for a nil *Generator (such as
// the one NewGenerator returns with an error).
func (g *Generator) Generate(userID string, effectiveTimeInSeconds int64, payload string) (string, error) {
	if g == nil {
		return "", ErrNullArgument
	}
	s := getScratch(tokenRoom(userID, payload))
	g.mu.RLock()
	if g.gen == 0 {
		g.mu.RUnlock()
		putScratch(s)
		return "", ErrClosed
	}
	out := s.b
	r := C.zt_generate_into(g.gen, userID, C.int64_t(effectiveTimeInSeconds), payload,
		(*C.char)(unsafe.Pointer(&out[0])), C.size_t(len(out)))
	if r.rc == C.ZEGO_BUFFER_TOO_SMALL { // only with heavily escaped input: retry with the exact size
		if len(s.b) < int(r.len) {
			s.b = make([]byte, r.len)
		}
		out = s.b
		r = C.zt_generate_into(g.gen, userID, C.int64_t(effectiveTimeInSeconds), payload,
			(*C.char)(unsafe.Pointer(&out[0])), C.size_t(len(out)))
	}
	g.mu.RUnlock()
	if r.rc != C.ZEGO_SUCCESS {
		putScratch(s)
		return "", codeError(r.rc)
	}
	token := string(out[:r.len])
	putScratch(s)
	return token, nil
}

// Close frees the generator and zeroizes its expanded key, waiting for Generate calls in progress.
// Generate afterwards returns ErrClosed; closing twice, or a nil *Generator, is a no-op. It always
// returns nil.
func (g *Generator) Close() error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.gen != 0 {
		C.zt_generator_free(g.gen)
		g.gen = 0
		runtime.SetFinalizer(g, nil)
	}
	return nil
}
