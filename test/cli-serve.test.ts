import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serveCommand } from "../cli/commands/serve.ts";
import type { CliIO } from "../cli/io.ts";
import { cli } from "./helpers/cli.ts";
import { runnerScenario } from "./helpers/runner-scenario.ts";
import { writeTree } from "./helpers/tree.ts";

describe("charter tokens and charter serve", () => {
  it("issues, lists and revokes tokens; the secret is shown once and never listed", async () => {
    const cwd = writeTree({});
    const created = await cli(
      ["tokens", "create", "--tenant", "support", "--name", "ops", "--user", "alice", "--expires", "1d"],
      { cwd },
    );
    expect(created.code).toBe(0);
    const token = created.stdout.split("\n")[0]!;
    expect(token).toMatch(/^chr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const id = token.slice(4, 20);
    const listed = await cli(["tokens", "list"], { cwd });
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(token.slice(21));
    expect((await cli(["tokens", "revoke", id], { cwd })).stdout).toBe(`Revoked ${id}.\n`);
    expect((await cli(["tokens", "list"], { cwd })).stdout).toContain("revoked");
    expect((await cli(["tokens", "revoke", id], { cwd })).code).toBe(1);
    expect(
      (await cli(["tokens", "create", "--tenant", "support", "--scope", "root"], { cwd })).stderr,
    ).toMatch(/Unknown scope "root"/);
  });

  it("serves the API, the viewer and metrics, and stops on signal", async () => {
    const r = await runnerScenario();
    r.store.close();
    const cwd = writeTree({});
    const state = join(cwd, "state");
    const token = (
      await cli(["tokens", "create", "--tenant", "support", "--state", state], { cwd })
    ).stdout.split("\n")[0]!;
    let stderr = "";
    const io: CliIO = {
      stdout: () => {},
      stderr: (t) => {
        stderr += t;
      },
      cwd,
      env: {},
      isTTY: false,
    };
    const stop = new AbortController();
    const serving = serveCommand(
      { state, port: "0", registry: r.s.registryDir, key: [r.s.publicKeyFile] },
      io,
      stop.signal,
    );
    let url = "";
    for (let i = 0; i < 100 && !url; i++) {
      url = /"url":"(http:\/\/[^"]+)"/.exec(stderr)?.[1] ?? "";
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const runs = await fetch(`${url}/v1/runs`, { headers: { authorization: `Bearer ${token}` } });
    expect(await runs.json()).toEqual({ runs: [] });
    expect((await fetch(`${url}/ui`)).headers.get("content-type")).toMatch(/text\/html/);
    expect((await fetch(`${url}/ui/mermaid.min.js`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain(
      "# TYPE charter_runs_started_total counter",
    );
    stop.abort();
    expect(await serving).toBe(0);
    expect(stderr).toContain('"msg":"runner service stopped"');
    for (const line of stderr.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  });
});
