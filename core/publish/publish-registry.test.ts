/**
 * Publish and verify against a real OCI distribution server (Debian's docker-registry, loopback
 * only): the same releases as on the on-disk layout, with the referrers found through the tag-schema
 * fallback, a repository prefix, and a registry that stops answering mid-publish.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dockerRegistryAvailable,
  type RunningRegistry,
  startDockerRegistry,
} from "../../test/helpers/docker-registry.ts";
import { publishScenario } from "../../test/helpers/publish-scenario.ts";
import { openRegistry } from "../registry/open.ts";
import { fallbackTag } from "../registry/types.ts";
import { loadTrustedKeys } from "../signing/keys.ts";
import { publishProject } from "./project.ts";
import { verifyRelease } from "./verify-release.ts";

describe.skipIf(!dockerRegistryAvailable())("publish to a real registry server", () => {
  let server: RunningRegistry;
  beforeAll(async () => {
    server = await startDockerRegistry();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("publishes, re-runs idempotently, and verifies back through the referrers fallback", async () => {
    const s = await publishScenario();
    const url = `${server.url}/acme`;
    const first = await publishProject({ dir: s.dir, ref: s.first, registry: url, env: s.env });
    expect(first.outcomes.map((o) => o.repository)).toEqual(["acme/support/helper", "acme/support/triage"]);
    const registry = openRegistry(server.url);
    const tags = await registry.listTags("acme/support/triage");
    const manifest = (await registry.resolve("acme/support/triage", "1.0.0"))!;
    expect(tags).toEqual(expect.arrayContaining(["1.0.0", "staging", fallbackTag(manifest.digest)]));
    const again = await publishProject({ dir: s.dir, ref: s.first, registry: url, env: s.env });
    expect(again.outcomes.flatMap((o) => o.wrote)).toEqual([]);
    expect(await registry.referrers("acme/support/triage", manifest.digest)).toHaveLength(2);
    const v = await verifyRelease(registry, "acme/support/triage", "staging", {
      trustedKeys: loadTrustedKeys([s.publicKeyFile]),
    });
    expect(v.ok && v.governance.version).toBe("1.0.0");
  });

  it("fails with a network error when the registry dies mid-publish, and completes once it is back", async () => {
    const own = await startDockerRegistry();
    try {
      const s = await publishScenario();
      await expect(
        publishProject({
          dir: s.dir,
          ref: s.first,
          registry: own.url,
          env: s.env,
          onStep: async (entry, step) => {
            if (entry.workflow === "triage" && step === "attestations") await own.kill();
          },
        }),
      ).rejects.toMatchObject({ name: "RegistryError", code: "network" });
      const back = await startDockerRegistry({ storageDir: own.storageDir });
      try {
        const r = await publishProject({ dir: s.dir, ref: s.first, registry: back.url, env: s.env });
        expect(r.outcomes.map((o) => o.workflow)).toEqual(["helper", "triage"]);
        const registry = openRegistry(back.url);
        const v = await verifyRelease(registry, "support/triage", "1.0.0", {
          trustedKeys: loadTrustedKeys([s.publicKeyFile]),
        });
        expect(v.ok).toBe(true);
        const d = (await registry.resolve("support/triage", "1.0.0"))!;
        expect(await registry.referrers("support/triage", d.digest)).toHaveLength(2);
      } finally {
        await back.stop();
      }
    } finally {
      await own.stop().catch(() => {});
    }
  });
});
