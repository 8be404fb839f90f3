/**
 * Where a worker entrypoint is, by its path under src/: from source, relative to this file (one
 * folder below src/); in a `bun build --compile` binary every entrypoint sits under /$bunfs/root/
 * at that path (scripts/build.ts lists the workers as extra entrypoints).
 */
export function workerEntry(pathUnderSrc: string, base: string = import.meta.url): URL {
  const compiled = base.includes("/$bunfs/") || base.includes("~BUN");
  return new URL(compiled ? `./${pathUnderSrc}` : `../${pathUnderSrc}`, base);
}
