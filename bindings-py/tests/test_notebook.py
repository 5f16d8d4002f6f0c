"""The quickstart notebook runs headless, top to bottom, without errors."""

from __future__ import annotations

import importlib.util
import os
from typing import Any

import pytest
from conftest import REPO

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = REPO / "examples" / "python" / "quickstart.ipynb"


def test_quickstart_notebook_executes() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # Headless: matplotlib-inline renders figures to PNG outputs (no display, non-interactive),
    # so the test also sees that both charts were drawn.
    env = dict(os.environ, MPLBACKEND="module://matplotlib_inline.backend_inline")
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute(env=env)
    outputs: list[dict[str, Any]] = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    mimetypes = {m for o in outputs for m in o.get("data", {})}
    assert "text/html" in mimetypes  # plan, explanation and DataFrame tables
    assert "image/png" in mimetypes  # plan.plot() and sweep.plot()
    # The sweep's progress bar is tqdm's notebook widget, not red stderr lines.
    if importlib.util.find_spec("ipywidgets") is not None:
        assert "application/vnd.jupyter.widget-view+json" in mimetypes
        stderr = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
        assert "plan/s" not in stderr and "it/s" not in stderr, stderr
    html = "".join(o["data"].get("text/html", "") for o in outputs if "data" in o)
    assert "ChatGPT-scale inference" in html and "optimal" in html
