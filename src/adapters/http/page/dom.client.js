// Tiny DOM helpers. Data is always set as text (never innerHTML), so nothing stored can inject markup.

/** el("td", { class: "num", "data-value": "1.5" }, "1.50", childNode) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = String(v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

export const byId = (id) => document.getElementById(id);

export function setText(id, value, className) {
  const node = byId(id);
  if (!node) return;
  node.textContent = value;
  if (className !== undefined) node.className = className;
}

/**
 * Renders a table from column definitions: { label, num?, mono?, wrap?, clip? (ellipsis, whole
 * text as tooltip), cell(row) -> string|Node, value?(row) -> exact value for data-value,
 * tip?(row) -> tooltip, cls?(row) }. Rows whose key was not in the previous
 * render flash briefly, so a new fill or order catches the eye.
 */
export function renderTable(table, columns, rows, { empty = "none", key, rowAttrs } = {}) {
  if (!table) return;
  const before = new Set([...table.querySelectorAll("tbody tr[data-key]")].map((tr) => tr.dataset.key));
  const hadRows = table.dataset.rendered === "1";
  const head = el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { class: c.num ? "num" : undefined, title: c.title }, c.label))));
  const body = el("tbody");
  if (rows.length === 0) {
    body.append(el("tr", { class: "empty" }, el("td", { colspan: columns.length }, empty)));
  }
  for (const row of rows) {
    const k = key ? String(key(row)) : undefined;
    const tr = el("tr", { "data-key": k, class: hadRows && k !== undefined && !before.has(k) ? "flash" : undefined, ...(rowAttrs ? rowAttrs(row) : {}) });
    for (const c of columns) {
      const cls = [c.num ? "num" : "", c.mono ? "mono" : "", c.wrap ? "wrap" : "", c.clip ? "clip" : "", c.cls ? c.cls(row) : ""].filter(Boolean).join(" ");
      const content = c.cell(row);
      // A clipped cell (long ids) keeps its whole text in the tooltip.
      const title = c.clip && !(content instanceof Node) ? String(content ?? "") : c.tip ? c.tip(row) : undefined;
      tr.append(el("td", { class: cls || undefined, "data-col": c.id, "data-value": c.value ? c.value(row) : undefined, title }, content));
    }
    body.append(tr);
  }
  table.replaceChildren(head, body);
  table.dataset.rendered = "1";
}

/** A <dl> from [label, value, className?] pairs; a Node value is inserted as is. */
export function renderFacts(dl, pairs) {
  if (!dl) return;
  const nodes = [];
  for (const [label, value, cls, key] of pairs) {
    nodes.push(el("dt", {}, label));
    nodes.push(el("dd", { class: cls || undefined, "data-fact": key }, value));
  }
  dl.replaceChildren(...nodes);
}
