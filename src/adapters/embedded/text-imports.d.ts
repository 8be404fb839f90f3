// `import x from "./file.csv" with { type: "text" }` gives the file's text (Bun).
declare module "*.csv" {
  const text: string;
  export default text;
}
