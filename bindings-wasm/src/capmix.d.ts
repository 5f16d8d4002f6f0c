// ---------------------------------------------------------------------------------------------
// capmix documents. Field names are those of the TOML/JSON file format and of the plan JSON
// (snake_case). Money is USD; rates are work units per hour; periods are 1-based.
// Outputs use `null` for absent values; inputs may omit optional fields.
// ---------------------------------------------------------------------------------------------

/** A planning question (the scenario file format). */
export interface Scenario {
  name?: string;
  horizon: Horizon;
  /** Load profile inside every period; absent = one segment `{ share: 1, level: 1 }`. */
  segments?: Segment[];
  providers?: Provider[];
  offerings?: Offering[];
  /** Price catalogs (CSV files): not readable in a browser; resolve them before planning. */
  catalogs?: (string | CatalogSpec)[];
  workloads?: Workload[];
  policy?: Policy;
  existing?: Existing[];
  /** Country code of regions the registry does not know: `{ "my-dc-1": "DE" }`. */
  region_geo?: Record<string, string>;
}

export interface Horizon {
  periods: number;
  /** Hours in every period (default 730). */
  hours_per_period?: number | null;
  /** Hours of each period, one per period. */
  hours?: number[] | null;
  /** Label of period 1, `YYYY-MM` for monthly labels. */
  start?: string | null;
}

export interface Segment {
  share: number;
  level: number;
  name?: string | null;
}

export interface Provider {
  id: string;
  max_share?: number | null;
}

export type Purchase = "on_demand" | "spot" | "commit";

export interface Offering {
  id: string;
  provider: string;
  region: string;
  accelerator: string;
  chips: number;
  purchase: Purchase;
  /** USD per unit-hour (commit: per active unit-hour). */
  price_per_hour: number;
  max_units?: number | null;
  availability?: number | null;
  term_periods?: number | null;
  lead_periods?: number | null;
}

/** Serving demand: one rate per period, or `start * (1 + growth)^(t-1)`. */
export type Demand = number[] | { start: number; growth: number };

export interface Workload {
  id: string;
  kind?: "serving" | "batch";
  unit?: string | null;
  demand?: Demand | null;
  /** Work units per chip-hour by accelerator name. */
  throughput?: Record<string, number>;
  throughput_ref?: ThroughputRef | null;
  providers?: string[] | null;
  regions?: string[] | null;
  geo?: string[] | null;
  max_spot_share?: number | null;
  routing?: "split" | "single";
  shortfall_penalty?: number | null;
  /** Batch only: work units to complete. */
  total?: number | null;
  /** Batch only: first and last period, inclusive. */
  window?: [number, number] | null;
}

export interface ThroughputRef {
  accelerator: string;
  value: number;
  scale_by: "memory_bandwidth" | "bf16_tflops" | "ratios";
  ratios?: Record<string, number>;
}

export interface CatalogSpec {
  path: string;
  providers?: string[] | null;
  regions?: string[] | null;
  accelerators?: string[] | null;
  purchase?: Purchase[] | null;
  discount?: Record<string, number>;
  spot_availability?: Record<string, number>;
  commit?: { terms: number[]; discounts?: Record<string, Record<string, number>>; lead_periods?: number | null } | null;
  overrides?: Record<string, { price_per_hour?: number | null; max_units?: number | null; availability?: number | null; lead_periods?: number | null }>;
}

export interface Policy {
  max_provider_share?: number;
  outage_coverage?: number;
  max_spot_share?: number;
  budget?: number | null;
  integer_units?: boolean;
  /** Per serving workload: no provider/region delivers more than this share of demand. */
  max_region_share?: number;
  commitments_beyond_horizon?: "amortize" | "charge";
}

export interface Existing {
  offering: string;
  units: number;
  remaining_periods: number;
}

// ------------------------------------------- options -----------------------------------------

/** Size limits checked before the model is built. */
export interface Limits {
  max_periods: number;
  max_segments: number;
  max_offerings: number;
  max_workloads: number;
  max_variables: number;
}

/** How to plan. Every field is optional; absent fields take their defaults. */
export interface PlanOptions {
  /** Only `microlp` is compiled into the WebAssembly module. */
  solver?: "microlp" | "highs";
  /** Overrides `policy.integer_units`. */
  integer?: boolean | null;
  /** Seconds for the whole solve. */
  time_limit?: number | null;
  mip_gap?: number | null;
  /** Shadow prices of pure LPs (default true). */
  shadow_prices?: boolean;
  limits?: Partial<Limits>;
}

export interface ExplainOptions {
  plan?: PlanOptions;
  /** Price every active policy family (default true). */
  policies?: boolean;
  /** Single-provider and no-policy baselines (default true). */
  baselines?: boolean;
}

// -------------------------------------------- plan -------------------------------------------

export type Status =
  | "optimal"
  | "feasible"
  | "infeasible"
  | "unbounded"
  | "time_limit"
  | "no_solution"
  | "verification_failed";

export interface Plan {
  schema_version: number;
  scenario: string;
  status: Status;
  solver: string;
  method: string;
  integer_units: boolean;
  /** USD spent on capacity over the horizon; `null` without a plan. */
  total_cost: number | null;
  /** `total_cost` plus shortfall penalties. */
  objective: number | null;
  lp_bound: number | null;
  gap: number | null;
  periods: PeriodInfo[];
  costs: Costs;
  allocations: Allocation[];
  commitments: Commitment[];
  fleet: FleetEntry[];
  achieved: Achieved;
  shadow_prices: ShadowPrices | null;
  verification: Verification | null;
  model_size: ModelSize;
  notes: string[];
  /** Present only when `status` is `infeasible`. */
  diagnosis?: Diagnosis;
}

export interface PeriodInfo {
  period: number;
  label: string;
  hours: number;
}

export interface Costs {
  by_period: number[];
  by_provider: Record<string, number>;
  /** One entry per period (same order as `periods`): USD by provider id. */
  by_period_and_provider: Record<string, number>[];
  by_period_and_accelerator: Record<string, number>[];
  by_period_and_purchase: Record<string, number>[];
  by_accelerator: Record<string, number>;
  by_purchase: Record<string, number>;
  by_region: Record<string, number>;
  by_workload: Record<string, number>;
  existing_commitments: number;
  beyond_horizon: number;
  beyond_horizon_charged: boolean;
  shortfall_penalty: number;
}

export interface Allocation {
  period: number;
  segment: string;
  workload: string;
  offering: string;
  provider: string;
  region: string;
  accelerator: string;
  purchase: string;
  units: number;
  chips: number;
  delivered_rate: number;
  cost_per_hour: number;
}

export interface Commitment {
  offering: string;
  provider: string;
  accelerator: string;
  period: number;
  units: number;
  term_periods: number;
  lead_periods: number;
  first_active_period: number;
  last_active_period: number;
  cost_in_horizon: number;
  cost_beyond_horizon: number;
}

export interface FleetEntry {
  period: number;
  segment: string;
  offering: string;
  provider: string;
  accelerator: string;
  purchase: string;
  units: number;
  chips: number;
  used_units: number;
}

export interface Achieved {
  provider_shares: ShareFigure[];
  spot_shares: ShareFigure[];
  /** Present when `policy.max_region_share` < 1. */
  region_shares?: ShareFigure[];
  outage_coverage: CoverageFigure[];
  commitment_utilisation: Utilisation[];
  shortfall: Shortfall[];
}

export interface ShareFigure {
  workload: string;
  provider: string | null;
  /** `provider/region` (region shares). */
  region?: string;
  share: number;
  limit: number;
}

export interface CoverageFigure {
  workload: string;
  coverage: number;
  worst_provider: string | null;
  period: number;
  target: number;
}

export interface Utilisation {
  offering: string;
  period: number;
  active_units: number;
  used_units: number;
  utilisation: number;
}

export interface Shortfall {
  workload: string;
  period: number;
  segment: string | null;
  work_units: number;
  penalty: number;
}

export interface ShadowPrices {
  demand: { workload: string; period: number | null; segment: string | null; usd_per_work_unit: number }[];
  caps: { offering: string; period: number; usd_per_unit: number }[];
  policy: {
    family: PolicyFamily;
    workload: string | null;
    provider: string | null;
    region?: string;
    period: number | null;
    segment: string | null;
    usd_per_unit_of_parameter: number;
  }[];
  dual_objective: number;
}

export interface Verification {
  passed: boolean;
  checks: number;
  max_violation: number;
  recomputed_total_cost: number;
  violations: string[];
}

export interface ModelSize {
  variables: number;
  integer_variables: number;
  constraints: number;
}

// ------------------------------------------- explain -----------------------------------------

export type PolicyFamily =
  | "provider_share"
  | "region_share"
  | "outage_coverage"
  | "spot_share"
  | "budget"
  | "provider_filters"
  | "region_filters"
  | "single_routing"
  | "integer_units";

export interface Explanation {
  scenario: string;
  status: Status;
  total_cost: number | null;
  objective: number | null;
  periods: string[];
  cost_by_provider: Record<string, number>;
  /** The story in a few sentences, most important first. */
  headline: string[];
  /** What each active policy family adds. */
  policies: PolicyCost[];
  baselines: Baselines | null;
  shadow: ShadowWords | null;
  diagnosis: Diagnosis | null;
  notes: string[];
  solves: number;
}

export interface PolicyCost {
  family: PolicyFamily;
  /** Further families priced together with `family` (absent for a single family). */
  together_with?: PolicyFamily[];
  /** A short name for tables. */
  label: string;
  /** The setting in words. */
  setting: string;
  relaxed_status: Status;
  relaxed_objective: number | null;
  /** Objective with the policy − objective without it (USD). */
  extra_cost_usd: number | null;
  extra_cost_pct: number | null;
  makes_infeasible: boolean;
  sentence: string;
}

export interface Baselines {
  providers: ProviderBaseline[];
  best_single: string | null;
  multi_provider_objective: number | null;
  multi_provider_savings_usd: number | null;
  multi_provider_savings_pct: number | null;
  no_policy: NoPolicy;
}

export interface ProviderBaseline {
  provider: string;
  status: Status;
  total_cost: number | null;
  objective: number | null;
  vs_plan_usd: number | null;
  vs_plan_pct: number | null;
  sunk_existing_usd: number;
  reason: string | null;
  sentence: string;
}

export interface NoPolicy {
  relaxed: PolicyFamily[];
  status: Status;
  total_cost: number | null;
  objective: number | null;
  policies_add_usd: number | null;
  policies_add_pct: number | null;
  sentence: string;
}

export interface ShadowWords {
  demand: {
    workload: string;
    period: number | null;
    label: string | null;
    unit: string;
    usd_per_unit_rate: number | null;
    usd_per_work_unit: number;
    sentence: string;
  }[];
  caps: { offering: string; periods: number[]; usd_per_unit_per_period: number; usd_per_unit_all_periods: number; sentence: string }[];
  policies: {
    family: PolicyFamily;
    workload: string | null;
    provider: string | null;
    rows: number;
    usd_per_unit_of_parameter: number;
    redundant: boolean;
    sentence: string;
  }[];
}

export interface Diagnosis {
  summary: string[];
  unserved: {
    workload: string;
    period: number | null;
    label: string | null;
    segment: string | null;
    unit: string;
    demand: number;
    missing: number;
    missing_share: number;
    missing_work_units: number;
  }[];
  exhausted_caps: { offering: string; provider: string; max_units: number; periods: number[] }[];
  policy_limits: {
    family: PolicyFamily;
    workload: string | null;
    provider: string | null;
    region?: string;
    period: number | null;
    segment: string | null;
    limit: number;
    relaxed_to: number;
  }[];
  excluded_offerings: Record<string, string[]>;
  least_budget: number | null;
  max_outage_coverage: number | null;
  feasible_without: PolicyFamily[];
}

// -------------------------------------------- sweep ------------------------------------------

export interface Sweep {
  param: string;
  /** Providers that carry cost in some row (columns of `cost_by_provider`). */
  providers: string[];
  rows: SweepRow[];
}

export interface SweepRow {
  value: number;
  status: Status;
  total_cost: number | null;
  objective: number | null;
  cost_by_provider: Record<string, number>;
  outage_coverage: number | null;
  pareto: boolean;
  inferred: boolean;
}

// ------------------------------------------ functions ----------------------------------------

/** What `validate` returns for a valid scenario. */
export interface Validation {
  valid: true;
  name: string;
  periods: number;
  usable_pairs: number;
  integer_units: boolean;
  single_routing: boolean;
}

export type PlanProgress =
  | { phase: "validated"; variables: number }
  | { phase: "solving" }
  | { phase: "verifying" };

export type ErrorKind =
  | "parse"
  | "invalid"
  | "catalog"
  | "io"
  | "solver_unavailable"
  | "invalid_option"
  | "limit"
  | "solver"
  | "internal";

/** Every function throws this on bad input: a real `Error` named `CapmixError`. */
export interface CapmixError extends Error {
  name: "CapmixError";
  kind: ErrorKind;
  /** The offending field, e.g. `offerings[3].price_per_hour`; `null` when not about one. */
  path: string | null;
  /** The message without the path. */
  reason: string;
}

/** A scenario as a plain object, or its TOML/JSON text. */
export type ScenarioInput = Scenario | string;

/** The capmix version. */
export function version(): string;
/** Parses TOML or JSON text (JSON when it starts with `{`); an object is checked and normalised. */
export function parseScenario(text: ScenarioInput): Scenario;
/** Checks the scenario against the model contract; throws a `CapmixError` naming the path otherwise. */
export function validate(scenario: ScenarioInput, options?: PlanOptions | null): Validation;
/** Validates, formulates, solves and verifies. Infeasible is a status, not an error. */
export function plan(scenario: ScenarioInput, options?: PlanOptions | null, onProgress?: (event: PlanProgress) => void): Plan;
/** Plans, then prices each policy and computes single-provider and no-policy baselines. */
export function explain(scenario: ScenarioInput, options?: ExplainOptions | null): Explanation;
/** One plan per value of the parameter (`policy.outage_coverage`, `workloads.<id>.demand_scale`, ...). */
export function sweep(
  scenario: ScenarioInput,
  param: string,
  values: number[] | string,
  options?: PlanOptions | null,
  onProgress?: (done: number, total: number) => void,
): Sweep;
/** One sweep step: the scenario with the parameter set to `value`, validated. */
export function applyParam(scenario: ScenarioInput, param: string, value: number): Scenario;
/** Sweep values from `0,0.5,1` or `start:stop:step`. */
export function parseValues(text: string): number[];
/** Why the scenario has no plan, and what would make it feasible. */
export function diagnose(scenario: ScenarioInput, options?: PlanOptions | null): Diagnosis;
/** The accepted sweep parameter paths, in words. */
export function sweepParams(): string;
