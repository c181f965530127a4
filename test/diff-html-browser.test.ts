/**
 * The HTML page of `charter diff --html`, opened in headless Chromium: every diagram must render to an
 * SVG without a Mermaid error — the demo's sample pull request, and a large, hostile synthetic diff.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePullRequest } from "../cli/demo/sample-pull-request.ts";
import type { ChangeSet, WorkflowDiff } from "../core/diff/change.ts";
import { diffProject } from "../core/diff/diff.ts";
import { diffHtml } from "../core/report/diff-html.ts";
import { browserAvailable, launchChromium } from "./helpers/browser.ts";
import { ROOT } from "./helpers/cli.ts";

const ARTIFACTS = join(ROOT, "test-artifacts");

function hostileDiff(): ChangeSet {
  const names = ['say "hi"', "a[1]{2}(3)", "<b>bold</b>", "`md` **x**", "漢字 🙂", "end", "x|y", "#35;"];
  const nodes = Array.from({ length: 300 }, (_, i) => ({
    id: `${names[i % names.length]} ${i}`,
    status: (i % 17 === 0 ? "changed" : i % 29 === 0 ? "added" : "unchanged") as
      | "changed"
      | "added"
      | "unchanged",
    type: "transform",
    fields: [],
  }));
  const wf = {
    nodes: Object.fromEntries(
      nodes.map((n, i) => [
        n.id,
        {
          type: "transform",
          needs: [],
          checks: [],
          value: 1,
          ...(i % 5 === 0 ? { if: `\${{ inputs.x == '${names[i % names.length]}' }}` } : {}),
        },
      ]),
    ),
  } as never;
  const wd: WorkflowDiff = {
    tenant: "t",
    name: 'hostile "graph"',
    status: "changed",
    base: wf,
    head: wf,
    file: "w.yml",
    nodes,
    edges: nodes.slice(1).map((n, i) => ({
      from: nodes[Math.floor(i / 2)]!.id,
      to: n.id,
      kind: "needs" as const,
      status: (i % 13 === 0 ? "added" : "unchanged") as "added" | "unchanged",
    })),
  };
  return {
    changes: [],
    workflows: [wd, { ...wd, name: "second", nodes: nodes.slice(0, 12), edges: wd.edges.slice(0, 11) }],
    summaries: [],
  };
}

describe.runIf(browserAvailable())("diff HTML in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function render(name: string, html: string) {
    const file = join(ARTIFACTS, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(
      () => (window as unknown as { __charter?: { done: boolean } }).__charter?.done === true,
      null,
      { timeout: 60_000 },
    );
    const state = await page.evaluate(
      () => (window as unknown as { __charter: { rendered: number; errors: unknown[] } }).__charter,
    );
    const blocks = await page.$$eval("pre.mermaid", (els) =>
      els.map((el) => el.querySelector("svg") !== null && !el.classList.contains("error")),
    );
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    await page.close();
    return { state, blocks, pageErrors };
  }

  it("renders every diagram of the demo's sample pull request", async () => {
    const pr = await samplePullRequest();
    const { changeSet } = await diffProject({ dir: pr.dir, base: pr.base, head: pr.head });
    const { state, blocks, pageErrors } = await render(
      "diff-sample-pr",
      diffHtml(changeSet, { title: "sample pull request" }),
    );
    expect(state.errors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.every(Boolean)).toBe(true);
    expect(state.rendered).toBe(blocks.length);
  }, 90_000);

  it("renders a large diff with hostile labels", async () => {
    const { state, blocks, pageErrors } = await render(
      "diff-hostile",
      diffHtml(hostileDiff(), { title: "<script>alert(1)</script>" }),
    );
    expect(state.errors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(blocks).toEqual([true, true]);
  }, 90_000);
});
