// Provider colours of the charts, the tables and the provider switches.

const PALETTE = ["#4338ca", "#0891b2", "#f59e0b", "#10b981", "#e11d48", "#8b5cf6", "#64748b", "#84cc16", "#f97316", "#0ea5e9"];

/** Provider id → colour, for the providers of `scenario` in their order. */
export function providerColors(scenario) {
  const order = (scenario?.providers ?? []).map((p) => p.id);
  return new Map(order.map((id, i) => [id, PALETTE[i % PALETTE.length]]));
}
