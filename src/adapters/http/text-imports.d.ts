// Page files imported as text (`with { type: "text" }`): Bun gives their content as a string and
// `bun build --compile` embeds it. Browser scripts are named *.client.js so no other .js is affected.
declare module "*.client.js" {
  const text: string;
  export default text;
}
declare module "*.svg" {
  const text: string;
  export default text;
}
