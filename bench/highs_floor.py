"""The floor: HiGHS alone (highspy) on the MPS file capmix exports.

    python bench/highs_floor.py MODEL.mps [--threads 1]

Prints one JSON line: read and solve seconds, status, objective (with the objective
constant, read from the MPS objective row's RHS), and the peak resident memory of this
process in KiB. The objective constant convention: the objective row's RHS is minus the
constant, which HiGHS reads as an offset (checked by bench/tests/test_export_highspy.py).
"""

import json
import resource
import sys
import time


def solve(path, threads=1, time_limit=None):
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    t0 = time.perf_counter()
    status = h.readModel(path)
    read = time.perf_counter() - t0
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError(f"HiGHS could not read {path}: {status}")
    t1 = time.perf_counter()
    h.run()
    run = time.perf_counter() - t1
    model_status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    lp = h.getLp()
    return {
        "file": path,
        "status": model_status,
        "objective": info.objective_function_value if model_status == "Optimal" else None,
        "offset": lp.offset_,
        "columns": lp.num_col_,
        "rows": lp.num_row_,
        "read": read,
        "solve": run,
        "simplex_iterations": info.simplex_iteration_count,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def main(argv):
    path = argv[1]
    threads = 1
    time_limit = None
    if "--threads" in argv:
        threads = int(argv[argv.index("--threads") + 1])
    if "--time-limit" in argv:
        time_limit = float(argv[argv.index("--time-limit") + 1])
    print(json.dumps(solve(path, threads, time_limit)))


if __name__ == "__main__":
    main(sys.argv)
