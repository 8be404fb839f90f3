/** Where one effective config value came from. */
export type ConfigSource =
  | { readonly kind: "default" }
  | { readonly kind: "file"; readonly path: string; readonly line?: number }
  | { readonly kind: "env"; readonly name: string }
  | { readonly kind: "flag"; readonly name: string };

/** "default", "/x/robotrader.toml:3", "env ROBOTRADER_MODE", "flag --port". */
export function sourceLabel(source: ConfigSource): string {
  switch (source.kind) {
    case "default":
      return "default";
    case "file":
      return source.line === undefined ? source.path : `${source.path}:${source.line}`;
    case "env":
      return `env ${source.name}`;
    case "flag":
      return `flag ${source.name}`;
  }
}

/** The "in ..." part of an error message: "in /x/robotrader.toml line 3", "in env ROBOTRADER_MODE". */
export function sourcePlace(source: ConfigSource): string {
  switch (source.kind) {
    case "default":
      return "in the built-in defaults";
    case "file":
      return source.line === undefined ? `in ${source.path}` : `in ${source.path} line ${source.line}`;
    case "env":
      return `in environment variable ${source.name}`;
    case "flag":
      return `in flag ${source.name}`;
  }
}
