//go:build cgo && !zegotoken_dynamic

package zegotoken

// The default: libzego_token.a linked into the program, found through the zego_token-static.pc
// that `make install` writes (pkg-config; set PKG_CONFIG_PATH for a prefix other than the
// system's). The program needs no libzego_token.so at run time.

// #cgo pkg-config: zego_token-static
import "C"
