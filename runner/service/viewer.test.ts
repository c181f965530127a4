/**
 * The run viewer (`GET /ui`) in headless Chromium against a real runner service: sign in, list the
 * tenant's runs, open one (diagram drawn by Mermaid, node details), approve its pending step and see
 * it finish; API errors shown; tenants kept apart; hostile strings shown as text.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeRecord } from "../../core/execute/records.ts";
import { browserAvailable, launchChromium } from "../../test/helpers/browser.ts";
import { ROOT } from "../../test/helpers/cli.ts";
import { INPUTS, type RunnerScenario, runnerScenario } from "../../test/helpers/runner-scenario.ts";
import { writeTree } from "../../test/helpers/tree.ts";
import type { RunRow } from "../store.ts";
import { jsonLogger } from "./log.ts";
import { RunnerMetrics } from "./metrics.ts";
import { RunnerService } from "./server.ts";
import { TokenStore } from "./tokens.ts";
import { viewerPage } from "./viewer.ts";

const ARTIFACTS = join(ROOT, "test-artifacts", "viewer");
const HOSTILE = "<img src=x onerror=alert(1)>";
const TOKEN_KEY = "charter.viewer.token";

describe.runIf(browserAvailable())("run viewer in headless Chromium", () => {
  let r: RunnerScenario;
  let tokens: TokenStore;
  let service: RunnerService;
  let browser: Browser;
  let base: string;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    [browser, r] = await Promise.all([launchChromium(), runnerScenario()]);
    tokens = new TokenStore(join(writeTree({}), "tokens.db"));
    t.support = tokens.create({ tenant: "support", name: "ops", user: "alice" }).token;
    t.supportRead = tokens.create({ tenant: "support", name: "dashboard", scopes: ["runs:read"] }).token;
    t.mallory = tokens.create({ tenant: "support", name: "intruder", user: "mallory" }).token;
    t.finance = tokens.create({ tenant: "finance", name: "fin", user: "alice" }).token;
    service = new RunnerService({
      runner: r.runner(),
      store: r.store,
      tokens,
      metrics: new RunnerMetrics(),
      log: jsonLogger(() => {}),
      viewer: viewerPage,
    });
    base = `http://127.0.0.1:${(await service.listen(0)).port}`;
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.shutdown(1000);
    tokens?.close();
    r?.store.close();
  });

  async function api<T = { run: RunRow }>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return (await res.json()) as T;
  }

  /** Starts support/triage through the API and waits until it parks on its `gate` approval. */
  async function parkedRun(inputs: Record<string, unknown> = INPUTS): Promise<string> {
    const started = await api("POST", "/v1/runs", t.support!, { release: "support/triage@1.1.0", inputs });
    const id = started.run.id;
    for (let i = 0; i < 250; i++) {
      const { run } = await api("GET", `/v1/runs/${id}`, t.support!);
      if (run.status === "waiting") return id;
      if (run.status !== "running") throw new Error(`run ${id} ended ${run.status}`);
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error(`run ${id} did not park`);
  }

  interface Watched {
    page: Page;
    problems: string[];
    dialogs: string[];
  }

  async function openViewer(): Promise<Watched> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const dialogs: string[] = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const res = await page.goto(`${base}/ui`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toContain("connect-src 'self'");
    return { page, problems, dialogs };
  }

  async function signIn(page: Page, token: string): Promise<void> {
    if (await page.locator("#sign-out").isVisible()) await page.locator("#sign-out").click();
    await page.getByLabel("Access token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  const runRow = (page: Page, id: string) => page.locator(`#runs-body tr[data-run="${id}"]`);
  const nodeRow = (page: Page, node: string) => page.locator(`#nodes-body tr[data-node="${node}"]`);

  async function runStatus(page: Page, id: string, status: string, timeout = 15_000): Promise<void> {
    await runRow(page, id).locator(".badge", { hasText: status }).waitFor({ timeout });
  }

  async function openRun(page: Page, id: string): Promise<void> {
    await runRow(page, id).getByRole("button", { name: id }).click();
    await page.locator("#detail-title", { hasText: id }).waitFor();
    await page.locator("#diagram[data-rendered] svg").waitFor({ timeout: 15_000 });
  }

  it("signs in, lists the waiting run, shows its diagram and nodes, approves it and sees it succeed", async () => {
    const id = await parkedRun();
    const { page, problems, dialogs } = await openViewer();
    await signIn(page, t.support!);
    await runStatus(page, id, "waiting");
    const cells = await runRow(page, id).locator("td").allTextContents();
    expect(cells[0]).toBe(id);
    expect(cells[1]).toBe("triage@1.1.0");
    expect(cells[3]).toMatch(/^\$\d+\.\d{6}$/);
    // The token lives in sessionStorage only: not in the URL, not in localStorage.
    expect(page.url()).not.toContain(t.support!);
    expect(
      await page.evaluate((key) => [sessionStorage.getItem(key), localStorage.length], TOKEN_KEY),
    ).toEqual([t.support, 0]);
    await page.locator(`#approvals-list [data-run="${id}"][data-node="gate"]`).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "runs.png"), fullPage: true });

    await openRun(page, id);
    // The diagram is Mermaid's SVG with the waiting node styled by the server's classDef.
    const waitingFill = await page.evaluate(() => {
      const shape = document.querySelector(
        "#diagram svg g.node.waiting rect, #diagram svg g.node.waiting polygon",
      );
      return shape ? getComputedStyle(shape).fill : null;
    });
    expect(waitingFill).toBe("rgb(255, 248, 197)");
    expect(await page.locator("#diagram svg g.node").count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator("#diagram").textContent()).toContain("gate");

    const detail = await api<{ run: RunRow; nodes: Record<string, NodeRecord> }>(
      "GET",
      `/v1/runs/${id}`,
      t.support!,
    );
    const llm = detail.nodes.classify!.llm!;
    const classify = nodeRow(page, "classify");
    expect(await classify.locator(".badge").textContent()).toBe("succeeded");
    expect(await classify.locator("td.model").textContent()).toContain(llm.model);
    expect(await classify.locator("td.prompt").textContent()).toBe(`classify@${llm.promptVersion}`);
    expect(await classify.locator("td.tokens").textContent()).toBe(
      `${llm.inputTokens} in / ${llm.outputTokens} out`,
    );
    expect(await nodeRow(page, "customer").textContent()).toContain(`crm.lookup {"email":"${INPUTS.email}"}`);
    expect(await nodeRow(page, "docs").textContent()).toContain("retrieved: kb");
    expect(await nodeRow(page, "gate").locator(".badge").textContent()).toBe("waiting");
    expect(await nodeRow(page, "gate").textContent()).toContain("for 1 approval(s) from team:acme/support");
    expect(await nodeRow(page, "note").textContent()).toContain("not reached");
    const facts = await page.locator("#facts").textContent();
    expect(facts).toContain(detail.run.manifestDigest);
    expect(facts).toContain((detail.run.provenance.signers as string[])[0]);
    expect(facts).toContain("Release approved byalice");
    await page.screenshot({ path: join(ARTIFACTS, "run-detail.png"), fullPage: true });

    const pending = page.locator(`#approvals-list [data-run="${id}"][data-node="gate"]`);
    await pending.getByLabel("Comment").fill("looks right");
    await pending.getByRole("button", { name: `Approve gate of ${id}` }).click();
    await page.locator("#message.info", { hasText: `Approved gate of ${id}.` }).waitFor();
    await runStatus(page, id, "succeeded");
    await nodeRow(page, "note").locator(".badge", { hasText: "succeeded" }).waitFor({ timeout: 10_000 });
    expect(await nodeRow(page, "gate").textContent()).toContain(
      "approval: approved by user:alice — “looks right”",
    );
    expect(await page.locator("#run-approvals").textContent()).toMatch(/gate\s*approved\s*by user:alice/);
    await page.locator("#diagram svg g.node.succeeded").first().waitFor();
    expect(await page.locator("#diagram svg g.node.waiting").count()).toBe(0);
    expect(await page.locator("#approvals-list").textContent()).toContain("No pending approvals.");
    await page.screenshot({ path: join(ARTIFACTS, "approved.png"), fullPage: true });
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 30_000);

  it("shows API errors: a bad token, a token that may not approve; another tenant sees nothing", async () => {
    const id = await parkedRun();
    const { page } = await openViewer();

    await signIn(page, "chr_not_a_real_token");
    await page.locator("#message.error", { hasText: "Invalid or expired token." }).waitFor();
    expect(await page.locator("#message").getAttribute("role")).toBe("alert");
    expect(await page.locator("#content").isHidden()).toBe(true);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY)).toBeNull();

    await signIn(page, t.finance!);
    await page.locator("#runs-body td.empty", { hasText: "No runs." }).waitFor();
    await page.locator("#approvals-list", { hasText: "No pending approvals." }).waitFor();
    expect(await page.locator("body").textContent()).not.toContain(id);
    expect(await page.locator("#message").isHidden()).toBe(true);

    await signIn(page, t.mallory!);
    const pending = page.locator(`#approvals-list [data-run="${id}"][data-node="gate"]`);
    await pending.getByRole("button", { name: `Approve gate of ${id}` }).click();
    await page.locator("#message.error", { hasText: "mallory is not an approver of gate" }).waitFor();
    expect(await page.locator("#message").textContent()).toContain("(403 forbidden)");

    await signIn(page, t.supportRead!);
    await pending.getByRole("button", { name: `Deny gate of ${id}` }).click();
    await page
      .locator("#message.error", { hasText: "This token does not have the approvals:write scope." })
      .waitFor();
    expect((await api("GET", `/v1/runs/${id}`, t.support!)).run.status).toBe("waiting");
    await page.close();
  }, 30_000);

  it("shows hostile strings from inputs and comments as text, never as markup", async () => {
    const id = await parkedRun({ text: `charged twice ${HOSTILE}`, email: HOSTILE });
    const { page, problems, dialogs } = await openViewer();
    await signIn(page, t.support!);
    await runStatus(page, id, "waiting");
    await openRun(page, id);
    expect(await nodeRow(page, "customer").textContent()).toContain(`crm.lookup {"email":"${HOSTILE}"}`);

    const pending = page.locator(`#approvals-list [data-run="${id}"][data-node="gate"]`);
    await pending.getByLabel("Comment").fill(HOSTILE);
    await pending.getByRole("button", { name: `Approve gate of ${id}` }).click();
    await runStatus(page, id, "succeeded");
    await page.locator("#facts", { hasText: "Outputs" }).waitFor({ timeout: 10_000 });
    expect(await nodeRow(page, "gate").textContent()).toContain(`“${HOSTILE}”`);
    expect(await page.locator("#run-approvals").textContent()).toContain(`“${HOSTILE}”`);
    expect(await page.locator("#facts").textContent()).toContain(`charged twice ${HOSTILE}`);
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});
