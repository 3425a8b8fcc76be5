"""Only what pyproject.toml cannot say: the two compiled modules (the library itself is built by
setuptools-rust, configured in pyproject.toml).

- zego_token._native: cffi, API mode (build_ffi.py): decode, verify, the room payload, messages.
- zego_token._speedups: speedups.c on the CPython stable ABI: generate_token04, Generator.
Both open the library with dlopen() at import; neither links against it.
"""
import os

from setuptools import Extension, setup

INCLUDE = os.path.join("..", "..", "include")  # the crate's committed header

setup(
    cffi_modules=["build_ffi.py:ffibuilder"],
    ext_modules=[
        Extension(
            "zego_token._speedups",
            ["speedups.c"],
            include_dirs=[INCLUDE],
            libraries=["dl"],
            py_limited_api=True,
        )
    ],
)
