// `import x from "./file.css" with { type: "text" }` gives the file's text (Bun), embedded by
// `bun build --compile` like any other import.
declare module "*.css" {
  const text: string;
  export default text;
}
declare module "*.standalone.production.js" {
  const text: string;
  export default text;
}
