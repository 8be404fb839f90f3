// The author-facing declarations are the sources themselves, embedded as text by Bun's text loader
// (TypeScript types such an import as the module, hence the expect-error lines).
// @ts-expect-error a .d.mts imported as text
import valibotText from "../../../node_modules/valibot/dist/index.d.mts" with { type: "text" };
// @ts-expect-error a .ts file imported as text
import publicTypesText from "../../strategy/api/public-types.ts" with { type: "text" };

/** valibot's own declarations (one self-contained file). */
export const VALIBOT_TYPES: string = valibotText;
/** src/strategy/api/public-types.ts as written. */
export const PUBLIC_TYPES_SOURCE: string = publicTypesText;
