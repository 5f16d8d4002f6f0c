// ---------------------------------------------------------------------------------------------
// The functions of the capmix WebAssembly module and the types only this door has. The
// documents they take and return (Scenario, PlanOptions, Plan, Explanation, Sweep, ...) are
// declared in documents.d.ts, generated from the Rust types through their JSON Schema.
// ---------------------------------------------------------------------------------------------

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
  | "time_limit"
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
/** What to estimate (`capmix estimate` on the command line); `accelerator` absent = every one. */
export interface EstimateQuery {
  model: string;
  accelerator?: string | null;
  chips?: number | null;
  precision?: "bf16" | "fp8" | "fp4" | "int8" | "int4" | null;
  input_tokens: number;
  output_tokens: number;
  ttft_ms?: number | null;
  tpot_ms?: number | null;
}
/** One accelerator's serving estimate. */
export interface AcceleratorEstimate {
  accelerator: string;
  chips: number;
  fits: boolean;
  reason: string | null;
  tensor_parallel: number;
  replicas_per_unit: number;
  batch: number;
  ttft_ms: number | null;
  tpot_ms: number | null;
  slo_met: boolean;
  output_tokens_per_second_per_chip: number;
  requests_per_second_per_chip: number;
  method: "given" | "profile" | "roofline";
  compute_precision: string;
  calibration: {
    family: string;
    bandwidth_efficiency: number;
    compute_efficiency: number;
    step_overhead_ms: number;
    calibration_error: number | null;
  } | null;
  notes: string[];
}
/** Serving capacity per accelerator from the model, request shape and latency targets; throws a `CapmixError` naming the field. */
export function estimate(query: EstimateQuery): AcceleratorEstimate[];
/** The options of an interactive page: the defaults with a time limit per call (plan, explanation, whole sweep), in seconds. */
export function interactiveOptions(): PlanOptions;
/** The bundled serving registry's model names (`llama-3.1-70b`, `deepseek-v3`, ...). */
export function models(): string[];
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
/** How close `plan` is to the best one, in the CLI's words: `optimality` ("proven optimal",
 * "optimal: within 0.095% of the best possible, as asked", ...) and `whole_units` ("whole
 * instances add 0.7% ($382,856) over the fractional relaxation ($57.3M)"); null when the plan
 * has nothing to say. */
export function planWords(plan: Plan): PlanWords;
export interface PlanWords {
  optimality: string | null;
  whole_units: string | null;
  /** Why there is no plan ("the scenario is infeasible", ...); null when there is one. */
  no_plan: string | null;
}
/** The accepted sweep parameter paths, in words. */
export function sweepParams(): string;

/** One program for HiGHS (row-wise matrix: row i's entries are rowStarts[i]..rowStarts[i+1]). */
export interface HighsProgram {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  rowStarts: Int32Array;
  rowIndices: Int32Array;
  rowValues: Float64Array;
  /** 0 continuous, 1 integer per column; null for a pure LP. */
  integrality: Int32Array | null;
  timeLimit: number | null;
  /** mip_rel_gap; mip_abs_gap must then be 0. */
  mipRelGap: number | null;
  mipStart: Float64Array | null;
  basis: { colStatus: Int32Array; rowStatus: Int32Array } | null;
  wantDuals: boolean;
}
/** HiGHS's answer: its model status code (7 optimal, 8 infeasible, 13 time limit, ...). */
export interface HighsAnswer {
  modelStatus: number;
  primalFeasible: boolean;
  colValue?: Float64Array | number[] | null;
  rowDual?: Float64Array | number[] | null;
  basis?: { colStatus: Int32Array | number[]; rowStatus: Int32Array | number[] } | null;
  objective?: number | null;
  mipDualBound?: number | null;
}
/**
 * Links a HiGHS (e.g. `highsSolver(await loadHighs())` from `www/src/highs-link.js`, the npm
 * package `highs`): `solver: "auto"` then runs it; `null` unlinks it. Throws a CapmixError
 * (kind `invalid_option`) for anything but a function or null.
 */
export function useHighs(solve: ((program: HighsProgram) => HighsAnswer) | null): void;
/** The solver `auto` runs now: "highs" once linked, else "microlp". */
export function activeSolver(): "highs" | "microlp";

// ------------------------------------------- Session -----------------------------------------

/**
 * A parameter-path edit: `["workloads.*.demand_scale", 1.5]`, `["providers.oci.enabled", 0]`;
 * a name only for `workloads.<id>.model` and `.precision` (`["workloads.chat.model", "llama-3.1-8b"]`).
 */
export type Edit = [path: string, value: number | string];

/** The progress event of `Session.plan`: sent before a solve, not when the plan is reused. */
export type SessionPlanProgress = { phase: "solving" };

/** Which parts `Session.explain` computes (both by default); the session's options say how to plan. */
export interface SessionExplainOptions {
  /** Price every active policy family (one re-plan each). */
  policies?: boolean;
  /** Single-provider and no-policy baselines (one re-plan per provider, plus one). */
  baselines?: boolean;
}

/**
 * One scenario, parsed, expanded and validated once; edited by parameter paths; planned at
 * most once per change of edits or options (`explain` reuses the plan). Call `free()` (or
 * use `using`) when done: the session lives in WebAssembly memory.
 */
export class Session {
  /** Throws a `CapmixError` when the scenario or the options are invalid. */
  constructor(scenario: ScenarioInput, options?: PlanOptions | null);
  /**
   * Replaces the edits; they apply in order to the scenario as given (`*` as the id edits
   * every item of its section). On an error the previous edits and plan stay.
   * The forms are those of `sweepParams()`.
   */
  setEdits(edits: Edit[]): void;
  /** Replaces the planning options; the plan is made again when they differ. */
  setOptions(options?: PlanOptions | null): void;
  /** The plan of the edited scenario: solved on the first call after a change, then reused. */
  plan(onProgress?: (event: SessionPlanProgress) => void): Plan;
  /** Explains the plan (made first if needed): only the policy and baseline variants are solved. */
  explain(options?: SessionExplainOptions | null): Explanation;
  /** One plan per value of `param` of the edited scenario; the session's plan is not changed. */
  sweep(param: string, values: number[] | string, onProgress?: (done: number, total: number) => void): Sweep;
  /** Base plans solved so far: one per change of edits or options that was planned. */
  solves(): number;
  /**
   * The edited scenario, plain fields only (catalogs and references resolved); throughputs
   * estimated for a served `model` are left out, so that a session of it estimates them again.
   */
  scenario(): Scenario;
  /** The current edits. */
  edits(): Edit[];
  /** Releases the WebAssembly memory of the session; it cannot be used afterwards. */
  free(): void;
  [Symbol.dispose](): void;
}
