import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "./client.ts";
import { type CommentsClient, upsertStickyComment } from "./sticky-comment.ts";

const API = "https://api.github.com";
const MARKER = "<!-- charter:diff -->";
const target = { owner: "acme", repo: "ai", issueNumber: 7, marker: MARKER };

async function client(): Promise<CommentsClient> {
  return (await createGitHubClient("test-token", { env: {} })) as unknown as CommentsClient;
}

function comment(id: number, body: string, type: "User" | "Bot" = "User") {
  return {
    id,
    body,
    html_url: `https://github.com/acme/ai/pull/7#issuecomment-${id}`,
    user: { login: type === "Bot" ? "github-actions[bot]" : `user${id}`, type },
  };
}

describe("sticky PR comment (nock, GitHub's API shapes)", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("creates the comment when none carries the marker", async () => {
    const written: unknown[] = [];
    const scope = nock(API, { reqheaders: { authorization: "token test-token" } })
      .get("/repos/acme/ai/issues/7/comments")
      .query({ per_page: 100 })
      .reply(200, [comment(1, "LGTM")])
      .post("/repos/acme/ai/issues/7/comments", (b) => {
        written.push(b);
        return true;
      })
      .reply(201, comment(99, `${MARKER}\nhello`, "Bot"));
    const result = await upsertStickyComment(await client(), target, `${MARKER}\nhello`);
    expect(result).toEqual({
      action: "created",
      id: 99,
      url: "https://github.com/acme/ai/pull/7#issuecomment-99",
    });
    expect(written).toEqual([{ body: `${MARKER}\nhello` }]);
    scope.done();
  });

  it("finds its comment on the second page of a PR with more than 100 comments and updates it in place", async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => comment(i + 1, `comment ${i}`));
    const written: unknown[] = [];
    const scope = nock(API)
      .get("/repos/acme/ai/issues/7/comments")
      .query({ per_page: 100 })
      .reply(200, page1, {
        link: `<${API}/repositories/1/issues/7/comments?per_page=100&page=2>; rel="next", <${API}/repositories/1/issues/7/comments?per_page=100&page=2>; rel="last"`,
      })
      .get("/repositories/1/issues/7/comments")
      .query({ per_page: 100, page: 2 })
      .reply(200, [comment(150, `${MARKER}\nold`, "Bot"), comment(151, "later")])
      .patch("/repos/acme/ai/issues/comments/150", (b) => {
        written.push(b);
        return true;
      })
      .reply(200, comment(150, `${MARKER}\nnew`, "Bot"));
    const result = await upsertStickyComment(await client(), target, `${MARKER}\nnew`);
    expect(result.action).toBe("updated");
    expect(result.id).toBe(150);
    expect(written).toEqual([{ body: `${MARKER}\nnew` }]);
    scope.done();
  });

  it("does nothing when the comment already says the same", async () => {
    const scope = nock(API)
      .get("/repos/acme/ai/issues/7/comments")
      .query(true)
      .reply(200, [comment(5, `${MARKER}\nsame`, "Bot")]);
    expect(await upsertStickyComment(await client(), target, `${MARKER}\nsame`)).toMatchObject({
      action: "unchanged",
      id: 5,
    });
    scope.done();
  });

  it("never edits a human's comment that contains the marker", async () => {
    const scope = nock(API)
      .get("/repos/acme/ai/issues/7/comments")
      .query(true)
      .reply(200, [comment(3, `quoting: ${MARKER}`, "User")])
      .post("/repos/acme/ai/issues/7/comments")
      .reply(201, comment(4, `${MARKER}\nx`, "Bot"));
    expect((await upsertStickyComment(await client(), target, `${MARKER}\nx`)).action).toBe("created");
    scope.done();
  });

  it("surfaces API errors instead of pretending it posted", async () => {
    nock(API)
      .get("/repos/acme/ai/issues/7/comments")
      .query(true)
      .reply(403, { message: "Resource not accessible by integration" });
    await expect(upsertStickyComment(await client(), target, `${MARKER}\nx`)).rejects.toThrow(
      /Resource not accessible by integration/,
    );
  });

  it("refuses a body without its marker (it could never be found again)", async () => {
    await expect(upsertStickyComment(await client(), target, "no marker")).rejects.toThrow(
      /must contain its marker/,
    );
  });
});
