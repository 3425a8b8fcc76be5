"""Only what pyproject.toml cannot say: cffi compiles zego_token._native (see build_ffi.py)."""
from setuptools import setup

setup(cffi_modules=["build_ffi.py:ffibuilder"])
