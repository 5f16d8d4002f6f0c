// A minimal element builder for the calculator's markup (no framework).

/**
 * `h("td", { class: "text", text: "a" }, ...children)`: `class`, `text`, `on<event>` handlers
 * and attributes (`true` is an empty attribute; `null`, `undefined` and `false` are left out).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null) el.append(c);
  return el;
}
