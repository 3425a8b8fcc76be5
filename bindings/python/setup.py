"""Only what pyproject.toml cannot say: the version and the one compiled module.

zego_token._native (native.c) is a C extension on the CPython stable ABI (abi3) that links the
crate's static library, libzego_token.a, into itself: build_ext below first runs
`cargo build --release --locked -p zego-token --lib` and links the archive it reports. The
wheel then holds one native file, zego_token/_native.abi3.so, and needs no dlopen and no cffi.

The crate is ../../ in the repository, rust/ in the sdist (scripts/dist-python.sh); its
Cargo.toml is the one place the version is written. Cargo's usual variables apply
(CARGO_TARGET_DIR, CARGO_BUILD_TARGET and its linker for cross builds; CARGO names cargo).
"""
import json
import os
import re
import shlex
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = next(d for d in (os.path.join(HERE, "rust"), os.path.normpath(os.path.join(HERE, "..", "..")))
             if os.path.isfile(os.path.join(d, "Cargo.toml")))


def crate_version():
    with open(os.path.join(CRATE, "Cargo.toml"), encoding="utf-8") as f:
        m = re.search(r'^\[package\][^\[]*?^version\s*=\s*"([^"]+)"', f.read(), re.M | re.S)
    if not m:
        raise SystemExit(f"setup.py: no [package] version in {CRATE}/Cargo.toml")
    return m.group(1)


class BuildWithCrate(build_ext):
    """build_ext that builds libzego_token.a with cargo first and links it into the extension."""

    def run(self):
        cargo = shlex.split(os.environ.get("CARGO", "cargo"))
        env = dict(os.environ)
        env.setdefault("CARGO_TARGET_DIR", os.path.join(os.path.abspath(self.build_temp), "cargo"))
        # (--no-default-features: no header generation, include/ ships with the package)
        cmd = cargo + ["build", "--release", "--locked", "-p", "zego-token", "--lib", "--no-default-features",
                       "--message-format=json-render-diagnostics",
                       "--manifest-path", os.path.join(CRATE, "Cargo.toml")]
        self.announce("running " + " ".join(cmd), level=2)
        out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, check=True, text=True).stdout
        archives = [f for line in out.splitlines() if line.startswith("{")
                    for msg in [json.loads(line)]
                    if msg.get("reason") == "compiler-artifact"
                    and msg["target"]["name"] == "zego_token"
                    for f in msg["filenames"] if f.endswith(".a")]
        if not archives:
            raise SystemExit("setup.py: cargo reported no libzego_token.a")
        for ext in self.extensions:
            ext.extra_objects = [archives[-1]]
            ext.depends = [*ext.depends, archives[-1]]
        super().run()


setup(
    version=crate_version(),
    cmdclass={"build_ext": BuildWithCrate},
    ext_modules=[
        Extension(
            "zego_token._native",
            ["native.c"],
            include_dirs=[os.path.join(CRATE, "include")],
            # What rustc lists for the static library on linux-gnu (--print native-static-libs;
            # scripts/zig-cc turns gcc_s into zig's libunwind).
            libraries=["gcc_s", "util", "rt", "pthread", "m", "dl"],
            # The library's symbols stay inside the extension: only PyInit__native is exported
            # (native.map; gcc's ld and zig's lld both take it). No debug information in a wheel.
            extra_link_args=["-Wl,--version-script=" + os.path.join(HERE, "native.map"),
                             "-Wl,--strip-debug"],
            depends=["native.map"],
            py_limited_api=True,
        )
    ],
)
