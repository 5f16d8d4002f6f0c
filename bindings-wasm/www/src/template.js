// The calculator's markup: one shadow-root template. Ids are the hooks of controls.js,
// results.js and charts.js; every input has a label (the end-to-end test checks).

export const TEMPLATE = `
<header class="top">
  <div class="brand"><strong>capmix</strong><span>least-cost AI accelerator capacity across clouds</span></div>
  <div class="toolbar">
    <label class="inline" for="preset">Scenario
      <select id="preset" name="preset"></select>
    </label>
    <label class="button file-input" id="file-label">Load scenario file…
      <input type="file" id="file" name="file" accept=".toml,.json,application/json,application/toml,text/plain" aria-label="Load scenario file (TOML or JSON)">
    </label>
    <button type="button" id="share" title="Copy a link to this plan">Copy link</button>
  </div>
</header>
<div class="scenario-line" id="scenario-line" aria-live="polite"></div>
<div class="layout">
  <aside class="controls" aria-label="Controls">
    <form id="controls">
      <fieldset id="fs-demand">
        <legend>Demand</legend>
        <div class="slider">
          <div class="row"><label for="demand">Demand scale</label><output id="demand-out" for="demand"></output></div>
          <input type="range" id="demand" name="demand" min="0.25" max="3" step="0.05">
          <div class="hint" id="demand-hint"></div>
        </div>
        <div class="slider" id="growth-wrap">
          <div class="row"><label for="growth">Growth per period</label><output id="growth-out" for="growth"></output></div>
          <input type="range" id="growth" name="growth" min="-0.1" max="0.3" step="0.01">
        </div>
        <div class="slider" id="risk-wrap">
          <div class="row"><label for="risk">Risk (CVaR level)</label><output id="risk-out" for="risk"></output></div>
          <input type="range" id="risk" name="risk" min="0" max="0.95" step="0.05">
          <div class="hint" id="risk-hint"></div>
        </div>
        <div class="slider" id="prob-wrap">
          <div class="row"><label for="prob" id="prob-label">Probability of the last scenario</label><output id="prob-out" for="prob"></output></div>
          <input type="range" id="prob" name="prob" min="0" max="1" step="0.05">
          <div class="hint">The other demand scenarios keep their proportions.</div>
        </div>
      </fieldset>
      <fieldset id="fs-model" hidden>
        <legend>Served model</legend>
        <div class="field"><label for="model">Model</label><select id="model" name="model"></select></div>
        <div class="field"><label for="precision">Precision</label><select id="precision" name="precision">
          <option value="bf16">BF16</option><option value="fp8">FP8</option><option value="fp4">FP4</option><option value="int8">INT8</option><option value="int4">INT4</option>
        </select></div>
        <div class="pair">
          <div class="field"><label for="in-tokens">Prompt tokens</label><input type="number" id="in-tokens" name="in-tokens" min="1" step="1" inputmode="numeric"></div>
          <div class="field"><label for="out-tokens">Output tokens</label><input type="number" id="out-tokens" name="out-tokens" min="1" step="1" inputmode="numeric"></div>
        </div>
        <div class="pair">
          <div class="field"><label for="ttft">TTFT target, ms</label><input type="number" id="ttft" name="ttft" min="0" step="any" inputmode="decimal" placeholder="none"></div>
          <div class="field"><label for="tpot">TPOT target, ms</label><input type="number" id="tpot" name="tpot" min="0" step="any" inputmode="decimal" placeholder="none"></div>
        </div>
        <div class="hint" id="model-hint"></div>
      </fieldset>
      <fieldset id="fs-providers">
        <legend>Providers</legend>
        <div class="checks" id="providers"></div>
        <div class="hint">Cap: most of each workload's demand one provider may deliver (empty = the policy's max share).</div>
      </fieldset>
      <fieldset id="fs-accelerators">
        <legend>Accelerators</legend>
        <div class="chips" id="accelerators"></div>
      </fieldset>
      <fieldset id="fs-policy">
        <legend>Policy</legend>
        <div class="slider">
          <div class="row"><label for="share-max">Max share per provider</label><output id="share-max-out" for="share-max"></output></div>
          <input type="range" id="share-max" name="share-max" min="0.1" max="1" step="0.05">
        </div>
        <div class="slider">
          <div class="row"><label for="region-max">Max share per region</label><output id="region-max-out" for="region-max"></output></div>
          <input type="range" id="region-max" name="region-max" min="0.1" max="1" step="0.05">
          <div class="hint">No provider/region delivers more than this share of serving demand.</div>
        </div>
        <div class="slider">
          <div class="row"><label for="coverage">Outage coverage</label><output id="coverage-out" for="coverage"></output></div>
          <input type="range" id="coverage" name="coverage" min="0" max="1" step="0.05">
          <div class="hint" id="coverage-hint">Share of demand still served if any one provider is lost.</div>
        </div>
        <div class="slider">
          <div class="row"><label for="spot">Max spot share</label><output id="spot-out" for="spot"></output></div>
          <input type="range" id="spot" name="spot" min="0" max="1" step="0.05">
          <div class="hint" id="spot-hint">Preemptible capacity carries at most this share of serving demand.</div>
        </div>
        <label class="check"><input type="checkbox" id="integer" name="integer"> Whole instances (integer units)</label>
      </fieldset>
      <div class="actions">
        <button type="button" id="reset">Reset controls</button>
        <a class="button" id="download-scenario" download="scenario.json">Scenario JSON</a>
        <a class="button" id="download-plan" download="plan.json">Plan JSON</a>
      </div>
    </form>
  </aside>
  <main class="results" id="results" aria-label="Results">
    <div class="statusbar">
      <div class="status" id="status" role="status" aria-live="polite">
        <span class="pill" id="status-pill">starting</span>
        <span id="status-text">Loading the engine…</span>
      </div>
      <progress id="progress" max="1" hidden aria-label="Progress of the computation"></progress>
      <button type="button" id="cancel" hidden>Cancel</button>
      <button type="button" class="to-controls" id="to-controls">Settings ↓</button>
    </div>
    <div class="alert" id="error" role="alert" hidden></div>
    <div class="notice" id="notice" hidden></div>
    <div class="kpis" id="kpis">
      <div class="kpi main"><div class="label">Total cost</div><div class="value" id="kpi-total">–</div><div class="sub" id="kpi-total-sub"></div><div class="sub" id="kpi-words"></div></div>
      <div class="kpi"><div class="label">Cost per period</div><div class="value" id="kpi-period">–</div><div class="sub" id="kpi-period-sub"></div></div>
      <div class="kpi" id="kpi-policy-tile"><div class="label">Policies add</div><div class="value" id="kpi-policy">–</div><div class="sub" id="kpi-policy-sub"></div></div>
      <div class="kpi"><div class="label">Outage coverage achieved</div><div class="value" id="kpi-coverage">–</div><div class="sub" id="kpi-coverage-sub"></div></div>
    </div>
    <p class="stale-note" id="kpi-stale" hidden>Recalculating…</p>
    <ul class="headline" id="headline" aria-label="Summary"></ul>
    <section class="card" id="card-chart" aria-labelledby="h-chart">
      <h3 id="h-chart">Cost by provider, per period <span class="stale-note">out of date</span></h3>
      <figure id="chart-providers"></figure>
    </section>
    <section class="card" id="card-scenarios" aria-labelledby="h-scenarios" hidden>
      <h3 id="h-scenarios">Demand scenarios: one set of commitments for every future <span class="stale-note">out of date</span></h3>
      <figure id="chart-fan"></figure>
      <div id="scenarios"></div>
    </section>
    <div class="grid2">
      <section class="card" id="card-policies" aria-labelledby="h-policies">
        <h3 id="h-policies">Price of each policy <span class="stale-note">out of date</span></h3>
        <div id="policies" class="policy-list"><p class="empty">Computing…</p></div>
      </section>
      <section class="card" id="card-curve" aria-labelledby="h-curve">
        <h3 id="h-curve">Cost vs outage coverage <span class="stale-note">out of date</span></h3>
        <figure id="chart-curve"><p class="empty">Computing…</p></figure>
      </section>
    </div>
    <section class="card" id="card-throughput" aria-labelledby="h-throughput" hidden>
      <h3 id="h-throughput">What each accelerator delivers <span class="hint" id="throughput-hint"></span> <span class="stale-note">out of date</span></h3>
      <div class="table-wrap" id="throughput"></div>
    </section>
    <section class="card" id="card-alloc" aria-labelledby="h-alloc">
      <h3 id="h-alloc">Allocation <span class="hint" id="alloc-hint">instances in each period's busiest segment</span> <span class="stale-note">out of date</span></h3>
      <div class="table-wrap" id="alloc"></div>
    </section>
    <section class="card" id="card-commit" aria-labelledby="h-commit">
      <h3 id="h-commit">Commitments to sign <span class="stale-note">out of date</span></h3>
      <div id="commit"></div>
    </section>
  </main>
</div>
<footer class="foot">
  <span id="engine"></span>
  <span>Solved in your browser by capmix (Rust → WebAssembly, microlp); no server.</span>
</footer>`;
