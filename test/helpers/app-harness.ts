/**
 * Runs the real approvals app (Probot's Node middleware on a loopback HTTP server) against the fake
 * GitHub, and delivers webhooks the way GitHub does: JSON bodies signed with the webhook secret.
 */
import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { type CharterApp, type CharterAppOptions, createCharterApp } from "../../app/charter-app.ts";
import { FakeGitHub } from "./fake-github.ts";

export const SECRET = "webhook-secret-for-tests";
const PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  type: "pkcs1",
  format: "pem",
}) as string;

export interface Harness {
  github: FakeGitHub;
  app: CharterApp;
  url: string;
  /** Delivers a webhook; resolves with the HTTP status once the app has answered. */
  deliver(event: string, payload: object, options?: { id?: string; signature?: string }): Promise<number>;
  /** Delivers and waits until every evaluation it caused has finished. */
  send(event: string, payload: object, options?: { id?: string }): Promise<void>;
  close(): Promise<void>;
}

let deliveries = 0;

export function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export async function startHarness(
  github: FakeGitHub = new FakeGitHub(),
  options: CharterAppOptions & { productionOctokit?: boolean } = {},
): Promise<Harness> {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  github.intercept();
  const probot = new Probot({
    appId: github.appId,
    privateKey: PRIVATE_KEY,
    secret: SECRET,
    logLevel: "fatal",
    // GitHub's pacing (one write per second) and retries are production behaviour; here every
    // request is answered at once, and failures must surface, not be retried away.
    // (A function, so it applies after Probot's own defaults, which would turn pacing back on.)
    ...(options.productionOctokit
      ? {}
      : {
          Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
            ...o,
            retry: { enabled: false },
            throttle: { ...(o.throttle as object), enabled: false },
          })),
        }),
  });
  const { productionOctokit: _, ...appOptions } = options;
  const app = createCharterApp({ appId: github.appId, ...appOptions });
  const middleware = await createNodeMiddleware(app.appFn, { probot });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const deliver: Harness["deliver"] = async (event, payload, opts = {}) => {
    const body = JSON.stringify(payload);
    const res = await fetch(`${url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": opts.id ?? `delivery-${++deliveries}`,
        "x-hub-signature-256": opts.signature ?? sign(body),
      },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  };
  return {
    github,
    app,
    url,
    deliver,
    async send(event, payload, opts = {}) {
      const status = await deliver(event, payload, opts);
      if (status !== 200) throw new Error(`webhook ${event} answered ${status}`);
      await app.idle();
    },
    async close() {
      await app.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
