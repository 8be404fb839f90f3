/** The parts of a valibot schema object this folder reads (valibot schemas are plain objects). */
export interface SchemaNode {
  readonly type: string;
  readonly entries?: Readonly<Record<string, SchemaNode>>;
  readonly wrapped?: SchemaNode;
  readonly item?: SchemaNode;
  readonly options?: readonly unknown[];
  readonly pipe?: readonly PipeItem[];
}

interface PipeItem {
  readonly kind: string;
  readonly type: string;
  readonly requirement?: unknown;
  readonly message?: unknown;
  readonly item?: SchemaNode;
}

const action = (node: SchemaNode, type: string) => node.pipe?.find((a) => a.kind === "validation" && a.type === type);

function range(node: SchemaNode): string {
  const min = action(node, "min_value")?.requirement;
  const max = action(node, "max_value")?.requirement;
  if (min !== undefined && max !== undefined) return ` ${String(min)}..${String(max)}`;
  if (min !== undefined) return ` >= ${String(min)}`;
  if (max !== undefined) return ` <= ${String(max)}`;
  return "";
}

/** "an integer 1..65535", "paper or live", "a ticker like AAPL or BRK.B": for error messages. */
export function describeExpected(node: SchemaNode): string {
  switch (node.type) {
    case "picklist":
      return (node.options ?? []).map((o) => JSON.stringify(o)).join(" or ");
    case "number":
      return (action(node, "integer") ? "an integer" : "a number") + range(node);
    case "boolean":
      return "true or false";
    case "array": {
      const min = action(node, "min_length")?.requirement;
      const each = node.item ? `, each ${describeExpected(node.item)}` : "";
      return `${min === 1 ? "a non-empty list" : "a list"}${each}`;
    }
    case "string": {
      const regexMessage = action(node, "regex")?.message;
      if (typeof regexMessage === "string") return regexMessage;
      const min = action(node, "min_length")?.requirement;
      if (typeof min === "number" && min > 1) return `a string of at least ${min} characters`;
      return min === 1 ? "a non-empty string" : "a string";
    }
    case "record":
      return "a table of name = value";
    case "object":
    case "strict_object":
      return `a table with only the keys ${Object.keys(node.entries ?? {}).join(", ")}`;
    default:
      return node.type;
  }
}
