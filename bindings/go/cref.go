//go:build cgo && zegotoken_bench

package zegotoken

// The C reference for bench.sh (built only with -tags zegotoken_bench): the same calls as
// examples/c/bench.c, n times in one C loop, so that Go and C can be timed alternately in one
// process, each round a few milliseconds apart (the machine's drift then affects both alike).

/*
#include <stdint.h>
#include <stdlib.h>
#include "zego_token.h"

static int32_t zt_cref(int kind, uintptr_t gen, const char *user, const char *secret,
                       const char *payload, long n) {
	for (long i = 0; i < n; i++) {
		char *t = NULL;
		int32_t rc;
		switch (kind) {
		case 0: rc = zego_generate_token04(1, user, secret, 3600, payload, &t); break;
		case 1: rc = zego_generate_token04_gcm(1, user, secret, 3600, payload, &t); break;
		default: rc = zego_token04_generator_generate((const ZegoToken04Generator *)gen, user, 3600, payload, &t);
		}
		if (rc != 0) return rc;
		zego_string_free(t);
	}
	return 0;
}
*/
import "C"

import "unsafe"

// cReference makes n tokens in C: kind 0 one-shot CBC, 1 one-shot GCM, 2 with g's generator.
func cReference(kind int, g *Generator, user, secret, payload string, n int) error {
	// The NUL-terminated copies are made once per round, outside the timed C loop.
	cu, cs, cp := C.CString(user), C.CString(secret), C.CString(payload)
	defer C.free(unsafe.Pointer(cu))
	defer C.free(unsafe.Pointer(cs))
	defer C.free(unsafe.Pointer(cp))
	var gen C.uintptr_t
	if g != nil {
		gen = g.gen
	}
	if rc := C.zt_cref(C.int(kind), gen, cu, cs, cp, C.long(n)); rc != 0 {
		return codeError(rc)
	}
	return nil
}
