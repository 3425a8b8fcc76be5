# ---- the READMEs' shell blocks, run as written (issue #20) ----
.PHONY: readme-test
README_FILES := README.md RELEASING.md bindings/go/README.md

## readme-test: every sh block of README_FILES run exactly as written, in order, from a scratch
## copy of the tree (target/readme-repo), sudo included (private /usr/local and /etc overlays);
## blocks marked <!-- readme-skip: REASON --> are listed with their reason (scripts/readme-blocks.py)
readme-test: tools lib
	@scripts/ensure-tools.sh sudo unshare:util-linux
	scripts/readme-blocks.py $(README_FILES)
TEST_GROUPS += readme-test
