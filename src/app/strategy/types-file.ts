import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { PUBLIC_TYPES_SOURCE, VALIBOT_TYPES } from "./embedded-types.ts";

/** robotrader.d.ts: the public types with valibot taken from the file beside it, plus defineStrategy. */
export function robotraderDts(): string {
  const body = PUBLIC_TYPES_SOURCE.replace(/^import type \* as v from "valibot";$/m, 'import * as v from "./valibot";\nexport { v };');
  return `${body}
/** Marks a strategy definition and types \`create\` from the params schema; returns it unchanged. */
export declare function defineStrategy<S extends ParamsSchema>(def: SymbolStrategyDefinition<S>): SymbolStrategyDefinition<S>;
export declare function defineStrategy<S extends ParamsSchema>(def: PortfolioStrategyDefinition<S>): PortfolioStrategyDefinition<S>;
`;
}

const TSCONFIG = `{
  // Written by robotrader strategy types: lets an editor (and tsc) check strategy files here.
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "esnext",
    "module": "preserve",
    "moduleResolution": "bundler",
    "allowImportingTsExtensions": true,
    "skipLibCheck": true,
    "types": [],
    "paths": { "robotrader": ["./robotrader.d.ts"] }
  }
}
`;

export interface TypesWritten {
  readonly dir: string;
  readonly files: readonly string[];
  /** tsconfig.json was already there: left alone. */
  readonly keptTsconfig: boolean;
}

/** Writes robotrader.d.ts and valibot.d.ts into `dir`, and a tsconfig.json mapping "robotrader" when there is none. */
export async function writeStrategyTypes(dir: string): Promise<TypesWritten> {
  await fs.mkdir(dir, { recursive: true });
  const files = [path.join(dir, "robotrader.d.ts"), path.join(dir, "valibot.d.ts")];
  await fs.writeFile(files[0]!, robotraderDts());
  await fs.writeFile(files[1]!, VALIBOT_TYPES);
  const tsconfig = path.join(dir, "tsconfig.json");
  const keptTsconfig = existsSync(tsconfig);
  if (!keptTsconfig) {
    await fs.writeFile(tsconfig, TSCONFIG);
    files.push(tsconfig);
  }
  return { dir, files, keptTsconfig };
}
