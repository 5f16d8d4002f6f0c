// Views of a plan document for the calculator's charts and tables. Pure functions of the plan
// and the scenario that was planned; they regroup the engine's figures, they compute no plan.

/** USD per provider and period, from the plan's `costs.by_period_and_provider`. */
export function costByProviderPeriod(plan) {
  const rows = [];
  plan.periods.forEach((p, t) => {
    for (const [provider, cost] of Object.entries(plan.costs.by_period_and_provider[t] ?? {})) {
      rows.push({ period: p.period, label: p.label, provider, cost });
    }
  });
  return rows;
}

/**
 * Allocations as a table: one row per (workload, offering), one column per period, each cell
 * the units serving that workload in the period's busiest segment.
 */
export function allocationPivot(plan) {
  const rows = new Map();
  for (const a of plan.allocations ?? []) {
    const key = `${a.workload}\u0000${a.offering}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        workload: a.workload,
        offering: a.offering,
        provider: a.provider,
        accelerator: a.accelerator,
        purchase: a.purchase,
        units: new Array(plan.periods.length).fill(0),
      };
      rows.set(key, row);
    }
    row.units[a.period - 1] = Math.max(row.units[a.period - 1], a.units);
  }
  return [...rows.values()]
    .filter((r) => r.units.some((u) => u > 1e-9))
    .sort((a, b) => a.workload.localeCompare(b.workload) || a.provider.localeCompare(b.provider) || a.offering.localeCompare(b.offering));
}
