"""Prove that each extension's .pyi stub matches the installed module, with mypy's stubtest.

    python runner/python/workshop_stubtest.py factorial safe_math counter rust_demo

Exit status 0 means every stub matches. Other stubtest options pass through.

maturin installs a pure-Rust extension `m` as a package: `m/__init__.py` re-exports
everything from the compiled `m/m.abi3.so`, and the stub, shipped as `m/__init__.pyi`,
describes that package. stubtest also walks into the compiled `m.m` and reports that it
has no stub of its own. An allowlist entry `m.m` would silence that, but it would also
silence every error about a function named like its module (exercise 05's
`factorial.factorial`), so this script leaves those compiled submodules out instead.
"""

import sys

from mypy import stubtest

_build_stubs = stubtest.build_stubs


def _is_compiled_submodule(name):
    package, _, submodule = name.partition(".")
    return submodule == package


def _build_stubs_without_compiled_submodules(modules, options, find_submodules=False):
    found = _build_stubs(modules, options, find_submodules)
    return [name for name in found if not _is_compiled_submodule(name)]


if __name__ == "__main__":
    stubtest.build_stubs = _build_stubs_without_compiled_submodules
    sys.exit(stubtest.main())
