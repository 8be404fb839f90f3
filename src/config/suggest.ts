import { camelToSnake, CONFIG_KEYS, SECTIONS } from "./keys.ts";
import { editDistance } from "./edit-distance.ts";

export { editDistance };

/**
 * The known TOML key a typo most likely meant: "gateway.clientId" -> "gateway.client_id",
 * "risk.max_open_position" -> "risk.max_open_positions", top-level "port" -> "gateway.port".
 */
export function suggestKey(dotted: string): string | undefined {
  const wanted = camelToSnake(dotted).toLowerCase().replace(/-/g, "_");
  let best: { key: string; score: number } | undefined;
  for (const { toml } of CONFIG_KEYS) {
    const score = editDistance(wanted, toml);
    if (score <= Math.max(2, Math.floor(toml.length / 5)) && (!best || score < best.score)) best = { key: toml, score };
  }
  if (best) return best.key;
  const last = wanted.split(".").pop();
  const sameName = CONFIG_KEYS.filter((k) => k.toml.split(".").pop() === last).map((k) => k.toml);
  return sameName.length > 0 ? sameName.join(" or ") : undefined;
}

/** The section a misspelt [table] most likely meant: "dashbaord" -> "dashboard". */
export function suggestSection(name: string): string | undefined {
  const wanted = camelToSnake(name).toLowerCase();
  const scored = SECTIONS.map((section) => ({ section, score: editDistance(wanted, section) })).sort((a, b) => a.score - b.score);
  const best = scored[0];
  return best && best.score <= 2 ? best.section : undefined;
}
