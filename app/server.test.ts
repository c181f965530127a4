import { generateKeyPairSync } from "node:crypto";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { readSettings, startServer } from "./server.ts";

const PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  type: "pkcs1",
  format: "pem",
}) as string;

describe("approvals app server settings", () => {
  it("lists every missing or malformed setting at once, saying what to set", () => {
    expect(() =>
      readSettings({ PORT: "http", CHARTER_CONCURRENCY: "0", CHARTER_RECONCILE_INTERVAL: "soon" }),
    ).toThrow(
      [
        "The approvals app cannot start:",
        "  - APP_ID must be the GitHub App's numeric id.",
        "  - PRIVATE_KEY (the PEM text) or PRIVATE_KEY_PATH (its file) must be set.",
        "  - WEBHOOK_SECRET must be set: unsigned webhooks are refused.",
        '  - PORT must be a port number; got "http".',
        '  - CHARTER_CONCURRENCY must be a whole number ≥ 1; got "0".',
        '  - CHARTER_RECONCILE_INTERVAL must be a duration such as 30m or 1h (or 0 to disable); got "soon".',
      ].join("\n"),
    );
  });

  it("has defaults for everything optional", () => {
    expect(readSettings({ APP_ID: "1", PRIVATE_KEY: "k", WEBHOOK_SECRET: "s" })).toEqual({
      port: 3000,
      host: "0.0.0.0",
      concurrency: 8,
      reconcileIntervalMs: 3_600_000,
    });
    expect(
      readSettings({ APP_ID: "1", PRIVATE_KEY: "k", WEBHOOK_SECRET: "s", CHARTER_RECONCILE_INTERVAL: "0" })
        .reconcileIntervalMs,
    ).toBe(0);
  });

  it("serves health checks and refuses unsigned webhooks", async () => {
    const server = await startServer({
      APP_ID: "1",
      PRIVATE_KEY,
      WEBHOOK_SECRET: "s",
      PORT: "0",
      HOST: "127.0.0.1",
      CHARTER_RECONCILE_INTERVAL: "0",
      LOG_LEVEL: "fatal",
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${url}/healthz`)).text()).toBe("ok\n");
      const hook = await fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "pull_request",
          "x-github-delivery": "1",
        },
        body: "{}",
      });
      expect(hook.status).toBe(400);
      expect((await fetch(`${url}/nope`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
