/**
 * openRegistry picks the backend from the spec; registryCredentialsFromEnv reads the CHARTER_REGISTRY_*
 * variables. The transport's challenge parser is checked here too (quoted commas in scopes).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DistributionRegistry } from "./distribution.ts";
import { LayoutRegistry } from "./layout.ts";
import { openRegistry, registryCredentialsFromEnv } from "./open.ts";
import { parseChallenge } from "./transport.ts";
import { RegistryError } from "./types.ts";

const cwd = mkdtempSync(join(tmpdir(), "charter-open-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe("openRegistry", () => {
  it("opens http(s) URLs as distribution registries", () => {
    const registry = openRegistry("https://ghcr.io/acme", { username: "u", password: "p" });
    expect(registry).toBeInstanceOf(DistributionRegistry);
    expect(registry.location).toBe("https://ghcr.io/acme");
    expect(() => openRegistry("http://registry.internal:5000")).toThrow(/refusing plain http/);
    expect(openRegistry("http://registry.internal:5000", { insecure: true }).location).toBe(
      "http://registry.internal:5000",
    );
  });

  it("opens oci:PATH and plain paths as layouts, relative to cwd", () => {
    const oci = openRegistry("oci:build/registry", { cwd });
    expect(oci).toBeInstanceOf(LayoutRegistry);
    expect(oci.location).toBe(`oci:${join(cwd, "build", "registry")}`);
    expect(openRegistry("./out", { cwd }).location).toBe(`oci:${join(cwd, "out")}`);
    expect(openRegistry("/abs/dir", { cwd }).location).toBe("oci:/abs/dir");
    expect(openRegistry("oci:ghcr.io/acme", { cwd }).location).toBe(`oci:${join(cwd, "ghcr.io", "acme")}`);
  });

  it("refuses what looks like a registry host without a scheme, and unknown schemes", () => {
    for (const spec of ["ghcr.io/acme", "localhost:5000", "registry.example.com"]) {
      const error = (() => {
        try {
          openRegistry(spec, { cwd });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(RegistryError);
      expect((error as Error).message).toContain(`https://${spec}`);
    }
    expect(() => openRegistry("s3://bucket", { cwd })).toThrow(/unsupported registry scheme/);
    expect(() => openRegistry("oci:", { cwd })).toThrow(/needs a directory/);
    expect(() => openRegistry("", { cwd })).toThrow(/no registry given/);
  });
});

describe("registryCredentialsFromEnv", () => {
  it("reads the three variables, ignoring empty ones", () => {
    expect(
      registryCredentialsFromEnv({
        CHARTER_REGISTRY_USERNAME: "ci",
        CHARTER_REGISTRY_PASSWORD: "pw",
        CHARTER_REGISTRY_TOKEN: "",
      }),
    ).toEqual({ username: "ci", password: "pw" });
    expect(registryCredentialsFromEnv({ CHARTER_REGISTRY_TOKEN: "t" })).toEqual({ token: "t" });
    expect(registryCredentialsFromEnv({})).toEqual({});
  });
});

describe("parseChallenge", () => {
  it("parses Bearer parameters, keeping commas inside quotes", () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: "bearer",
      params: {
        realm: "https://auth.example/token",
        service: "registry.example",
        scope: "repository:a/b:pull,push",
      },
    });
    expect(parseChallenge('Basic realm="x"')).toEqual({ scheme: "basic", params: { realm: "x" } });
  });
});
