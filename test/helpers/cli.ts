import path from "node:path";

/** src/main.ts: the tests run robotrader as `bun src/main.ts ...`, a separate process, as a user would. */
export const MAIN = path.resolve(import.meta.dir, "../../src/main.ts");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  /** The child's whole environment; this process's when left out. */
  readonly env?: Record<string, string | undefined>;
}

/** This process's environment without ROBOTRADER_* variables, so a developer's own settings stay out of a test. */
export function envWithoutRobotrader(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ROBOTRADER_")));
}

/** A spawned process's exit code and everything it wrote, once it has ended. */
export async function finished(proc: { stdout: ReadableStream<Uint8Array>; stderr: ReadableStream<Uint8Array>; exited: Promise<number> }): Promise<CliResult> {
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

/** Runs `bun src/main.ts ...args` to its end. */
export function robotrader(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const { cwd, env } = options;
  return finished(Bun.spawn([process.execPath, MAIN, ...args], { cwd, ...(env ? { env } : {}), stdout: "pipe", stderr: "pipe" }));
}
