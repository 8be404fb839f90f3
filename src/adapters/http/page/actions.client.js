// The two things a user does on the page: search the trade history, flip the kill switch.
import { byId, renderTable } from "./dom.client.js";
import { tradeColumns } from "./tables.client.js";

export function setupTradeSearch(now) {
  const form = byId("trade-search");
  async function search() {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const key of ["q", "from", "to"]) {
      const v = String(data.get(key) ?? "").trim();
      if (v) params.set(key, v);
    }
    params.set("limit", "200");
    const info = byId("trade-search-info");
    try {
      const response = await fetch(`/api/trades?${params}`, { credentials: "same-origin" });
      const body = await response.json();
      if (!response.ok) {
        info.textContent = body.error ?? `error ${response.status}`;
        info.className = "note error";
        return;
      }
      info.className = "note";
      info.textContent = body.total === undefined ? "no data yet" : `${body.total} matching fill(s)${body.total > body.trades.length ? `, newest ${body.trades.length} shown` : ""}`;
      renderTable(byId("trade-history"), tradeColumns(now()), body.trades ?? [], { empty: "no matching fills", key: (t) => t.execId });
    } catch (error) {
      info.textContent = `search failed: ${error.message}`;
      info.className = "note error";
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  return search;
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

