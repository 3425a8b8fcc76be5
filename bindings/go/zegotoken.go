// Package zegotoken generates and decodes ZEGO token04 authentication tokens through the
// zego-token shared library (libzego_token.so).
//
// The library is loaded on first use from the path in the ZEGO_TOKEN_LIB environment variable, or
// else from the system loader path (libzego_token.so.0). Every function is safe for concurrent use.
package zegotoken

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>
#include "zego_token.h"

typedef int32_t (*zt_generate_fn)(uint32_t, const char *, const char *, int64_t, const char *, char **);
typedef int32_t (*zt_decode_fn)(const char *, const char *, ZegoToken04Claims *);
typedef void (*zt_free_fn)(char *);
typedef void (*zt_claims_free_fn)(ZegoToken04Claims *);
typedef const char *(*zt_message_fn)(int32_t);

static zt_generate_fn zt_generate, zt_generate_gcm;
static zt_decode_fn zt_decode;
static zt_free_fn zt_free;
static zt_claims_free_fn zt_claims_free;
static zt_message_fn zt_message;

// Loads the library; returns NULL on success or a static/dlerror message.
static const char *zt_load(const char *path) {
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) return dlerror();
	zt_generate = (zt_generate_fn)dlsym(h, "zego_generate_token04");
	zt_generate_gcm = (zt_generate_fn)dlsym(h, "zego_generate_token04_gcm");
	zt_decode = (zt_decode_fn)dlsym(h, "zego_token04_decode");
	zt_free = (zt_free_fn)dlsym(h, "zego_string_free");
	zt_claims_free = (zt_claims_free_fn)dlsym(h, "zego_token04_claims_free");
	zt_message = (zt_message_fn)dlsym(h, "zego_error_message");
	if (!zt_generate || !zt_generate_gcm || !zt_decode || !zt_free || !zt_claims_free || !zt_message)
		return "the library lacks zego_* functions (too old?)";
	return NULL;
}

// Generates a token; the string is copied out and freed here, so Go never holds C memory.
static int32_t zt_generate_copy(int gcm, uint32_t app_id, const char *user, const char *secret,
                                int64_t ttl, const char *payload, char **out) {
	return (gcm ? zt_generate_gcm : zt_generate)(app_id, user, secret, ttl, payload, out);
}
static int32_t zt_decode_call(const char *token, const char *secret, ZegoToken04Claims *c) { return zt_decode(token, secret, c); }
static void zt_free_call(char *s) { zt_free(s); }
static void zt_claims_free_call(ZegoToken04Claims *c) { zt_claims_free(c); }
static const char *zt_message_call(int32_t code) { return zt_message(code); }
*/
import "C"

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"unsafe"
)

// Official error codes (the library adds its own, 100 and above; see zego_token.h).
const (
	CodeSuccess                       = 0
	CodeAppIDInvalid                  = 1
	CodeUserIDInvalid                 = 3
	CodeSecretInvalid                 = 5
	CodeEffectiveTimeInSecondsInvalid = 6
	CodePayloadInvalid                = 101
	CodeTokenBase64Invalid            = 121
)

// Error is a failed call: Code is the library's numeric code.
type Error struct {
	Code    int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("zegotoken: %s (code %d)", e.Message, e.Code) }

// Claims are the contents of a decoded token.
type Claims struct {
	AppID   uint32
	UserID  string
	Nonce   int64
	Ctime   int64
	Expire  int64
	Payload string
	Mode    string // "cbc" or "gcm"
}

var (
	loadOnce sync.Once
	loadErr  error
)

func load() error {
	loadOnce.Do(func() {
		candidates := []string{"libzego_token.so.0", "libzego_token.so"}
		if p := os.Getenv("ZEGO_TOKEN_LIB"); p != "" {
			candidates = []string{p}
		}
		var reasons []string
		for _, path := range candidates {
			cpath := C.CString(path)
			msg := C.zt_load(cpath)
			C.free(unsafe.Pointer(cpath))
			if msg == nil {
				return
			}
			reasons = append(reasons, C.GoString(msg))
		}
		loadErr = fmt.Errorf("zegotoken: cannot load the zego-token library: set ZEGO_TOKEN_LIB to the path of libzego_token.so, or install it on the system loader path (ld.so): %s",
			strings.Join(reasons, "; "))
	})
	return loadErr
}

func codeError(code C.int32_t) error {
	return &Error{Code: int(code), Message: C.GoString(C.zt_message_call(code))}
}

// cString converts s for C; a NUL inside s would silently cut it short, so it is an error.
func cString(s string, code int) (*C.char, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, codeError(C.int32_t(code))
	}
	return C.CString(s), nil
}

func generate(gcm bool, appID uint32, userID, secret string, effectiveTimeInSeconds int64, payload string) (string, error) {
	if err := load(); err != nil {
		return "", err
	}
	if appID == 0 {
		return "", codeError(CodeAppIDInvalid)
	}
	cu, err := cString(userID, CodeUserIDInvalid)
	if err != nil {
		return "", err
	}
	defer C.free(unsafe.Pointer(cu))
	cs, err := cString(secret, CodeSecretInvalid)
	if err != nil {
		return "", err
	}
	defer C.free(unsafe.Pointer(cs))
	cp, err := cString(payload, CodePayloadInvalid)
	if err != nil {
		return "", err
	}
	defer C.free(unsafe.Pointer(cp))
	var out *C.char
	mode := C.int(0)
	if gcm {
		mode = 1
	}
	rc := C.zt_generate_copy(mode, C.uint32_t(appID), cu, cs, C.int64_t(effectiveTimeInSeconds), cp, &out)
	if rc != 0 {
		return "", codeError(rc)
	}
	token := C.GoString(out)
	C.zt_free_call(out)
	return token, nil
}

// GenerateToken04 returns a CBC token04 (the original format).
func GenerateToken04(appID uint32, userID, secret string, effectiveTimeInSeconds int64, payload string) (string, error) {
	return generate(false, appID, userID, secret, effectiveTimeInSeconds, payload)
}

// GenerateToken04GCM returns a GCM token04 (authenticated; the current official recommendation).
func GenerateToken04GCM(appID uint32, userID, secret string, effectiveTimeInSeconds int64, payload string) (string, error) {
	return generate(true, appID, userID, secret, effectiveTimeInSeconds, payload)
}

// Decode decrypts token with secret and returns its claims (either mode, any official generator).
// It does not check the expiry.
func Decode(token, secret string) (Claims, error) {
	if err := load(); err != nil {
		return Claims{}, err
	}
	cs, err := cString(secret, CodeSecretInvalid)
	if err != nil {
		return Claims{}, err
	}
	defer C.free(unsafe.Pointer(cs))
	ct, err := cString(token, CodeTokenBase64Invalid)
	if err != nil {
		return Claims{}, err
	}
	defer C.free(unsafe.Pointer(ct))
	var c C.ZegoToken04Claims
	if rc := C.zt_decode_call(ct, cs, &c); rc != 0 {
		return Claims{}, codeError(rc)
	}
	defer C.zt_claims_free_call(&c)
	mode := "cbc"
	if c.mode == 1 {
		mode = "gcm"
	}
	return Claims{
		AppID:   uint32(c.app_id),
		UserID:  C.GoString(c.user_id),
		Nonce:   int64(c.nonce),
		Ctime:   int64(c.ctime),
		Expire:  int64(c.expire),
		Payload: C.GoString(c.payload),
		Mode:    mode,
	}, nil
}
