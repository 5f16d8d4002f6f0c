"""The same planning model written the way a notebook user writes it today: PuLP + CBC.

    python bench/pulp_model.py SCENARIO.json [--time-limit S]

Reads a scenario (the generated benchmark scenarios: plain offerings, no catalogs) and
builds the linear program of the capmix model contract (shared/design/model.md §2) with
dicts of LpVariables and lpSum, solves it with the CBC binary that ships in PuLP's wheel,
and prints one JSON line: build and solve seconds, status, objective (USD, with the constant
of existing commitments), variables and constraints, and peak memory of this process and
of the CBC child process (KiB). Continuous units only (`integer_units = false`), split
routing, no budget: what the generated scenarios use. No verification, no report: a notebook
user reads `pulp.value(...)` and stops there.
"""

import fnmatch
import json
import resource
import sys
import time

import pulp


def build(sc):
    horizon = sc["horizon"]
    T = horizon["periods"]
    hours = horizon.get("hours") or [horizon.get("hours_per_period", 730.0)] * T
    segments = sc.get("segments") or [{"share": 1.0, "level": 1.0}]
    K = range(len(segments))
    policy = sc.get("policy", {})
    default_share = policy.get("max_provider_share", 1.0)
    beta = policy.get("outage_coverage", 0.0)
    default_spot = policy.get("max_spot_share", 1.0)
    share = {p["id"]: p.get("max_share", default_share) for p in sc["providers"]}
    offerings = sc["offerings"]
    existing = {o["id"]: [0.0] * T for o in offerings}
    for e in sc.get("existing", []):
        for t in range(min(e["remaining_periods"], T)):
            existing[e["offering"]][t] += e["units"]

    def seg_hours(t, k):
        return hours[t] * segments[k]["share"]

    prob = pulp.LpProblem("capmix", pulp.LpMinimize)
    cost = []
    constant = 0.0

    # Usable offerings and delivered rate per unit for each workload.
    usable = {}
    for w in sc["workloads"]:
        pairs = []
        for oi, o in enumerate(offerings):
            thr = w.get("throughput", {}).get(o["accelerator"])
            if thr is None:
                continue
            if w.get("providers") is not None and o["provider"] not in w["providers"]:
                continue
            if w.get("regions") is not None and not any(
                fnmatch.fnmatchcase(o["region"], g) for g in w["regions"]
            ):
                continue
            pairs.append((oi, thr * o["chips"] * o.get("availability", 1.0)))
        usable[w["id"]] = pairs

    def rate(w, t, k):
        return w["demand"][t] * segments[k]["level"]

    def window(w):
        if w["kind"] == "batch":
            a, b = w.get("window", [1, T])
            return range(a - 1, b)
        return range(T)

    # x[w, o, t, k]: units of offering o serving workload w.
    x = {}
    for wi, w in enumerate(sc["workloads"]):
        for oi, g in usable[w["id"]]:
            for t in window(w):
                for k in K:
                    needed = rate(w, t, k) > 0 if w["kind"] == "serving" else seg_hours(t, k) > 0
                    if needed:
                        x[wi, oi, t, k] = pulp.LpVariable(f"x_{wi}_{oi}_{t}_{k}", lowBound=0)
                        o = offerings[oi]
                        if o["purchase"] != "commit":
                            cost.append(o["price_per_hour"] * seg_hours(t, k) * x[wi, oi, t, k])

    users = {}
    for (wi, oi, t, k), v in x.items():
        users.setdefault((oi, t, k), []).append(v)

    # On-demand and spot caps; commitments.
    for oi, o in enumerate(offerings):
        cap = o.get("max_units")
        if o["purchase"] != "commit":
            if cap is not None:
                for t in range(T):
                    for k in K:
                        if (oi, t, k) in users:
                            prob += pulp.lpSum(users[oi, t, k]) <= cap
            continue
        term = o["term_periods"]
        lead = o.get("lead_periods", 0)
        constant += sum(o["price_per_hour"] * hours[t] * existing[o["id"]][t] for t in range(T))
        if not any((oi, t, k) in users for t in range(T) for k in K):
            continue
        y = {}
        for s in range(max(T - lead, 0)):
            y[s] = pulp.LpVariable(f"y_{oi}_{s}", lowBound=0, upBound=cap)
            active_hours = sum(hours[t] for t in range(s + lead, min(s + lead + term, T)))
            cost.append(o["price_per_hour"] * active_hours * y[s])
        for t in range(T):
            active = [y[s] for s in y if s + lead <= t < s + lead + term]
            for k in K:
                if (oi, t, k) in users:
                    prob += pulp.lpSum(users[oi, t, k]) - pulp.lpSum(active) <= existing[o["id"]][t]
            if cap is not None and active:
                prob += pulp.lpSum(active) <= max(cap - existing[o["id"]][t], 0.0)

    # Demand, provider share, outage coverage, spot share.
    for wi, w in enumerate(sc["workloads"]):
        pairs = usable[w["id"]]
        providers = sorted({offerings[oi]["provider"] for oi, _ in pairs})
        penalty = w.get("shortfall_penalty")
        if w["kind"] == "serving":
            spot_cap = w.get("max_spot_share", default_spot)
            for t in range(T):
                for k in K:
                    r = rate(w, t, k)
                    if r <= 0:
                        continue
                    terms = [(oi, g * x[wi, oi, t, k]) for oi, g in pairs]
                    delivered = [e for _, e in terms]
                    if penalty is not None:
                        short = pulp.LpVariable(f"short_{wi}_{t}_{k}", lowBound=0, upBound=r)
                        cost.append(penalty * seg_hours(t, k) * short)
                        delivered.append(short)
                    prob += pulp.lpSum(delivered) >= r
                    for p in providers:
                        inside = [e for oi, e in terms if offerings[oi]["provider"] == p]
                        outside = [e for oi, e in terms if offerings[oi]["provider"] != p]
                        if inside:
                            prob += pulp.lpSum(inside) <= share[p] * r
                        if beta > 0:
                            prob += pulp.lpSum(outside) >= beta * r
                    spot = [e for oi, e in terms if offerings[oi]["purchase"] == "spot"]
                    if spot:
                        prob += pulp.lpSum(spot) <= spot_cap * r
        else:
            total = w["total"]
            if total <= 0:
                continue
            terms = [
                (oi, g * seg_hours(t, k) * x[wi, oi, t, k])
                for oi, g in pairs
                for t in window(w)
                for k in K
                if (wi, oi, t, k) in x
            ]
            delivered = [e for _, e in terms]
            if penalty is not None:
                short = pulp.LpVariable(f"shortb_{wi}", lowBound=0, upBound=total)
                cost.append(penalty * short)
                delivered.append(short)
            prob += pulp.lpSum(delivered) >= total
            for p in providers:
                inside = [e for oi, e in terms if offerings[oi]["provider"] == p]
                if inside:
                    prob += pulp.lpSum(inside) <= share[p] * total

    prob += pulp.lpSum(cost) + constant
    return prob


def main(argv):
    path = argv[1]
    time_limit = None
    if "--time-limit" in argv:
        time_limit = float(argv[argv.index("--time-limit") + 1])
    t0 = time.perf_counter()
    with open(path) as f:
        sc = json.load(f)
    prob = build(sc)
    built = time.perf_counter() - t0
    t1 = time.perf_counter()
    solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
    prob.solve(solver)
    solved = time.perf_counter() - t1
    status = pulp.LpStatus[prob.status]
    print(
        json.dumps(
            {
                "file": path,
                "status": status,
                "objective": pulp.value(prob.objective) if status == "Optimal" else None,
                "variables": len(prob.variables()),
                "constraints": len(prob.constraints),
                "build": built,
                "solve": solved,
                "total": built + solved,
                "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "cbc_peak_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv)
