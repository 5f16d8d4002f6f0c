"""The type stubs match the native module (mypy.stubtest), and the package, its tests and
the examples type-check under mypy --strict."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO

pytest.importorskip("mypy")

BINDINGS = REPO / "bindings-py"


def run(*args: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", *args], cwd=BINDINGS, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_stubtest() -> None:
    allowlist = str(BINDINGS / "tests" / "stubtest-allowlist.txt")
    config = str(BINDINGS / "pyproject.toml")
    run("mypy.stubtest", "capmix", "--mypy-config-file", config, "--allowlist", allowlist, "--ignore-unused-allowlist")


def test_mypy_strict() -> None:
    run("mypy", "--strict", "-p", "capmix")
    run("mypy", "--strict", "tests", str(REPO / "examples" / "python"))


def test_stub_docstrings_match_the_runtime() -> None:
    """The stub carries the Rust docstrings (for editors); tools/stub_docs.py copies them."""
    proc = subprocess.run(
        [sys.executable, str(BINDINGS / "tools" / "stub_docs.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_documents_are_generated_from_the_schema() -> None:
    """documents.py is what the JSON Schema of the Rust types generates (scripts/gen-types)."""
    proc = subprocess.run(
        [sys.executable, str(BINDINGS / "tools" / "gen_types.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr


def test_documents_describe_real_plans() -> None:
    """A plan document has exactly the keys its TypedDict declares (required ones always)."""
    import typing_extensions

    import capmix
    from capmix import documents

    plan = capmix.plan(capmix.Scenario.from_file(str(REPO / "tests" / "fixtures" / "01-on-demand.toml")))
    doc = plan.to_dict()
    # typing_extensions >= 4.16 no longer reads NotRequired out of string annotations into
    # __required_keys__; the annotations themselves (what type checkers read) still carry it.
    hints = typing_extensions.get_type_hints(documents.Plan, include_extras=True)
    assert set(doc) <= set(hints), set(doc) - set(hints)
    not_required: object = typing_extensions.NotRequired
    required = {k for k, v in hints.items() if typing_extensions.get_origin(v) is not not_required}
    assert required <= set(doc), required - set(doc)


def test_public_api_is_documented() -> None:
    import inspect

    import capmix

    for name in capmix.__all__:
        obj = getattr(capmix, name)
        if callable(obj):
            assert inspect.getdoc(obj), name
        if inspect.isfunction(obj) or inspect.isbuiltin(obj):
            doc = inspect.getdoc(obj) or ""
            assert "Args:" in doc and "Returns:" in doc, name
    for cls in (capmix.Scenario, capmix.Plan, capmix.Explanation, capmix.Sweep):
        for attr, value in vars(cls).items():
            if not attr.startswith("_"):
                assert inspect.getdoc(value), f"{cls.__name__}.{attr}"


def test_py_typed_is_installed() -> None:
    import capmix

    assert capmix.__file__ is not None
    from pathlib import Path

    package = Path(capmix.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_capmix.pyi").exists()
