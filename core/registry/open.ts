/**
 * A registry from what the user typed: `http://…` / `https://…` is a distribution-spec registry (the
 * path is a namespace prefix), `oci:PATH` or a filesystem path is a directory of OCI image layouts.
 * A bare `ghcr.io/acme` that does not exist on disk is refused rather than silently becoming a
 * directory: the user almost certainly meant the registry and must say `https://`.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { DistributionRegistry } from "./distribution.ts";
import { LayoutRegistry } from "./layout.ts";
import type { Credentials } from "./transport.ts";
import { type Registry, RegistryError } from "./types.ts";

export interface OpenRegistryOptions extends Credentials {
  /** Allow plain http to non-loopback hosts. */
  insecure?: boolean;
  /** Base for relative layout paths. Default process.cwd(). */
  cwd?: string;
  /** Per-request timeout for a distribution registry. */
  timeoutMs?: number;
}

export function openRegistry(spec: string, opts: OpenRegistryOptions = {}): Registry {
  if (/^https?:\/\//i.test(spec)) {
    const { username, password, token, insecure, timeoutMs } = opts;
    return new DistributionRegistry(spec, { username, password, token, insecure, timeoutMs });
  }
  const cwd = opts.cwd ?? process.cwd();
  if (/^oci:/i.test(spec)) {
    const path = spec.slice(4);
    if (!path) throw new RegistryError("unsupported", "oci: needs a directory, e.g. oci:./registry");
    return new LayoutRegistry(resolve(cwd, path));
  }
  if (!spec)
    throw new RegistryError("unsupported", "no registry given: use https://HOST[/NAMESPACE] or oci:DIR");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec))
    throw new RegistryError(
      "unsupported",
      `unsupported registry scheme in ${JSON.stringify(spec)}: use https:// or oci:`,
    );
  const looksLikeHost = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?(\/|$)/i.test(spec);
  if (looksLikeHost && !existsSync(resolve(cwd, spec)))
    throw new RegistryError(
      "unsupported",
      `${JSON.stringify(spec)} looks like a registry host: write https://${spec} (or oci:${spec} for a local directory)`,
    );
  return new LayoutRegistry(resolve(cwd, spec));
}

/** CHARTER_REGISTRY_USERNAME / _PASSWORD / _TOKEN; empty values count as unset. */
export function registryCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Credentials {
  const get = (key: string) => (env[key] ? env[key] : undefined);
  const credentials: Credentials = {};
  const username = get("CHARTER_REGISTRY_USERNAME");
  const password = get("CHARTER_REGISTRY_PASSWORD");
  const token = get("CHARTER_REGISTRY_TOKEN");
  if (username) credentials.username = username;
  if (password) credentials.password = password;
  if (token) credentials.token = token;
  return credentials;
}
