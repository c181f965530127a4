/**
 * A real OCI registry for tests: Debian's `docker-registry` (distribution 2.8.2) started on 127.0.0.1 with
 * a free port, a temporary storage directory and a config file written here (JSON is valid YAML). With
 * `htpasswd`, basic auth is required; the bcrypt hash comes from `htpasswd -B` when apache2-utils is
 * installed, else from Perl's `crypt` (perl-base is Essential in Debian and libcrypt does bcrypt), so no
 * npm package or extra apt package is needed.
 *
 * Under CI=true a missing binary is a failure, not a skip: `.ci/run` installs the docker-registry package.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const DOCKER_REGISTRY = "/usr/bin/docker-registry";

/** Whether registry tests can run; throws under CI=true when the binary is missing. */
export function dockerRegistryAvailable(): boolean {
  if (existsSync(DOCKER_REGISTRY)) return true;
  if (process.env.CI === "true")
    throw new Error(
      `${DOCKER_REGISTRY} is missing: install Debian's docker-registry package (.ci/run does).`,
    );
  return false;
}

export interface DockerRegistryOptions {
  /** Require basic auth with this single user. */
  htpasswd?: { username: string; password: string };
  /** Reuse a storage directory (e.g. of a killed registry); it is then not removed by `stop()`. */
  storageDir?: string;
}

export interface RunningRegistry {
  /** `http://127.0.0.1:PORT` */
  url: string;
  storageDir: string;
  /** SIGTERM, wait for exit, remove the temporary directory (and the storage unless it was passed in). */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit; temporary files stay until `stop()`. */
  kill(): Promise<void>;
}

export async function startDockerRegistry(options: DockerRegistryOptions = {}): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "charter-registry-"));
  const storageDir = options.storageDir ?? join(dir, "storage");
  const port = await freePort();
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: "error", accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: storageDir }, delete: { enabled: true } },
    http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString("hex") },
  };
  if (options.htpasswd) {
    const file = join(dir, "htpasswd");
    writeFileSync(file, `${options.htpasswd.username}:${bcrypt(options.htpasswd.password)}\n`);
    config.auth = { htpasswd: { realm: "charter-test", path: file } };
  }
  const configFile = join(dir, "config.yml");
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  const child = spawn(DOCKER_REGISTRY, ["serve", configFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  const end = async (signal: NodeJS.Signals) => {
    if (running) child.kill(signal);
    await exited;
  };
  let removed = false;
  const handle: RunningRegistry = {
    url: `http://127.0.0.1:${port}`,
    storageDir,
    kill: () => end("SIGKILL"),
    stop: async () => {
      await end("SIGTERM");
      if (removed) return;
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitReady(
      handle.url,
      () => running,
      () => stderr,
    );
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

async function waitReady(url: string, running: () => boolean, stderr: () => string): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if (!running()) throw new Error(`docker-registry exited during startup:\n${stderr()}`);
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`docker-registry did not answer ${url}/v2/ within 10 s:\n${stderr()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A bcrypt hash (cost 5) as htpasswd files hold it. */
function bcrypt(password: string): string {
  try {
    return execFileSync("htpasswd", ["-nbB", "-C", "5", "x", password], { encoding: "utf8" }).trim().slice(2);
  } catch {
    // no apache2-utils: fall through to Perl
  }
  const alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(21);
  // The 22nd salt character only carries 2 bits: keep it canonical.
  const salt = `${Array.from(bytes, (b) => alphabet[b % 64]).join("")}${".Oeu"[bytes[0]! % 4]}`;
  const hash = execFileSync("perl", ["-e", "print crypt($ARGV[0], $ARGV[1])", password, `$2b$05$${salt}`], {
    encoding: "utf8",
  });
  if (!hash.startsWith("$2b$05$"))
    throw new Error("cannot make a bcrypt hash: install apache2-utils (htpasswd) or a libcrypt with bcrypt");
  return hash;
}
