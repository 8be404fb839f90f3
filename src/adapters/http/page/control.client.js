// Manual control from the page: close a position, pause/resume new entries, stop the runner.
// Each goes through POST /api/control (same origin, token rules as the kill switch) after a
// confirmation; the runner carries it out and its answer shows under the buttons.
import { byId, el } from "./dom.client.js";
import * as f from "./format.client.js";

async function send(body, what) {
  show(`${what}: sent…`, false);
  try {
    const response = await fetch("/api/control", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) show(`${what}: ${answer.error ?? `error ${response.status}`}`, true);
    else if (answer.request) show(`${what}: ${answer.created ? "asked" : "already asked"}; the runner's answer appears below`, false);
    else show(`${what}: done`, false);
  } catch (error) {
    show(`${what}: request failed: ${error.message}`, true);
  }
}

function show(text, error) {
  const node = byId("control-message");
  node.hidden = false;
  node.textContent = text;
  node.className = error ? "note error" : "note";
}

export function setupControl() {
  byId("pause-toggle").addEventListener("click", (event) => {
    const pause = event.currentTarget.dataset.paused !== "true";
    if (!confirm(pause ? "Pause new entries? Exits, stop-losses and manual orders still go." : "Allow new entries again?")) return;
    send({ action: pause ? "pause" : "resume" }, pause ? "pause" : "resume");
  });
  byId("runner-stop").addEventListener("click", () => {
    if (!confirm("Stop the runner? It settles in-flight orders and exits; open orders stay as configured (run.cancel_on_shutdown).")) return;
    send({ action: "stop" }, "stop");
  });
  byId("position-actions").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-close]");
    if (!button) return;
    const symbol = button.dataset.close;
    if (!confirm(`Close ${symbol}? The runner sends one market order for the whole position (cancelling the symbol's other working orders).`)) return;
    send({ action: "close", symbol }, `close ${symbol}`);
  });
}

/** The pause pill and buttons, and the last requests with the runner's answers. */
export function renderControl(s, now) {
  const c = s && !s.unavailable ? s.control : null;
  const running = s?.runner?.state === "running";
  const paused = c?.paused?.paused === true;
  const pill = byId("pause-state");
  pill.textContent = c === null ? "entries unknown" : paused ? "new entries PAUSED" : "new entries allowed";
  pill.className = `pill ${c === null ? "unknown" : paused ? "bad" : "good"}`;
  pill.title = c?.paused ? `${paused ? "paused" : "resumed"} ${f.dateTime(c.paused.at)} by ${c.paused.by}` : "never paused";
  const toggle = byId("pause-toggle");
  toggle.textContent = paused ? "Resume entries" : "Pause entries";
  toggle.dataset.paused = String(paused);
  toggle.disabled = c === null;
  byId("runner-stop").disabled = !running;
  const list = byId("control-requests");
  const requests = c?.requests ?? [];
  list.replaceChildren(...requests.slice(0, 5).map((r) => el("li", { class: r.state === "done" ? "" : r.state === "pending" || r.state === "working" ? "muted" : "neg" },
    `${f.ago(r.createdAt, now)}: ${describe(r.action)} by ${r.by}: ${r.state}${r.message ? ` (${r.message})` : ""}`)));
  const n = s?.notify;
  const failed = n ? n.webhooks.reduce((x, w) => x + w.failed + w.dropped, 0) : 0;
  const sent = n ? n.webhooks.reduce((x, w) => x + w.sent, 0) : 0;
  const node = byId("notify-state");
  node.textContent = !n || n.webhooks.length === 0 ? "notifications: none configured" : `notifications: ${sent} sent, ${failed} failed${failed ? ` (last: ${n.webhooks.find((w) => w.lastError)?.lastError ?? "?"})` : ""}`;
  node.className = failed ? "note error" : "note";
}

/**
 * A Close button per position of a symbol the running runner trades, under the positions
 * table. Rebuilt only when that list changes: the table itself is redrawn every second, and a
 * button redrawn between mouse down and up would swallow the click.
 */
export function renderCloseButtons(s, positions) {
  const running = s?.runner?.state === "running";
  const traded = new Set(s?.runner?.symbols ?? []);
  const symbols = running ? [...new Set((positions ?? []).filter((p) => p.qty !== 0 && traded.has(p.symbol)).map((p) => p.symbol))].sort() : [];
  const box = byId("position-actions");
  const key = symbols.join(",");
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren(...symbols.map((symbol) => el("button", { type: "button", class: "small", "data-close": symbol, title: `flatten ${symbol} through the runner` }, `Close ${symbol}`)));
}

function describe(a) {
  if (a.kind === "stop") return "stop";
  if (a.kind === "close") return a.symbol ? `close ${a.symbol}` : "close all";
  return `${a.side} ${a.qty} ${a.symbol}`;
}
