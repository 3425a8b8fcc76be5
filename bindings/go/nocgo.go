//go:build !cgo

package zegotoken

// zegotoken calls the zego-token C library through cgo, so it cannot be built with CGO_ENABLED=0
// (nor, since Go 1.20, without a C compiler in PATH, which turns cgo off by default). This name
// is deliberately undefined: the compiler's error names the fix. Build with CGO_ENABLED=1 and a
// C compiler (gcc), and pkg-config finding zego_token (see README.md).
var _ = zegotoken_requires_cgo__set_CGO_ENABLED_1_and_install_gcc
