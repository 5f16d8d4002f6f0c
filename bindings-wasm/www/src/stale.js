// "Out of date" marks of the result views. A view is stale from the moment the controls
// differ from the ones its figures were computed for until its stage of the new run arrives;
// a view never filled is not marked (there is nothing old to warn about).

/** Views and the stage that refreshes each: plan, explain (summary, policy prices), sweep. */
export const VIEWS = {
  kpis: "plan",
  "card-chart": "plan",
  "card-scenarios": "plan",
  "card-throughput": "plan",
  "card-alloc": "plan",
  "card-commit": "plan",
  headline: "explain",
  "kpi-policy-tile": "explain",
  "card-policies": "explain",
  "card-curve": "sweep",
};

export class StaleMarks {
  constructor($) {
    this.$ = $;
    this.cancelled = false;
  }

  /** Marks every filled view as out of date (the controls changed). */
  markAll() {
    this.cancelled = false;
    for (const id of Object.keys(VIEWS)) if (this.$(id).dataset.filled) this.$(id).classList.add("stale");
    this.note();
  }

  /** The views of `stage` are current. */
  fresh(stage) {
    for (const [id, s] of Object.entries(VIEWS)) {
      if (s !== stage) continue;
      this.$(id).classList.remove("stale");
      this.$(id).dataset.filled = "1";
    }
    this.note();
  }

  /** The run was cancelled: what is still marked stays so, and the note says why. */
  cancel() {
    this.cancelled = true;
    this.note();
  }

  /** The line under the key figures: what is out of date, and why. */
  note() {
    const stale = (id) => this.$(id).classList.contains("stale");
    const el = this.$("kpi-stale");
    const figures = stale("kpis");
    const summary = stale("headline") || stale("kpi-policy-tile");
    el.hidden = !figures && !summary;
    el.textContent = this.cancelled
      ? "Out of date: the computation was cancelled."
      : figures
        ? "Recalculating…"
        : "The summary and policy prices are being recalculated for the new plan…";
  }
}
