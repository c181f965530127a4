/**
 * The audit's HTML evidence page in headless Chromium: every release's DAG renders to an SVG without a
 * Mermaid error, and hostile commit messages and names stay text (no script runs, no dialog opens).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import nock from "nock";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRepository } from "../core/audit/audit.ts";
import { auditHtml } from "../core/audit/html.ts";
import { buildAuditScenario } from "./helpers/audit-scenario.ts";
import { browserAvailable, launchChromium } from "./helpers/browser.ts";
import { ROOT } from "./helpers/cli.ts";

const ARTIFACTS = join(ROOT, "test-artifacts");

describe.runIf(browserAvailable())("audit HTML in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    nock.enableNetConnect();
  });

  it("renders each release's DAG and shows hostile strings as text", async () => {
    nock.disableNetConnect();
    const s = await buildAuditScenario({ clean: true });
    const prompt = join(s.dir, "tenants/support/routes.yml");
    writeFileSync(prompt, `${readFileSync(prompt, "utf8")}# x\n`);
    const hostile = `<img src=x onerror="alert(1)"><script>alert(2)</script> ${"\u202e"}txt.exe`;
    execFileSync("git", ["commit", "-qam", hostile], {
      cwd: s.dir,
      env: { ...process.env, GIT_COMMITTER_NAME: '<b onmouseover="alert(3)">x</b>' },
    });
    const { report, diagrams } = await auditRepository({
      dir: s.dir,
      registry: s.registryDir,
      env: {},
      diagrams: true,
    });
    expect(diagrams.size).toBe(3);
    const file = join(ARTIFACTS, "audit.html");
    writeFileSync(file, auditHtml(report, diagrams));

    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(
      () => (window as unknown as { __charter?: { done: boolean } }).__charter?.done === true,
      null,
      {
        timeout: 60_000,
      },
    );
    const state = await page.evaluate(
      () => (window as unknown as { __charter: { rendered: number; errors: unknown[] } }).__charter,
    );
    const svgs = await page.$$eval("pre.mermaid", (els) => els.map((el) => el.querySelector("svg") !== null));
    const injected = await page.$$eval("img, b", (els) => els.length);
    // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees (not script text) is the point
    const text = await page.evaluate(() => document.body.innerText);
    await page.screenshot({ path: join(ARTIFACTS, "audit.png"), fullPage: true });
    await page.close();

    expect(state.errors).toEqual([]);
    expect(errors).toEqual([]);
    expect(svgs).toEqual([true, true, true]);
    expect(state.rendered).toBe(3);
    expect(dialogs).toEqual([]);
    expect(injected).toBe(0);
    expect(text).toContain('<img src=x onerror="alert(1)"><script>alert(2)</script>');
    expect(text).toContain("direct-push");
    // A right-to-left override cannot reorder the page: it is shown, not obeyed.
    expect(text).toContain("[U+202E]txt.exe");
  }, 120_000);
});
