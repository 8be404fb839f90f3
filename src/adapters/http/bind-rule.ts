/**
 * Who may reach the status page. Only the default loopback names are trusted without a
 * token: 127.0.0.1, ::1 and localhost. Any other address, including other 127.x.y.z
 * addresses, 0.0.0.0 and LAN addresses, needs a token: the rule is about the address the
 * user chose, not about guessing who can route to it.
 */
export const DEFAULT_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);

export function isDefaultHost(host: string): boolean {
  return DEFAULT_HOSTS.has(host.trim().toLowerCase());
}

export type BindDecision =
  | { readonly kind: "open" }
  | { readonly kind: "token" }
  | { readonly kind: "refuse"; readonly message: string };

/**
 * "open": loopback without a token; "token": every request must carry the token;
 * "refuse": a non-default address without a token.
 */
export function decideBind(host: string, token: string | undefined): BindDecision {
  if (token !== undefined && token.length > 0) return { kind: "token" };
  if (isDefaultHost(host)) return { kind: "open" };
  return {
    kind: "refuse",
    message:
      `Refusing to serve the status page on ${host} without a token: only 127.0.0.1, ::1 and localhost ` +
      `are served without one. Pass --token (16+ characters) or set dashboard.token in robotrader.toml ` +
      `(or ROBOTRADER_DASHBOARD_TOKEN).`,
  };
}
