import { describe, expect, test } from "bun:test";
import { awkwardSpec } from "./_spec-fixture.ts";
import { launchdPlist, xmlEscape } from "./launchd-plist.ts";

/** A small well-formedness check: balanced tags, no raw < or stray & in text, only XML's five entities. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/<\?xml[^>]*\?>/, "").replace(/<!DOCTYPE[^>]*>/, "").replace(/<!--[\s\S]*?-->/g, "");
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w.-]*)[^<>]*?(\/?)>|([^<]+)|(<)/g)) {
    const [, close, name, selfClose, text, stray] = m;
    if (stray) problems.push("raw '<' in text");
    else if (text !== undefined) {
      for (const amp of text.matchAll(/&([^;\s]*);?/g)) if (!/^&(amp|lt|gt|quot|apos);$/.test(amp[0])) problems.push(`bad entity ${amp[0]}`);
      if (text.includes(">")) problems.push("raw '>' in text");
    } else if (close) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}>`);
    } else if (!selfClose) stack.push(name!);
  }
  if (stack.length) problems.push(`unclosed ${stack.join(",")}`);
  return problems;
}

describe("launchd plist", () => {
  test("escapes the five XML specials", () => {
    expect(xmlEscape(`a&b<c>"d"'e'`)).toBe("a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;");
  });

  test("is well-formed with awkward paths and arguments, which come back intact", () => {
    const xml = launchdPlist(awkwardSpec());
    expect(xmlProblems(xml)).toEqual([]);
    expect(xmlProblems("<a><b></a>")).not.toEqual([]); // the checker itself can fail
    expect(xml).toContain("<string>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; 50% $HOME \\x</string>");
    expect(xml).toContain("<string>/opt/robo trader/robotrader</string>");
  });

  test("has the keys launchd needs, KeepAlive only on failure", () => {
    const xml = launchdPlist(awkwardSpec());
    for (const key of ["Label", "ProgramArguments", "WorkingDirectory", "EnvironmentVariables", "RunAtLoad", "KeepAlive", "ThrottleInterval", "StandardOutPath", "StandardErrorPath", "ExitTimeOut"]) {
      expect(xml).toContain(`<key>${key}</key>`);
    }
    expect(xml).toMatch(/<key>KeepAlive<\/key>\s*<dict>\s*<key>SuccessfulExit<\/key>\s*<false\/>/);
    expect(xml).toMatch(/<key>RunAtLoad<\/key>\s*<true\/>/);
    expect(xml).toMatch(/<key>ThrottleInterval<\/key>\s*<integer>30<\/integer>/);
    expect(xml).toMatch(/<key>ROBOTRADER_CONFIG<\/key>\s*<string>\/Users\/me\/R&amp;D &lt;x&gt;\/robotrader.toml<\/string>/);
    expect(xml).toContain("Restarting the runner after a crash is safe");
  });

  test("refuses relative paths and multi-line values, naming the field", () => {
    expect(() => launchdPlist(awkwardSpec({ workingDirectory: "data" }))).toThrow("workingDirectory must be an absolute path");
    expect(() => launchdPlist(awkwardSpec({ programArguments: ["/bin/robotrader", "run\nrm"] }))).toThrow("argument 1 must be one line");
    expect(() => launchdPlist(awkwardSpec({ environment: { "BAD NAME": "x" } }))).toThrow("environment name");
  });
});
