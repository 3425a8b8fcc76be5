# ---- the artifacts on an older userland: Debian 11 (issue #20) ----
# (Read after mk/dist.mk and mk/node.mk, whose variables it uses.)
.PHONY: dist-check-old
DIST_CHECK_OLD_PARTS ?=

## dist-check-old: the C tarball, the .debs, the Go module's app, the wheel, the npm tarballs and
## the jar used inside a Debian 11 (bullseye, glibc 2.31) chroot: debootstrapped once into
## target/bullseye-root, each run in a fresh overlay over it; tokens decoded by bullseye's
## python3-cryptography (scripts/dist-check-old.sh; DIST_CHECK_OLD_PARTS="c deb go python node java")
dist-check-old: $(DIST_C) $(DIST_DEB) $(DIST_GO) $(DIST_PY) $(NODE_STAMP) dist-java | tools
	scripts/dist-check-old.sh $(DIST_CHECK_OLD_PARTS)
