// The calculator's controls as core parameter-path edits. The page never changes a scenario:
// it sends `[path, value]` pairs to the engine's session, which applies them to the scenario as
// given. A control yields edits only when it differs from the scenario as written, so
// untouched controls plan exactly the file (no edits at all).

const isServing = (w) => (w.kind ?? "serving") === "serving";
const hasGrowth = (w) => w.demand != null && !Array.isArray(w.demand);

/** Names and probabilities of the demand scenarios (explicit, or `demand_growth`'s three). */
function demandScenarios(scenario) {
  const g = scenario.demand_growth;
  if (g) {
    const p = g.probabilities ?? [0.25, 0.5, 0.25];
    return ["low", "base", "high"].map((name, i) => ({ name, probability: p[i] }));
  }
  return (scenario.demand_scenarios ?? []).map((d) => ({ name: d.name, probability: d.probability }));
}

/** The CVaR level a written `policy.risk` means: 0 for the expected cost, α for `{ cvar = α }`,
 *  null for worst case and regret (not on the CVaR scale: the slider then stays off). */
function cvarLevel(risk) {
  if (risk == null || risk === "expected") return 0;
  if (typeof risk === "object" && typeof risk.cvar === "number") return risk.cvar;
  return null;
}

/** The first serving workload that names a `model`: the one the model picker edits. */
function servedModel(scenario) {
  return (scenario.workloads ?? []).find((w) => isServing(w) && w.model != null) ?? null;
}

/** The picker's values for a workload with a model (latency targets: null = none). */
function servingDefaults(w) {
  if (!w) return { workload: null, model: null };
  return {
    workload: w.id,
    model: w.model,
    precision: w.precision ?? "bf16",
    inputTokens: w.request?.input_tokens ?? null,
    outputTokens: w.request?.output_tokens ?? null,
    ttft: w.slo?.ttft_ms ?? null,
    tpot: w.slo?.tpot_ms ?? null,
  };
}

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
    spot: offerings.some((o) => o.purchase === "spot"),
    single: workloads.some((w) => w.routing === "single"),
    scenarios: demandScenarios(scenario).map((d) => d.name),
    risk: scenario.policy?.risk ?? "expected",
    // The workload the model picker edits, and the scenario's own [[models]].
    served: servedModel(scenario)?.id ?? null,
    ownModels: (scenario.models ?? []).map((m) => m.name),
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
    integer: policy.integer_units ?? true,
    // Demand scenarios: the CVaR level of the risk measure, and the probability of the last
    // scenario (`high` of demand_growth), the others keeping their proportions.
    ...uncertainDefaults(scenario),
    // The served model, its precision, request shape and latency targets.
    serving: servingDefaults(servedModel(scenario)),
  };
}

function uncertainDefaults(scenario) {
  const scenarios = demandScenarios(scenario);
  const last = scenarios.at(-1);
  if (!last) return { risk: null, prob: null, probName: null };
  // One scenario has probability 1: there is nothing to move it against.
  const prob = scenarios.length > 1 ? last.probability : null;
  return { risk: cvarLevel(scenario.policy?.risk), prob, probName: prob == null ? null : last.name };
}

/**
 * The edits that turn the scenario whose controls are `base` into one whose controls are `c`
 * (paths of `capmix.sweepParams()`; `*` is every item of the section):
 * - demand ×k: `workloads.*.demand_scale` (serving rates, growth starts, batch totals);
 * - growth: `workloads.*.growth` (the workloads whose demand is a growth rule);
 * - a provider or accelerator switched off: `providers.<id>.enabled` / `accelerators.<id>.enabled`
 *   = 0 (its offerings and the existing commitments on them go; providers stay declared);
 * - max share: `policy.max_provider_share`; a per-provider cap: `providers.<id>.max_share`;
 *   a cap cleared is the policy's share, which is what a provider without a cap gets;
 * - region share, outage coverage: `policy.max_region_share`, `policy.outage_coverage`;
 * - spot share: `policy.max_spot_share` and `workloads.*.max_spot_share` (a workload's own cap
 *   overrides the policy's, so both are written);
 * - whole units: `policy.integer_units` = 0 or 1;
 * - risk: `policy.cvar_level` (α = 0 is the expected cost; α → 1 nears the worst case);
 * - probability: `demand_scenarios.<name>.probability` (the others are rescaled);
 * - the served model (`serving.workload`: the workload the picker edits): `workloads.<id>.model` and
 *   `.precision` (names), `.input_tokens`, `.output_tokens`, `.ttft_ms`, `.tpot_ms` (a target
 *   of 0 is none); the engine estimates the throughputs again.
 */
export function controlEdits(c, base) {
  const edits = [];
  if (c.demand !== base.demand) edits.push(["workloads.*.demand_scale", c.demand / base.demand]);
  if (base.growth != null && c.growth != null && c.growth !== base.growth) edits.push(["workloads.*.growth", c.growth]);
  for (const id of c.providersOff) edits.push([`providers.${id}.enabled`, 0]);
  for (const id of c.acceleratorsOff) edits.push([`accelerators.${id}.enabled`, 0]);
  if (c.maxShare !== base.maxShare) edits.push(["policy.max_provider_share", c.maxShare]);
  for (const [id, written] of Object.entries(base.caps)) {
    const cap = c.caps?.[id] ?? null;
    if (cap !== (written ?? null)) edits.push([`providers.${id}.max_share`, cap ?? c.maxShare]);
  }
  if (c.regionShare !== base.regionShare) edits.push(["policy.max_region_share", c.regionShare]);
  if (c.coverage !== base.coverage) edits.push(["policy.outage_coverage", c.coverage]);
  if (c.spot !== base.spot) edits.push(["policy.max_spot_share", c.spot], ["workloads.*.max_spot_share", c.spot]);
  if (c.integer !== base.integer) edits.push(["policy.integer_units", c.integer ? 1 : 0]);
  if (base.risk != null && c.risk != null && c.risk !== base.risk) edits.push(["policy.cvar_level", c.risk]);
  if (base.prob != null && c.prob != null && c.prob !== base.prob) edits.push([`demand_scenarios.${base.probName}.probability`, c.prob]);
  if (base.serving?.model != null) edits.push(...servingEdits(c.serving, base.serving, `workloads.${base.serving.workload}`));
  return edits;
}

/** The picker's edits: the model and precision first (names), then the numbers. */
function servingEdits(v, base, at) {
  const edits = [];
  if (v.model !== base.model) edits.push([`${at}.model`, v.model]);
  if (v.precision !== base.precision) edits.push([`${at}.precision`, v.precision]);
  if (v.inputTokens !== base.inputTokens) edits.push([`${at}.input_tokens`, v.inputTokens]);
  if (v.outputTokens !== base.outputTokens) edits.push([`${at}.output_tokens`, v.outputTokens]);
  if (v.ttft !== base.ttft) edits.push([`${at}.ttft_ms`, v.ttft ?? 0]);
  if (v.tpot !== base.tpot) edits.push([`${at}.tpot_ms`, v.tpot ?? 0]);
  return edits;
}

/** The serving inputs the URL carries: parameter, control key, accepted range. */
const SERVING_URL = [
  ["in", "inputTokens", 1, 1e7],
  ["out", "outputTokens", 1, 1e7],
  ["ttft", "ttft", 0, 1e7],
  ["tpot", "tpot", 0, 1e7],
];
const PRECISIONS = ["bf16", "fp8", "fp4", "int8", "int4"];

// --- URL form: only the controls that differ from the scenario as written ---------------------
// The parameter names are those of the first links (#preset=…&coverage=0.7&off=oci): old links
// keep working.

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
  if (c.risk != null && c.risk !== base.risk) p.set("risk", String(c.risk));
  if (c.prob != null && c.prob !== base.prob) p.set("prob", String(c.prob));
  if (base.serving?.model != null) {
    const v = c.serving;
    if (v.model !== base.serving.model) p.set("model", v.model);
    if (v.precision !== base.serving.precision) p.set("precision", v.precision);
    for (const [name, key] of SERVING_URL) if (v[key] !== base.serving[key]) p.set(name, String(v[key] ?? 0));
  }
  return p;
}

/**
 * Controls from URL parameters; unknown or out-of-range values keep the scenario's value.
 * `acceleratorIds` (the scenario's accelerators) drops switches of accelerators it does not
 * have, which would be edits of unknown items.
 */
export function decodeControls(params, base, acceleratorIds = null) {
  const c = structuredClone(base);
  c.demand = num(params.get("demand"), 0.01, 100) ?? c.demand;
  if (base.growth != null) c.growth = num(params.get("growth"), -0.99, 10) ?? c.growth;
  const providers = new Set(Object.keys(base.caps));
  c.providersOff = list(params.get("off")).filter((id) => providers.has(id));
  const accelerators = acceleratorIds ? new Set(acceleratorIds) : null;
  c.acceleratorsOff = list(params.get("acc_off")).filter((id) => !accelerators || accelerators.has(id));
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
  if (base.risk != null) c.risk = num(params.get("risk"), 0, 0.95) ?? c.risk; // the slider's range
  if (base.prob != null) c.prob = num(params.get("prob"), 0, 1) ?? c.prob;
  if (base.serving?.model != null) {
    const v = c.serving;
    const model = params.get("model");
    // Any name: the engine refuses an unknown model with the field, as for a file.
    if (model) v.model = model;
    const precision = params.get("precision");
    if (PRECISIONS.includes(precision)) v.precision = precision;
    for (const [name, key, lo, hi] of SERVING_URL) {
      const x = num(params.get(name), lo, hi);
      if (x !== undefined) v[key] = (key === "ttft" || key === "tpot") && x === 0 ? null : x;
    }
  }
  return c;
}
