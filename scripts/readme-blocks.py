#!/usr/bin/env python3
"""make readme-test: every fenced shell block of the READMEs, run exactly as written.

Each ```sh (or bash, shell) block of the files given is run in order, each with
`bash -euo pipefail`, from the root of a scratch copy of the repository (the tracked and
untracked-but-not-ignored files, so uncommitted edits count; kept in target/readme-repo, its own
target/ seeded once from this tree's target/release so that the README's `cargo build --release`
only rebuilds this project's crates). The blocks share that directory, in the order the files
give them, as a user following the README would, with a fresh $HOME (cargo and rustup still
this machine's). A file named `app.c` (the README's "your
app.c": examples/c/generate.c) is put at the scratch root first.

`sudo` in a block is the real sudo (Debian's secure_path: root's PATH has no cargo), and every
block runs in a private mount namespace whose /usr/local and /etc are overlays that vanish
afterwards, so `sudo make install` and its ldconfig change nothing on the machine (nor what a
test running beside this one sees).

A block that must not run is marked on the line before its fence with a visible comment
`<!-- readme-skip: REASON -->`; the runner prints each one with its reason and counts them.
Any other block that fails fails the run, naming its file and line.
Usage: scripts/readme-blocks.py FILE.md...   (as root; the Makefile's readme-test)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHELLS = {"sh", "bash", "shell"}
SKIP = re.compile(r"^<!--\s*readme-skip:\s*(\S.*?)\s*-->\s*$")


def blocks(path):
    """(line, info, text, skip_reason) of every fenced block whose info string is a shell."""
    out = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(```+)\s*([A-Za-z0-9_-]*)", lines[i])
        if not m:
            i += 1
            continue
        fence, info, start = m.group(1), m.group(2), i
        j = i + 1
        while j < len(lines) and not lines[j].startswith(fence):
            j += 1
        if j == len(lines):
            sys.exit(f"readme-test: {path}:{start + 1}: unterminated code block")
        if info in SHELLS:
            k = start - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            sm = SKIP.match(lines[k]) if k >= 0 else None
            out.append((start + 1, info, "\n".join(lines[start + 1:j]) + "\n", sm.group(1) if sm else None))
        i = j + 1
    return out


def scratch_repo():
    """target/readme-repo: this tree's files, copied with their times (its target/ is kept)."""
    repo = os.path.join(ROOT, "target", "readme-repo")
    os.makedirs(repo, exist_ok=True)
    for name in os.listdir(repo):
        if name != "target":
            p = os.path.join(repo, name)
            shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.remove(p)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           check=True, capture_output=True).stdout.split(b"\0")
    files = [f for f in files if f and os.path.lexists(os.path.join(ROOT.encode(), f))]
    subprocess.run(["cp", "-a", "--parents", "-t", repo, "--"] + [f.decode() for f in files],
                   cwd=ROOT, check=True)
    # The directories' times too (cargo's rerun-if-changed=src/ffi compares a directory's).
    dirs = []
    for d, subdirs, _ in os.walk(repo):
        if d == repo:
            subdirs[:] = [s for s in subdirs if s != "target"]
        dirs.append(d)
    for d in reversed(dirs):
        orig = os.path.join(ROOT, os.path.relpath(d, repo))
        if os.path.isdir(orig):
            st = os.stat(orig)
            os.utime(d, ns=(st.st_atime_ns, st.st_mtime_ns))
    if not os.path.isdir(os.path.join(repo, "target", "release")):
        os.makedirs(os.path.join(repo, "target"), exist_ok=True)
        # The dependencies' builds reused: cargo rebuilds only the crates whose path changed.
        subprocess.run(["cp", "-a", os.path.join(ROOT, "target", "release"),
                        os.path.join(repo, "target", "release")], check=True)
    shutil.copy2(os.path.join(ROOT, "examples", "c", "generate.c"), os.path.join(repo, "app.c"))
    return repo


def inside(tmp, files):
    """In the private mount namespace: overlays (their layers in tmp), then every block."""
    for d in ("/usr/local", "/etc"):
        up = os.path.join(tmp, d.strip("/").replace("/", "_"))
        os.makedirs(up + "/u")
        os.makedirs(up + "/w")
        subprocess.run(["mount", "-t", "overlay", "overlay", "-o",
                        f"lowerdir={d},upperdir={up}/u,workdir={up}/w", d], check=True)
    repo = scratch_repo()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ZEGO_", "MAKE", "MFLAGS", "CARGO_", "PKG_CONFIG", "CGO_"))
           and k not in ("LD_LIBRARY_PATH", "CARGO")}
    # A fresh home (make install PREFIX=$HOME/.local writes there), with this machine's Rust.
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    real = os.environ.get("HOME", "/root")
    env["CARGO_HOME"] = os.environ.get("CARGO_HOME", os.path.join(real, ".cargo"))
    env["RUSTUP_HOME"] = os.environ.get("RUSTUP_HOME", os.path.join(real, ".rustup"))
    env["HOME"] = home
    ran = skipped = 0
    for path in files:
        rel = os.path.relpath(path, ROOT)
        for line, _, text, skip in blocks(path):
            where = f"{rel}:{line}"
            if skip:
                skipped += 1
                print(f"-- SKIP {where}: {skip}", flush=True)
                continue
            print(f"-- RUN {where}", flush=True)
            for cmd in text.rstrip("\n").split("\n"):
                print(f"   $ {cmd}", flush=True)
            r = subprocess.run(["bash", "-euo", "pipefail", "-c", text], cwd=repo, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            for out in r.stdout.rstrip("\n").split("\n")[-15:] if r.stdout.strip() else []:
                print(f"   | {out}", flush=True)
            if r.returncode != 0:
                print(f"readme-test: FAIL {where}: the block exited {r.returncode}", file=sys.stderr)
                return 1
            ran += 1
    if ran == 0:
        print("readme-test: no block ran", file=sys.stderr)
        return 1
    print(f"readme-test: {ran} blocks ran as written, {skipped} skipped (each marked, reason above)")
    return 0


def main():
    args = sys.argv[1:]
    if args and args[0] == "--inside":
        tmp = tempfile.mkdtemp(prefix="zego-token-readme.")
        try:
            rc = inside(tmp, [os.path.abspath(a) for a in args[1:]])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        sys.exit(rc)
    if not args:
        sys.exit("usage: readme-blocks.py FILE.md...")
    if os.geteuid() != 0:
        sys.exit("readme-test: needs root (sudo in the blocks; a private mount namespace for what they install)")
    for a in args:
        blocks(a)  # fail early on a malformed file
    sys.exit(subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable,
                             os.path.abspath(__file__), "--inside"] + [os.path.abspath(a) for a in args]).returncode)


if __name__ == "__main__":
    main()
