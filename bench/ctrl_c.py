"""How quickly Ctrl-C stops a long capmix call in Python (issue 12/13 benchmark, not a test).

    bindings-py/.venv/bin/python bench/ctrl_c.py

Raises KeyboardInterrupt from SIGALRM 0.5 s into a ~92k-variable fluid solve with microlp
(the scenario of bindings-py/tests/test_whole_units.py) and prints how long after the signal
the call returned.
"""

import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bindings-py" / "tests"))
from test_whole_units import _large_fluid_scenario  # noqa: E402

import capmix  # noqa: E402

fired: list[float] = []


def interrupt(_signum: int, _frame: object) -> None:
    fired.append(time.perf_counter())
    raise KeyboardInterrupt


signal.signal(signal.SIGALRM, interrupt)
for call in ("plan", "explain"):
    fired.clear()
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        getattr(capmix, call)(_large_fluid_scenario(), solver="microlp")
        print(f"{call}: finished before the interrupt")
    except KeyboardInterrupt:
        print(f"{call}: KeyboardInterrupt {1000 * (time.perf_counter() - fired[0]):.0f} ms after the signal")
