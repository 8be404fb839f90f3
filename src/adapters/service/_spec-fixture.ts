import type { ServiceSpec } from "./service-spec.ts";

/** Test helper: a spec with awkward characters everywhere they may appear. */
export function awkwardSpec(overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    label: "com.robotrader.runner",
    unitName: "robotrader.service",
    description: "robotrader trading runner",
    programArguments: ["/opt/robo trader/robotrader", "run", "--strategy", `a&b <c> "d" 'e' 50% $HOME \\x`],
    workingDirectory: "/Users/me/R&D <x>",
    stdoutPath: "/Users/me/R&D <x>/data/logs/runner.out.log",
    stderrPath: "/Users/me/R&D <x>/data/logs/runner.err.log",
    environment: { ROBOTRADER_CONFIG: "/Users/me/R&D <x>/robotrader.toml" },
    restartDelaySeconds: 30,
    stopTimeoutSeconds: 30,
    ...overrides,
  };
}
