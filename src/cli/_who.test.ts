import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cliActor } from "./_who.ts";

describe("cliActor", () => {
  test("$USER wins; without it the uid's name comes from passwd, then the uid: never 'unknown'", () => {
    const host = os.hostname();
    expect(cliActor({ USER: "alice" })).toBe(`cli:alice@${host}`);
    expect(cliActor({ LOGNAME: "bob" })).toBe(`cli:bob@${host}`);
    const dir = mkdtempSync(path.join(os.tmpdir(), "rt-who-"));
    const passwd = path.join(dir, "passwd");
    const uid = process.getuid!();
    writeFileSync(passwd, `other:x:${uid + 1}:0::/:/bin/sh\ncarol:x:${uid}:0::/home/carol:/bin/sh\n`);
    const byPasswd = cliActor({}, passwd);
    // os.userInfo() may know the name itself; where it says "unknown" (as Bun does without $USER), passwd does.
    expect(byPasswd).not.toContain("unknown");
    expect(byPasswd).toMatch(new RegExp(`^cli:[^@]+@${host}$`));
    expect(cliActor({}, path.join(dir, "absent"))).not.toContain("cli:unknown@");
  });
});
