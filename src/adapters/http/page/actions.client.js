// The two things a user does on the page: search the trade history, flip the kill switch.
import { byId, renderTable } from "./dom.client.js";
import * as f from "./format.client.js";
import { tradeColumns } from "./tables.client.js";

/**
 * The history search: a submit runs the form's query; refresh() runs the last submitted one
 * again (when a new fill arrives), at most one request at a time.
 */
export function setupTradeSearch(now) {
  const form = byId("trade-search");
  let params = null;
  let busy = false;
  let again = false;
  async function run() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const info = byId("trade-search-info");
    try {
      const response = await fetch(`/api/trades?${params}`, { credentials: "same-origin" });
      const body = await response.json();
      if (response.status === 503) {
        info.className = "note";
        info.textContent = "no data yet";
        renderTable(byId("trade-history"), tradeColumns(now()), [], { empty: "no data yet" });
      } else if (!response.ok) {
        info.textContent = body.error ?? `error ${response.status}`;
        info.className = "note error";
      } else {
        info.className = "note";
        info.textContent = `${f.count(body.total, "matching fill")}${body.total > body.trades.length ? `, the newest ${body.trades.length} shown` : ""}`;
        renderTable(byId("trade-history"), tradeColumns(now()), body.trades, { empty: "no matching fills", key: (t) => t.execId });
      }
    } catch (error) {
      info.textContent = `search failed: ${error.message}`;
      info.className = "note error";
    } finally {
      busy = false;
      if (again) {
        again = false;
        run();
      }
    }
  }
  function search() {
    const data = new FormData(form);
    params = new URLSearchParams();
    for (const key of ["q", "from", "to"]) {
      const v = String(data.get(key) ?? "").trim();
      if (v) params.set(key, v);
    }
    params.set("limit", "200");
    run();
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  return { search, refresh: () => params && run() };
}

export function setupKillSwitch() {
  const button = byId("kill-toggle");
  button.addEventListener("click", async () => {
    const turnOn = button.dataset.on !== "true";
    let reason = null;
    if (turnOn) {
      if (!confirm("Stop all new orders now? The runner keeps its positions and open orders.")) return;
      reason = "from the status page";
    } else {
      reason = prompt("Allow new orders again. Reason (recorded with the change):", "");
      if (reason === null) return;
      if (reason.trim() === "") {
        showKillMessage("A reason is required to turn the kill switch off.", true);
        return;
      }
    }
    button.disabled = true;
    try {
      const response = await fetch("/api/kill-switch", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ on: turnOn, reason }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) showKillMessage(body.error ?? `error ${response.status}`, true);
      else showKillMessage(turnOn ? "Kill switch is ON: no new orders." : "Kill switch is off: orders allowed.", false);
    } catch (error) {
      showKillMessage(`request failed: ${error.message}`, true);
    } finally {
      button.disabled = false;
    }
  });
}

function showKillMessage(text, error) {
  const node = byId("kill-message");
  node.hidden = false;
  node.textContent = text;
  node.className = error ? "note error" : "note";
}

