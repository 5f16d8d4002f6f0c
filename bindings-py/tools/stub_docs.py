"""Copies the docstrings of the native module into its type stub.

The docstrings live on the Rust methods (`///` comments, shown by `help()` and Jupyter);
editors read `.pyi` files instead, so the stub carries the same text. Run after changing a
docstring, with the package installed:

    python tools/stub_docs.py          # rewrite python/capmix/_capmix.pyi
    python tools/stub_docs.py --check  # exit 1 when the stub is out of date (used by the tests)

Only docstrings are touched; signatures are checked by `mypy.stubtest`.
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path
from typing import Any

STUB = Path(__file__).resolve().parents[1] / "python" / "capmix" / "_capmix.pyi"


def runtime_doc(obj: Any) -> str | None:
    doc = getattr(obj, "__doc__", None)
    if not isinstance(doc, str) or not doc.strip():
        return None
    return inspect.cleandoc(doc)


def quoted(doc: str, indent: str) -> str:
    body = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = body.splitlines()
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""'
    inner = "\n".join(f"{indent}{line}" if line else "" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{inner}\n{indent}"""'


def rewrite(text: str) -> str:
    import capmix._capmix as native

    tree = ast.parse(text)
    lines = text.splitlines()
    # (first line, last line, replacement lines), applied bottom-up.
    edits: list[tuple[int, int, list[str]]] = []

    def visit(node: ast.AST, owner: Any) -> None:
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.ClassDef)):
                continue
            target = inspect.getattr_static(owner, child.name, None)
            if isinstance(target, (staticmethod, classmethod)):
                target = target.__func__
            doc = runtime_doc(target) if target is not None else None
            if isinstance(child, ast.ClassDef):
                visit(child, target)
            if doc is None or child.name.startswith("__") and child.name != "__init__":
                continue
            indent = " " * (child.col_offset + 4)
            first = child.body[0]
            has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
            if has_doc:
                assert first.end_lineno is not None
                edits.append((first.lineno, first.end_lineno, quoted(doc, indent).splitlines()))
            elif isinstance(child, ast.FunctionDef) and len(child.body) == 1 and first.lineno == child.body[-1].end_lineno:
                # `def f(...) -> T: ...` on its last line: the body becomes the docstring.
                line = lines[first.lineno - 1]
                head = line[: first.col_offset].rstrip()
                edits.append((first.lineno, first.lineno, [head, *quoted(doc, indent).splitlines()]))
            else:
                edits.append((first.lineno, first.lineno - 1, quoted(doc, indent).splitlines()))

    visit(tree, native)
    for start, end, new in sorted(edits, key=lambda e: -e[0]):
        lines[start - 1 : end] = new
    return "\n".join(lines) + "\n"


def main() -> int:
    text = STUB.read_text()
    new = rewrite(text)
    if "--check" in sys.argv:
        if new != text:
            print(f"{STUB} is out of date: run python tools/stub_docs.py", file=sys.stderr)
            return 1
        return 0
    STUB.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
