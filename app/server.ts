/**
 * `npm run app`: the approvals app as a plain Node HTTP server. Configuration follows Probot's
 * environment conventions (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PATH,
 * LOG_LEVEL, GHE_HOST) plus PORT, HOST and the CHARTER_* settings below.
 */
import { createServer, type Server } from "node:http";
import { createNodeMiddleware, createProbot } from "probot";
import { parseDuration } from "../core/text/duration.ts";
import { createCharterApp } from "./charter-app.ts";

export interface ServerSettings {
  port: number;
  host: string;
  concurrency: number;
  reconcileIntervalMs: number;
  adminToken?: string;
}

/** Reads and checks the environment; every problem is reported at once, with what to set. */
export function readSettings(env: Record<string, string | undefined>): ServerSettings {
  const problems: string[] = [];
  if (!env.APP_ID || !/^\d+$/.test(env.APP_ID)) problems.push("APP_ID must be the GitHub App's numeric id.");
  if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH)
    problems.push("PRIVATE_KEY (the PEM text) or PRIVATE_KEY_PATH (its file) must be set.");
  if (!env.WEBHOOK_SECRET) problems.push("WEBHOOK_SECRET must be set: unsigned webhooks are refused.");
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number; got "${env.PORT}".`);
  const concurrency = Number(env.CHARTER_CONCURRENCY ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    problems.push(`CHARTER_CONCURRENCY must be a whole number ≥ 1; got "${env.CHARTER_CONCURRENCY}".`);
  let reconcileIntervalMs = 3_600_000;
  if (env.CHARTER_RECONCILE_INTERVAL !== undefined) {
    try {
      reconcileIntervalMs =
        env.CHARTER_RECONCILE_INTERVAL === "0" ? 0 : parseDuration(env.CHARTER_RECONCILE_INTERVAL);
    } catch {
      problems.push(
        `CHARTER_RECONCILE_INTERVAL must be a duration such as 30m or 1h (or 0 to disable); got "${env.CHARTER_RECONCILE_INTERVAL}".`,
      );
    }
  }
  if (problems.length) throw new Error(`The approvals app cannot start:\n  - ${problems.join("\n  - ")}`);
  return {
    port,
    host: env.HOST ?? "0.0.0.0",
    concurrency,
    reconcileIntervalMs,
    ...(env.CHARTER_ADMIN_TOKEN ? { adminToken: env.CHARTER_ADMIN_TOKEN } : {}),
  };
}

export async function startServer(env: Record<string, string | undefined> = process.env): Promise<Server> {
  const settings = readSettings(env);
  const probot = createProbot({ env });
  const charter = createCharterApp({
    appId: Number(env.APP_ID),
    concurrency: settings.concurrency,
    reconcileIntervalMs: settings.reconcileIntervalMs,
    ...(settings.adminToken ? { adminToken: settings.adminToken } : {}),
  });
  const middleware = await createNodeMiddleware(charter.appFn, { probot });
  const server = createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(settings.port, settings.host, resolve));
  probot.log.info(`Charter approvals app listening on http://${settings.host}:${settings.port}`);
  return server;
}
