"""Explanations and sweeps against one plan: what re-solving many variants costs.

    python bench/variants.py [--sizes 10k,30k,100k] [--capmix BIN] [--gen BIN] [--threads N,...]

For each size, generates the fluid LP (`capmix-gen SIZE --seed 1 --fluid`) and times whole
CLI processes: `capmix plan`, `capmix explain`, and two 20-value sweeps (outage coverage
0..0.38, a tightening parameter; one provider's price scale 0.6..1.55, which moves the
optimum), each with the default threads and with `CAPMIX_THREADS=1`. Prints a Markdown table
with each command's time over the plan's (the issue-14 targets: explain <= 2x one plan, a
20-value sweep <= 5x), and checks that the sweeps' rows are the same on every thread count.
Defaults: target/release/capmix and capmix-gen (build them with
`cargo build --release -p capmix-cli -p capmix-bench --features capmix-cli/highs`).
"""

import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]

SWEEPS = {
    "sweep outage": ["--param", "policy.outage_coverage", "--values", "0:0.38:0.02"],
    "sweep price": ["--param", "providers.cloud1.price_scale", "--values", "0.6:1.55:0.05"],
}


def timed(cmd, threads=None):
    env = dict(os.environ)
    if threads is not None:
        env["CAPMIX_THREADS"] = str(threads)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - t0
    if p.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr[-300:]}")
    return wall, p.stdout


def median(cmd, repeats, threads=None):
    runs = [timed(cmd, threads) for _ in range(repeats)]
    return statistics.median(w for w, _ in runs), runs[-1][1]


def main(argv):
    opt = lambda name, default: argv[argv.index(name) + 1] if name in argv else default
    sizes = opt("--sizes", "10k,30k,100k").split(",")
    capmix = opt("--capmix", str(ROOT / "target" / "release" / "capmix"))
    gen = opt("--gen", str(ROOT / "target" / "release" / "capmix-gen"))
    threads = [int(t) for t in opt("--threads", f"{os.cpu_count() or 1},1").split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            scen = pathlib.Path(tmp) / f"gen-{size}.json"
            subprocess.run([gen, size, "--seed", "1", "--fluid", "-o", str(scen)], check=True,
                           capture_output=True)
            repeats = 3 if size in ("300", "3k", "10k", "30k") else 1
            plan, _ = median([capmix, "plan", str(scen), "--format", "json", "--quiet"], repeats)
            row = {"size": size, "plan": plan}
            for t in threads:
                row[f"explain/{t}"], _ = median(
                    [capmix, "explain", str(scen), "--format", "json"], repeats, t)
                for name, args in SWEEPS.items():
                    row[f"{name}/{t}"], out = median(
                        [capmix, "sweep", str(scen), *args, "--format", "csv"], repeats, t)
                    row.setdefault(f"{name}/csv", set()).add(out)
            for name in SWEEPS:
                row[f"{name}/same"] = len(row.pop(f"{name}/csv")) == 1
            rows.append(row)
            print(f"[{size}] done", file=sys.stderr, flush=True)
    head = ["size", "plan"] + [f"{c} ({t} thr)" for t in threads
                               for c in ["explain", *SWEEPS]]
    print("| " + " | ".join(head) + " | same rows on every thread count |")
    print("|" + " --- |" * (len(head) + 1))
    for r in rows:
        cells = [r["size"], f"{r['plan']:.2f} s"]
        for t in threads:
            for c in ["explain", *SWEEPS]:
                v = r[f"{c}/{t}"]
                cells.append(f"{v:.2f} s ({v / r['plan']:.1f}×)")
        same = all(r[f"{n}/same"] for n in SWEEPS)
        print("| " + " | ".join(cells) + f" | {'yes' if same else '**no**'} |")
    return 0 if all(all(r[f"{n}/same"] for n in SWEEPS) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
