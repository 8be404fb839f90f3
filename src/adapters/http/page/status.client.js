// The status topic: top bar, banner, connection, runner and safety, market.
import { byId, el, renderFacts, setText } from "./dom.client.js";
import * as f from "./format.client.js";

const SESSION_TEXT = { "pre-market": "pre-market", regular: "regular session", "after-hours": "after-hours", closed: "closed" };

export function renderStatus(s, now) {
  renderTopbar(s, now);
  renderBanner(s, now);
  renderConnection(s, now);
  renderRunner(s, now);
  renderMarket(s, now);
}

function renderTopbar(s, now) {
  const mode = s.mode ? s.mode.toUpperCase() : "—";
  setText("mode", mode, `badge ${s.mode ?? "unknown"}`);
  // A local paper run has no IB account; "unknown" only when no runner ever said.
  setText("account", s.runner.broker === "paper" ? "local paper account (no IB account)" : (s.account ?? "account —"));
  const r = s.runner;
  const runner = byId("runner-pill");
  if (r.state === "running") {
    runner.textContent = `running since ${f.time(r.startedAt, now)}`;
    runner.className = "pill good";
  } else if (r.state === "stale") {
    runner.textContent = `no heartbeat for ${f.duration(now - r.lastHeartbeatAt)}`;
    runner.className = "pill bad";
  } else if (r.state === "stopped") {
    runner.textContent = `stopped since ${f.time(r.since, now)}`;
    runner.className = "pill warn";
  } else {
    runner.textContent = "no runner yet";
    runner.className = "pill unknown";
  }
  runner.dataset.state = r.state;
  const m = s.market;
  const market = byId("market-pill");
  market.textContent = `${SESSION_TEXT[m.session] ?? m.session}${m.session === "regular" ? ` · closes ${f.newYork(m.nextClose).replace(/^\w+ \w+ \d+, /, "")}` : ` · opens ${f.newYork(m.nextOpen)}`}`;
  market.className = `pill ${m.session === "regular" ? "good" : m.session === "closed" ? "unknown" : "info"}`;
}

function renderBanner(s, now) {
  const banner = byId("banner");
  let text = null;
  let cls = "banner";
  if (s.store.state !== "ok") {
    text = `No data yet: ${s.store.message}`;
    cls = "banner info";
  } else if (s.runner.state === "never") {
    text = "No runner has written here yet. Start one with 'robotrader run'; backtest runs are listed below.";
    cls = "banner info";
  } else if (s.runner.state === "stale") {
    text = `The runner (pid ${s.runner.pid ?? "?"}) has not written a heartbeat for ${f.duration(now - s.runner.lastHeartbeatAt)}: it may have crashed or hung. Everything below is the last known state, as of ${f.dateTime(s.runner.lastHeartbeatAt)}.`;
    cls = "banner bad";
  } else if (s.runner.state === "stopped") {
    const why = s.runner.exitReason ? ` (${s.runner.exitReason})` : "";
    text = `The runner is stopped since ${f.dateTime(s.runner.since)}${why}. Everything below is the last known state, not live.`;
  }
  banner.hidden = text === null;
  banner.className = cls;
  banner.textContent = text ?? "";
  banner.dataset.runner = s.runner.state;
}

function renderConnection(s, now) {
  const c = s.connection;
  const live = s.runner.state === "running";
  if (!c) {
    renderFacts(byId("connection"), [["state", "unknown (no runner has reported one)", "muted", "state"]]);
    byId("farms").replaceChildren(el("li", { class: "muted" }, "unknown"));
    return;
  }
  const good = c.state === "connected";
  renderFacts(byId("connection"), [
    ["state", live ? c.state : `${c.state} (as of ${f.time(c.updatedAt, now)}, runner not running)`, live ? (good ? "pos" : "neg") : "muted", "state"],
    ["gateway", `${c.host}:${c.port}`, "", "gateway"],
    ["client id", f.text(c.clientId), "", "clientId"],
    ["server version", f.text(c.serverVersion), "", "serverVersion"],
    ["connected", c.connectedAt ? `${f.time(c.connectedAt, now)} (${f.ago(c.connectedAt, now)})` : f.DASH, "", "connectedAt"],
    ["last heartbeat", c.lastHeartbeatAt ? f.ago(c.lastHeartbeatAt, now) : f.DASH, "", "lastHeartbeatAt"],
    ["reconnects", f.text(c.reconnects), c.reconnects > 0 ? "warn-text" : "", "reconnects"],
    ["last error", f.text(c.lastError), c.lastError ? "warn-text" : "", "lastError"],
  ]);
  // Without a running runner nobody watches the farms: what is stored is the last known state.
  const farms = (c.farms ?? []).map((x) =>
    el(
      "li",
      { class: !live || /inactive/i.test(x.state) ? "muted" : /ok|connected/i.test(x.state) ? "pos" : "neg" },
      `${x.kind} ${x.farm}: ${x.state} (since ${f.time(x.since, now)})${live ? "" : ", last known"}`,
    ),
  );
  byId("farms").replaceChildren(...(farms.length ? farms : [el("li", { class: "muted" }, "no farm messages yet")]));
}

function renderRunner(s, now) {
  const r = s.runner;
  const live = r.state === "running";
  const cb = s.circuitBreaker;
  renderFacts(byId("runner"), [
    ["state", r.state === "never" ? "no runner yet" : r.state, r.state === "running" ? "pos" : r.state === "stale" ? "neg" : "warn-text", "state"],
    ["since", r.state === "running" ? f.dateTime(r.startedAt) : f.dateTime(r.since), "", "since"],
    ["process", r.pid ? `pid ${r.pid} on ${r.host ?? "?"}` : f.DASH, "", "process"],
    ["last heartbeat", r.lastHeartbeatAt ? f.ago(r.lastHeartbeatAt, now) : f.DASH, "", "heartbeat"],
    ["strategy", f.text(r.strategy), "", "strategy"],
    ["symbols", r.symbols ? `${r.symbols.length}: ${r.symbols.slice(0, 12).join(" ")}${r.symbols.length > 12 ? " …" : ""}` : f.DASH, "", "symbols"],
    ["broker", f.text(r.broker), "", "broker"],
    ["circuit breaker", cb ? `${cb.status}${cb.failures ? `, ${f.count(cb.failures, "failure")}` : ""}${cb.lastFailure ? `: ${cb.lastFailure}` : ""}${live ? "" : " (last known)"}` : "unknown", !cb || !live ? "muted" : cb.status === "closed" ? "pos" : "neg", "circuitBreaker"],
  ]);
  const k = s.killSwitch ?? { on: null };
  const pill = byId("kill-state");
  pill.textContent = k.on === null ? "kill switch unknown" : k.on ? "kill switch ON: no new orders" : "kill switch off";
  pill.className = `pill ${k.on === null ? "unknown" : k.on ? "bad" : "good"}`;
  pill.title = k.at ? `set ${f.dateTime(k.at)} by ${k.by ?? "?"}${k.reason ? `: ${k.reason}` : ""}` : "never set";
  pill.dataset.on = String(k.on);
  const button = byId("kill-toggle");
  button.textContent = k.on ? "Allow orders…" : "Stop new orders";
  button.className = k.on ? "" : "danger";
  button.disabled = s.store.state !== "ok" || k.on === null;
  button.dataset.on = String(k.on);
  const rec = s.reconciliation;
  const list = byId("reconciliation");
  if (!rec) list.replaceChildren(el("li", { class: "muted" }, "unknown (not run yet)"));
  else if (rec.problems.length === 0) list.replaceChildren(el("li", { class: "pos" }, `ok at ${f.dateTime(rec.at)}`));
  else {
    list.replaceChildren(
      ...rec.problems.map((p) => el("li", { class: "neg" }, `${p.symbol ? `${p.symbol}: ` : ""}${p.message}`)),
      ...(rec.blockedSymbols.length ? [el("li", { class: "warn-text" }, `blocked for new orders: ${rec.blockedSymbols.join(", ")}`)] : []),
    );
  }
}

function renderMarket(s, now) {
  const m = s.market;
  renderFacts(byId("market"), [
    ["session", SESSION_TEXT[m.session] ?? m.session, m.session === "regular" ? "pos" : "", "session"],
    ["trading day", `${m.tradingDay}${m.isTradingDay ? "" : m.holidayName ? ` (holiday: ${m.holidayName})` : " (weekend)"}${m.isEarlyClose ? " (early close)" : ""}`, "", "tradingDay"],
    ["next open", `${f.newYork(m.nextOpen)} (in ${f.duration(m.nextOpen - now)})`, "", "nextOpen"],
    ["next close", `${f.newYork(m.nextClose)} (in ${f.duration(m.nextClose - now)})`, "", "nextClose"],
    ["New York now", f.newYork(now), "", "nyNow"],
  ]);
}
