//go:build cgo && zegotoken_dynamic

package zegotoken

// With -tags zegotoken_dynamic: libzego_token.so, found through zego_token.pc. The program then
// needs the library at run time (installed on the loader path, or LD_LIBRARY_PATH).

// #cgo pkg-config: zego_token
import "C"
