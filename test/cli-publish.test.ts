import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "./helpers/cli.ts";
import { CHARTER } from "./helpers/governed-repo.ts";
import { mockPullRequest, OWNER, publishScenario, REPO, type Scenario } from "./helpers/publish-scenario.ts";
import { git, writeTree } from "./helpers/tree.ts";

describe("charter publish / verify / promote / keys", () => {
  let s: Scenario;
  beforeEach(async () => {
    nock.disableNetConnect();
    s = await publishScenario();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const env = () => ({ CHARTER_SIGNING_KEY_FILE: s.keyFile });

  it("keys generate writes a 0600 private key and a public key, prints how to use them, and never overwrites", async () => {
    const dir = writeTree({});
    const r = await cli(["keys", "generate", "--dir", dir, "--name", "release"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(statSync(join(dir, "release.key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "release.pub"), "utf8")).toContain("BEGIN PUBLIC KEY");
    expect(r.stdout).toMatch(/Key id: \S{44}/);
    expect(r.stdout).toContain("public_key_file: release.pub");
    const again = await cli(["keys", "generate", "--dir", dir, "--name", "release"], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; refusing to overwrite/);
  });

  it("publish --dry-run prints the plan; publish writes it; verify checks it; promote moves production", async () => {
    const dry = await cli(["publish", s.dir, "--ref", s.first, "--registry", s.registryDir, "--dry-run"], {
      env: env(),
    });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Plan for [0-9a-f]{12}/);
    expect(dry.stdout).toContain("↑ support/triage 1.0.0  publish  first release");
    expect(dry.stdout).toContain("2 to publish, 0 to complete, 0 unchanged, 0 refused");

    const first = await cli(["publish", s.dir, "--ref", s.first, "--registry", s.registryDir], {
      env: env(),
    });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("No GITHUB_TOKEN");
    expect(first.stdout).toContain("published");

    const scope = mockPullRequest(s);
    const second = await cli(
      [
        "publish",
        s.dir,
        "--ref",
        s.merge,
        "--registry",
        s.registryDir,
        "--repo",
        `${OWNER}/${REPO}`,
        "--format",
        "json",
      ],
      { env: { ...env(), GITHUB_TOKEN: "t" } },
    );
    scope.done();
    expect(second.code).toBe(0);
    const json = JSON.parse(second.stdout);
    expect(json.pullRequest.number).toBe(7);
    expect(json.plan.map((e: { workflow: string; action: string }) => `${e.workflow}:${e.action}`)).toEqual([
      "helper:unchanged",
      "triage:publish",
    ]);

    const verify = await cli([
      "verify",
      "support/triage@1.1.0",
      "--registry",
      s.registryDir,
      "--key",
      s.publicKeyFile,
    ]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain("✓ support/triage 1.1.0 verified");
    expect(verify.stdout).toContain("approvals  1/1 counted: alice");
    expect(verify.stdout).toContain("PR         #7 by dev, merged by lead");

    const promoted = await cli([
      "promote",
      "support/triage@1.1.0",
      "--channel",
      "production",
      "--registry",
      s.registryDir,
      "--key",
      s.publicKeyFile,
    ]);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain("✓ production → support/triage 1.1.0");
    const back = await cli([
      "promote",
      "support/triage@1.0.0",
      "--channel",
      "production",
      "--registry",
      s.registryDir,
      "--key",
      s.publicKeyFile,
    ]);
    expect(back.code).toBe(1);
    expect(back.stderr).toMatch(/production is at 1.1.0, higher than 1.0.0. Pass --allow-downgrade/);
    const rollback = await cli([
      "promote",
      "support/triage@1.0.0",
      "--channel",
      "production",
      "--allow-downgrade",
      "--registry",
      s.registryDir,
      "--key",
      s.publicKeyFile,
    ]);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain("(was 1.1.0)");
    const viaChannel = await cli([
      "verify",
      "support/triage@production",
      "--registry",
      s.registryDir,
      "--key",
      s.publicKeyFile,
      "--format",
      "json",
    ]);
    expect(JSON.parse(viaChannel.stdout).governance.version).toBe("1.0.0");
  });

  it("verify refuses with the reason and exit 1: wrong key, unknown version; bad release names are usage errors", async () => {
    await cli(["publish", s.dir, "--ref", s.first, "--registry", s.registryDir, "--no-github"], {
      env: env(),
    });
    const other = await publishScenario();
    const wrong = await cli([
      "verify",
      "support/triage@1.0.0",
      "--registry",
      s.registryDir,
      "--key",
      other.publicKeyFile,
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/does not verify:\n.*untrusted-key/);
    const missing = await cli([
      "verify",
      "support/triage@2.0.0",
      "--registry",
      s.registryDir,
      "--key",
      s.publicKeyFile,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/not published/);
    const bad = await cli(["verify", "../etc@1.0.0", "--registry", s.registryDir, "--key", s.publicKeyFile]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a release: use TENANT\/WORKFLOW@VERSION/);
    const noKeys = await cli(["verify", "support/triage@1.0.0", "--registry", s.registryDir, "--dir", s.dir]);
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toMatch(/No trusted keys/);
    const notPromoted = await cli([
      "promote",
      "support/triage@1.0.0",
      "--channel",
      "production",
      "--registry",
      s.registryDir,
      "--key",
      other.publicKeyFile,
    ]);
    expect(notPromoted.code).toBe(1);
    expect(notPromoted.stderr).toMatch(/Not promoted: .* does not verify/);
  });

  it("publish refuses without a key, and on a republished version, with exit codes and no stack traces", async () => {
    const noKey = await cli(["publish", s.dir, "--ref", s.first, "--registry", s.registryDir, "--no-github"]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/charter keys generate/);
    expect(noKey.stderr).not.toMatch(/at .*\.ts:\d+/);
    await cli(["publish", s.dir, "--ref", s.first, "--registry", s.registryDir, "--no-github"], {
      env: env(),
    });
    git(s.dir, "reset", "-q", "--hard", s.first);
    writeTree(
      {
        "tenants/support/prompts/classify.yml": readFileSync(
          join(s.dir, "tenants/support/prompts/classify.yml"),
          "utf8",
        ).replace("Classify the text.", "Classify!"),
      },
      s.dir,
    );
    git(s.dir, "commit", "-qam", "no bump");
    const refused = await cli(["publish", s.dir, "--registry", s.registryDir, "--no-github"], { env: env() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /Nothing was published:\n {2}support\/triage: version 1.0.0 is already published with different content/,
    );
  });

  it("verify trusts keyless signers only with a pinned trusted root, and keys and keyless signers side by side", async () => {
    await cli(["publish", s.dir, "--ref", s.first, "--registry", s.registryDir, "--no-github"], {
      env: env(),
    });
    const keyless = `signing:\n  keyless:\n    - { issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/acme/workflows/.github/workflows/publish.yml@refs/heads/main" }\n`;
    const governed = writeTree({ "charter.yml": `${CHARTER}${keyless}`, "root.json": "{}", "bad.json": "{" });
    const noRoot = await cli([
      "verify",
      "support/triage@1.0.0",
      "--registry",
      s.registryDir,
      "--dir",
      governed,
    ]);
    expect(noRoot.code).toBe(2);
    expect(noRoot.stderr).toMatch(
      /trusts keyless signers but no Sigstore trusted root is pinned: pass --trusted-root/,
    );
    const badRoot = await cli([
      "verify",
      "support/triage@1.0.0",
      "--registry",
      s.registryDir,
      "--dir",
      governed,
      "--trusted-root",
      join(governed, "bad.json"),
    ]);
    expect(badRoot.stderr).toMatch(/Cannot read the trusted root/);
    // The release is key-signed: with only keyless trust it does not verify; with the key as well, it does.
    const onlyKeyless = await cli([
      "verify",
      "support/triage@1.0.0",
      "--registry",
      s.registryDir,
      "--dir",
      governed,
      "--trusted-root",
      join(governed, "root.json"),
    ]);
    expect(onlyKeyless.code).toBe(1);
    expect(onlyKeyless.stdout).toMatch(/untrusted-key/);
    writeFileSync(join(governed, "release.pub"), readFileSync(s.publicKeyFile));
    writeFileSync(
      join(governed, "charter.yml"),
      `${CHARTER}signing:\n  trusted_keys:\n    - { id: release, public_key_file: release.pub }\n  keyless:\n    - { issuer: "https://token.actions.githubusercontent.com", subject: "x" }\n  trusted_root_file: root.json\n`,
    );
    const both = await cli([
      "verify",
      "support/triage@1.0.0",
      "--registry",
      s.registryDir,
      "--dir",
      governed,
    ]);
    expect(both.code, both.stdout + both.stderr).toBe(0);
    expect(both.stdout).toMatch(/signed by {2}release \(key \S+\)/);
  });

  it("publish reports a GitHub failure without publishing", async () => {
    nock("https://api.github.com")
      .get(`/repos/${OWNER}/${REPO}/commits/${s.first}/pulls`)
      .query(true)
      .reply(401, { message: "Bad credentials" });
    const r = await cli(
      ["publish", s.dir, "--ref", s.first, "--registry", s.registryDir, "--repo", `${OWNER}/${REPO}`],
      { env: { ...env(), GITHUB_TOKEN: "bad" } },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /Cannot read how [0-9a-f]{12} was merged from GitHub .*HTTP 401.*nothing was published/,
    );
  });
});
