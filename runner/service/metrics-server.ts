/**
 * A worker's own small HTTP endpoint: `GET /metrics` (Prometheus text; when a token is configured it
 * is required as a bearer, compared in constant time) and `GET /healthz`. Nothing else is served.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunnerMetrics } from "./metrics.ts";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? "");
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export async function serveMetrics(
  metrics: RunnerMetrics,
  options: { port: number; host?: string; token?: string; healthy?: () => boolean },
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (status: number, body: string, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (req.method !== "GET") return send(405, "method not allowed\n");
    if (path === "/healthz")
      return (options.healthy?.() ?? true) ? send(200, "ok\n") : send(503, "stopping\n");
    if (path !== "/metrics") return send(404, "not found\n");
    if (options.token && !bearerMatches(req.headers.authorization, options.token))
      return send(401, "unauthorized\n");
    return send(200, metrics.render(), "text/plain; version=0.0.4");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
