// The calculator's controls, as edits of a scenario document. This is the only place where the
// page changes a scenario; all planning is the engine's. An edit writes a field only when its
// control differs from the scenario as written, so untouched controls plan exactly the file.

const isServing = (w) => (w.kind ?? "serving") === "serving";
const hasGrowth = (w) => w.demand != null && !Array.isArray(w.demand);

/** Providers, accelerators and workload kinds of a scenario, for building the controls. */
export function inventory(scenario) {
  const offerings = scenario.offerings ?? [];
  const accelerators = [...new Set(offerings.map((o) => o.accelerator))].sort();
  const workloads = scenario.workloads ?? [];
  return {
    providers: (scenario.providers ?? []).map((p) => ({
      id: p.id,
      offerings: offerings.filter((o) => o.provider === p.id).length,
    })),
    accelerators: accelerators.map((a) => ({ id: a, offerings: offerings.filter((o) => o.accelerator === a).length })),
    serving: workloads.filter(isServing).map((w) => w.id),
    batch: workloads.filter((w) => !isServing(w)).map((w) => w.id),
    growth: workloads.some((w) => isServing(w) && hasGrowth(w)),
  };
}

/** The controls' values for the scenario as written. */
export function defaults(scenario) {
  const policy = scenario.policy ?? {};
  const serving = (scenario.workloads ?? []).filter(isServing);
  const growing = serving.find(hasGrowth);
  const policySpot = policy.max_spot_share ?? 1;
  const spot = serving.length ? Math.min(...serving.map((w) => w.max_spot_share ?? policySpot)) : policySpot;
  return {
    demand: 1,
    growth: growing ? growing.demand.growth : null,
    providersOff: [],
    acceleratorsOff: [],
    maxShare: policy.max_provider_share ?? 1,
    regionShare: policy.max_region_share ?? 1,
    caps: Object.fromEntries((scenario.providers ?? []).map((p) => [p.id, p.max_share ?? null])),
    coverage: policy.outage_coverage ?? 0,
    spot,
    integer: policy.integer_units ?? false,
  };
}

const round = (v) => Math.round(v * 1e9) / 1e9;

/**
 * The scenario with the controls applied (a new object; `scenario` is not changed):
 * - demand ×k scales every serving rate (series or growth start) and every batch total;
 * - growth sets the growth of serving workloads whose demand is a growth rule;
 * - providers and accelerators switched off drop their offerings (and existing commitments on
 *   them); the providers stay declared, so allow-lists still resolve;
 * - max share, per-provider caps, region share, outage coverage and integer units set their
 *   policy fields;
 * - spot share sets `policy.max_spot_share` and every workload's own `max_spot_share`.
 */
export function applyControls(scenario, controls, base = defaults(scenario)) {
  const s = structuredClone(scenario);
  const c = { ...base, ...controls };
  const workloads = s.workloads ?? [];
  if (c.demand !== base.demand) {
    const k = c.demand / base.demand;
    for (const w of workloads) {
      if (isServing(w) && Array.isArray(w.demand)) w.demand = w.demand.map((d) => round(d * k));
      else if (isServing(w) && hasGrowth(w)) w.demand = { ...w.demand, start: round(w.demand.start * k) };
      else if (!isServing(w) && w.total != null) w.total = round(w.total * k);
    }
  }
  if (c.growth != null && c.growth !== base.growth) {
    for (const w of workloads) if (isServing(w) && hasGrowth(w)) w.demand = { ...w.demand, growth: c.growth };
  }
  const providersOff = new Set(c.providersOff);
  const acceleratorsOff = new Set(c.acceleratorsOff);
  if (providersOff.size || acceleratorsOff.size) {
    s.offerings = (s.offerings ?? []).filter((o) => !providersOff.has(o.provider) && !acceleratorsOff.has(o.accelerator));
    const kept = new Set(s.offerings.map((o) => o.id));
    if (s.existing) s.existing = s.existing.filter((e) => kept.has(e.offering));
  }
  const policy = (s.policy = { ...(s.policy ?? {}) });
  if (c.maxShare !== base.maxShare) policy.max_provider_share = c.maxShare;
  for (const p of s.providers ?? []) {
    const cap = c.caps?.[p.id] ?? null;
    if (cap === (base.caps[p.id] ?? null)) continue;
    if (cap == null) delete p.max_share;
    else p.max_share = cap;
  }
  if (c.regionShare !== base.regionShare) policy.max_region_share = c.regionShare;
  if (c.coverage !== base.coverage) policy.outage_coverage = c.coverage;
  if (c.spot !== base.spot) {
    policy.max_spot_share = c.spot;
    for (const w of workloads) if (w.max_spot_share != null) w.max_spot_share = c.spot;
  }
  if (c.integer !== base.integer) policy.integer_units = c.integer;
  return s;
}

// --- URL form: only the controls that differ from the scenario as written ---------------------

const num = (text, lo, hi) => {
  if (text == null || text === "") return undefined;
  const v = Number(text);
  return Number.isFinite(v) && v >= lo && v <= hi ? v : undefined;
};
const list = (text) => (text ? text.split(",").map(decodeURIComponent).filter(Boolean) : []);
const enc = (ids) => ids.map(encodeURIComponent).join(",");

/** URL parameters of the controls that differ from `base`. */
export function encodeControls(c, base) {
  const p = new URLSearchParams();
  if (c.demand !== base.demand) p.set("demand", String(c.demand));
  if (c.growth != null && c.growth !== base.growth) p.set("growth", String(c.growth));
  if (c.providersOff.length) p.set("off", enc(c.providersOff));
  if (c.acceleratorsOff.length) p.set("acc_off", enc(c.acceleratorsOff));
  if (c.maxShare !== base.maxShare) p.set("share", String(c.maxShare));
  for (const [id, cap] of Object.entries(c.caps)) {
    if ((cap ?? null) !== (base.caps[id] ?? null)) p.set(`cap.${id}`, cap == null ? "none" : String(cap));
  }
  if (c.regionShare !== base.regionShare) p.set("region", String(c.regionShare));
  if (c.coverage !== base.coverage) p.set("coverage", String(c.coverage));
  if (c.spot !== base.spot) p.set("spot", String(c.spot));
  if (c.integer !== base.integer) p.set("integer", c.integer ? "1" : "0");
  return p;
}

/** Controls from URL parameters; unknown or out-of-range values keep the scenario's value. */
export function decodeControls(params, base) {
  const c = structuredClone(base);
  c.demand = num(params.get("demand"), 0.01, 100) ?? c.demand;
  if (base.growth != null) c.growth = num(params.get("growth"), -0.99, 10) ?? c.growth;
  const providers = new Set(Object.keys(base.caps));
  c.providersOff = list(params.get("off")).filter((id) => providers.has(id));
  c.acceleratorsOff = list(params.get("acc_off"));
  c.maxShare = num(params.get("share"), 0, 1) ?? c.maxShare;
  for (const id of providers) {
    const raw = params.get(`cap.${id}`);
    if (raw === "none") c.caps[id] = null;
    else if (raw != null) c.caps[id] = num(raw, 0, 1) ?? c.caps[id];
  }
  c.regionShare = num(params.get("region"), 0, 1) ?? c.regionShare;
  c.coverage = num(params.get("coverage"), 0, 1) ?? c.coverage;
  c.spot = num(params.get("spot"), 0, 1) ?? c.spot;
  const integer = params.get("integer");
  if (integer === "1" || integer === "0") c.integer = integer === "1";
  return c;
}
