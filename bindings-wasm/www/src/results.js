// The calculator's result views: key figures, the infeasible notice, the allocation and
// commitment tables, and the explanation (headline, price of each policy, baselines). Each
// takes `$` (id lookup in the shadow root) and a document of the engine.

import { h } from "./dom.js";
import { num, pct, pctSigned, usd, usdShort, usdSigned, versusPlan, words } from "./format.js";
import { allocationPivot } from "./plan-view.js";

/**
 * Total cost, how close it is to the best plan (`said`: core's words, `planWords`), cost per
 * period and achieved outage coverage; `scenario` is what was planned.
 */
export function renderKpis($, plan, scenario, said) {
  const has = plan.total_cost != null;
  const periods = plan.periods.length;
  $("kpi-total").textContent = has ? usdShort(plan.total_cost) : words(plan.status);
  $("kpi-total-sub").textContent = has
    ? `${usd(plan.total_cost)}${plan.costs.shortfall_penalty > 0 ? ` + ${usdShort(plan.costs.shortfall_penalty)} shortfall penalties` : ""}`
    : "no plan meets every rule";
  $("kpi-words").textContent = has ? [said?.optimality, said?.whole_units].filter(Boolean).join("; ") : "";
  const byPeriod = plan.costs.by_period;
  $("kpi-period").textContent = has ? usdShort(byPeriod.reduce((a, b) => a + b, 0) / Math.max(periods, 1)) : "–";
  $("kpi-period-sub").textContent = has && byPeriod.length ? `average; ${usdShort(Math.min(...byPeriod))} to ${usdShort(Math.max(...byPeriod))}` : "";
  const cov = plan.achieved.outage_coverage;
  if (cov.length) {
    const worst = cov.reduce((a, b) => (b.coverage < a.coverage ? b : a));
    $("kpi-coverage").textContent = pct(worst.coverage);
    $("kpi-coverage-sub").textContent = `target ${pct(worst.target)}${worst.worst_provider ? ` · worst loss: ${worst.worst_provider}` : ""}`;
  } else {
    $("kpi-coverage").textContent = "–";
    $("kpi-coverage-sub").textContent = has ? "no serving workload" : "no plan";
  }
  const notice = $("notice");
  if (has) notice.hidden = true;
  else {
    notice.replaceChildren(...infeasibleNotice(plan, scenario, said));
    notice.hidden = false;
  }
}

/**
 * Why there is no plan (the diagnosis' sentences: exhausted caps, policy rows that would have
 * to give), and what would work: the outage coverage reachable with every other rule held,
 * and the least budget.
 */
function infeasibleNotice(plan, scenario, said) {
  const d = plan.diagnosis;
  const lines = d?.summary?.length ? d.summary.slice(0, 4) : plan.notes.slice(0, 3);
  const reachable = [];
  if (d?.max_outage_coverage != null) {
    const target = scenario?.policy?.outage_coverage;
    reachable.push(`Outage coverage: at most ${pct(d.max_outage_coverage)} is reachable${target != null ? ` (the target is ${pct(target)})` : ""}.`);
  }
  if (d?.least_budget != null) {
    const budget = scenario?.policy?.budget;
    reachable.push(`Budget: at least ${usd(d.least_budget)} is needed${budget != null ? ` (the budget is ${usd(budget)})` : ""}.`);
  }
  return [
    h("strong", { text: `No plan: ${said?.no_plan ?? `the scenario is ${words(plan.status)}`}.` }),
    h("ul", {}, lines.map((t) => h("li", { text: t }))),
    reachable.length ? h("p", { class: "reachable" }, h("strong", { text: "What would work: " }), reachable.join(" ")) : null,
  ];
}

/** One row per (workload, offering), one column per period: units in the busiest segment. */
export function renderAllocation(wrap, plan, colors) {
  // With whole units the fleet is whole; an allocation is the part of it a workload uses.
  wrap.closest("section").querySelector("#alloc-hint").textContent = plan.integer_units
    ? "instances in use in each period's busiest segment (the fleet holds whole instances)"
    : "instances in each period's busiest segment";
  const rows = allocationPivot(plan);
  if (!rows.length) {
    wrap.replaceChildren(h("p", { class: "empty", text: plan.total_cost == null ? "No plan." : "Nothing allocated." }));
    return;
  }
  const multi = new Set(rows.map((r) => r.workload)).size > 1;
  const head = h(
    "tr",
    {},
    h("th", { class: "text offer", scope: "col", text: "Offering" }),
    plan.periods.map((p) => h("th", { scope: "col", text: p.label })),
  );
  // Several workloads: a heading row per workload instead of a column, so that the offering
  // stays the first (sticky) column.
  const body = [];
  rows.forEach((r, i) => {
    if (multi && r.workload !== rows[i - 1]?.workload) {
      body.push(h("tr", { class: "group" }, h("th", { class: "text", scope: "rowgroup", colspan: String(plan.periods.length + 1), text: r.workload })));
    }
    body.push(
      h(
        "tr",
        {},
        h(
          "th",
          { class: "text offer", scope: "row" },
          h("span", { class: "swatch", style: `background:${colors.get(r.provider)}` }),
          h("span", { class: "id", text: r.offering }),
          h("span", { class: "type", text: `${r.accelerator} · ${words(r.purchase)}` }),
        ),
        r.units.map((u) => h("td", { class: u > 1e-9 ? "" : "zero", text: u > 1e-9 ? num(u, u < 10 ? 2 : 1) : "·" })),
      ),
    );
  });
  wrap.replaceChildren(h("table", { class: "alloc" }, h("thead", {}, head), h("tbody", {}, body)));
}

/** New commitments: when to sign, how many units, the active periods and their cost. */
export function renderCommitments(wrap, plan) {
  if (!plan.commitments.length) {
    const text = plan.total_cost == null ? "No plan." : "No new commitment: on-demand, spot and existing commitments carry the plan.";
    wrap.replaceChildren(h("p", { class: "empty", text }));
    return;
  }
  const n = plan.periods.length;
  const label = (t) => plan.periods[t - 1]?.label ?? `after the horizon (P${t})`;
  const head = ["Offering", "Sign in", "Units", "Active", "Term", "Cost in horizon", "Cost after"].map((t, i) =>
    h("th", { scope: "col", class: i === 0 ? "text offer" : i < 2 || i === 3 ? "text" : "", text: t }),
  );
  const body = plan.commitments.map((c) =>
    h(
      "tr",
      {},
      h("th", { class: "text offer", scope: "row" }, h("span", { class: "id", text: c.offering })),
      h("td", { class: "text", text: label(c.period) }),
      h("td", { text: num(c.units, 2) }),
      h("td", { class: "text", text: `${label(c.first_active_period)} → ${c.last_active_period > n ? `+${c.last_active_period - n} after` : label(c.last_active_period)}` }),
      h("td", { text: `${c.term_periods}${c.lead_periods ? ` (+${c.lead_periods} lead)` : ""}` }),
      h("td", { text: usdShort(c.cost_in_horizon) }),
      h("td", { text: usdShort(c.cost_beyond_horizon) }),
    ),
  );
  wrap.replaceChildren(h("div", { class: "table-wrap" }, h("table", { class: "commit" }, h("thead", {}, h("tr", {}, head)), h("tbody", {}, body))));
}

const bar = (amount, max) => h("span", { class: "bar", "aria-hidden": "true" }, h("span", { style: `width:${(100 * Math.abs(amount ?? 0)) / max}%` }));
const rel = (text) => h("span", { class: "rel", text });

/** The headline, the price of each policy, the baselines and the "Policies add" figure. */
export function renderExplain($, e) {
  // Without a plan the notice above already gives the diagnosis the headline would repeat.
  const headline = e.total_cost != null ? e.headline.slice(0, 5) : [];
  $("headline").replaceChildren(...headline.map((t) => h("li", { text: t })));
  const np = e.baselines?.no_policy;
  const amounts = e.policies.map((p) => Math.abs(p.extra_cost_usd ?? 0));
  if (np?.policies_add_usd != null) amounts.push(Math.abs(np.policies_add_usd));
  const max = Math.max(1e-9, ...amounts);
  const items = e.policies.map((p) => {
    const infeasible = p.makes_infeasible;
    const amount = infeasible
      ? "makes it infeasible"
      : p.extra_cost_usd != null
        ? usdSigned(p.extra_cost_usd)
        : p.relaxed_status === "infeasible"
          ? "still infeasible"
          : words(p.relaxed_status);
    return h(
      "div",
      { class: `policy${infeasible ? " infeasible" : ""}`, title: p.sentence },
      h("span", { class: "what", text: p.setting }),
      h("span", { class: "amount" }, amount, p.extra_cost_pct != null && !infeasible ? rel(pctSigned(p.extra_cost_pct)) : null),
      bar(p.extra_cost_usd, max),
    );
  });
  if (np && np.relaxed.length > 1 && np.policies_add_usd != null) {
    items.push(
      h(
        "div",
        { class: "policy baseline", title: np.sentence },
        h("span", { class: "what", text: "All policies together" }),
        h("span", { class: "amount" }, usdSigned(np.policies_add_usd), np.policies_add_pct != null ? rel(pctSigned(np.policies_add_pct)) : null),
        bar(np.policies_add_usd, max),
      ),
    );
  }
  const b = e.baselines;
  if (b?.best_single) {
    const best = b.providers.find((p) => p.provider === b.best_single);
    items.push(
      h(
        "div",
        { class: "policy baseline", title: best?.sentence ?? "" },
        // The comparison goes with the words, so the amount column stays narrow on a phone.
        h("span", { class: "what", text: `Best single cloud: ${b.best_single}${best?.vs_plan_pct != null ? `, ${versusPlan(best.vs_plan_pct)}` : ""} (no share caps or outage coverage)` }),
        h("span", { class: "amount" }, usdShort(best?.objective)),
      ),
    );
  } else if (b && b.providers.length) {
    items.push(h("div", { class: "policy baseline" }, h("span", { class: "what", text: "No single provider can carry this scenario alone." })));
  }
  $("policies").replaceChildren(...(items.length ? items : [h("p", { class: "empty", text: "No active policy restricts this plan." })]));
  $("kpi-policy").textContent = np?.policies_add_usd != null ? usdSigned(np.policies_add_usd) : "–";
  $("kpi-policy-sub").textContent =
    np?.objective != null ? `vs ${usdShort(np.objective)} with no policy${np.policies_add_pct != null ? ` (${pctSigned(np.policies_add_pct)})` : ""}` : "";
}

/** A stage that failed after the plan (explain, sweep): its card says so, with the reason. */
export function stageFailed(container, title, error) {
  container.replaceChildren(h("p", { class: "empty stage-error" }, h("strong", { text: `${title}: ` }), error?.reason ?? error?.message ?? String(error)));
}

/** Explain failed after the plan: no summary or policy figures of an older plan stay shown. */
export function explainFailed($, error) {
  $("headline").replaceChildren();
  $("kpi-policy").textContent = "–";
  $("kpi-policy-sub").textContent = "";
  stageFailed($("policies"), "The policies could not be priced", error);
}
