// Every number the calculator shows goes through here: dollars, shares, units, durations,
// and the engine's snake_case words. Missing values (null, NaN) are `–`.

const compact = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumSignificantDigits: 3,
});
const whole = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });
const plain = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const plain2 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

const missing = "–";

/** `$94.3M`, `$12.9K`, `$840` (3 significant digits); `–` for null. */
export function usdShort(v) {
  if (v == null || !Number.isFinite(v)) return missing;
  return Math.abs(v) < 1000 ? whole.format(v) : compact.format(v);
}

/** `$94,300,403`; cents below $100. */
export function usd(v) {
  if (v == null || !Number.isFinite(v)) return missing;
  return Math.abs(v) < 100 ? cents.format(v) : whole.format(v);
}

/** `+$8.9M` / `−$1.2M`. */
export function usdSigned(v) {
  if (v == null || !Number.isFinite(v)) return missing;
  if (Math.abs(v) < 0.5) return "$0";
  const s = usdShort(Math.abs(v));
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
}

/** 0.4 → `40%`, 0.125 → `12.5%`. */
export function pct(share) {
  if (share == null || !Number.isFinite(share)) return missing;
  return `${plain.format(share * 100)}%`;
}

/** A percentage number (already ×100), signed: `+10.4%`. */
export function pctSigned(p) {
  if (p == null || !Number.isFinite(p)) return missing;
  if (Math.abs(p) < 0.05) return "0%";
  return `${p > 0 ? "+" : p < 0 ? "−" : ""}${plain.format(Math.abs(p))}%`;
}

/** A baseline's percentage against this plan (already ×100), in words: −40.8 → `40.8% below
 * this plan`; never a bare `−40.8% vs plan`, which reads as a loss. */
export function versusPlan(p) {
  if (p == null || !Number.isFinite(p)) return missing;
  if (Math.abs(p) < 0.05) return "same as this plan";
  return `${plain.format(Math.abs(p))}% ${p < 0 ? "below" : "above"} this plan`;
}

/** A share as a signed percentage: 0.15 → `+15%`, −0.05 → `−5%`. */
export function shareSigned(share) {
  if (share == null || !Number.isFinite(share)) return missing;
  return pctSigned(share * 100);
}

/** A share as the text of a percent input (at most one decimal): 0.125 → `12.5`; `` for none. */
export function shareInput(share) {
  if (share == null || !Number.isFinite(share)) return "";
  return String(Math.round(share * 1000) / 10);
}

/** Units and other counts: `1,234.5`. */
export function num(v, digits = 1) {
  if (v == null || !Number.isFinite(v)) return missing;
  return (digits === 2 ? plain2 : plain).format(v);
}

/** `1.25×`. */
export function times(v) {
  return `${plain2.format(v)}×`;
}

/** Milliseconds for people. */
export function duration(ms) {
  if (ms == null) return missing;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${plain2.format(ms / 1000)} s`;
}

/** An engine word for people: `time_limit` → `time limit`, `on_demand` → `on demand`. */
export function words(code) {
  return String(code ?? "").replace(/_/g, " ");
}
