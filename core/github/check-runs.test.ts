import { describe, expect, it } from "vitest";
import { checkName, decodeRecord, encodeRecord, mergeRecords } from "./check-runs.ts";

const lee = { id: 1003, login: "lee-lead", type: "User" };
const pat = { id: 1, login: "pat", type: "User" };

describe("check run push records", () => {
  it("round-trips pushers, the push time and the pull request number", () => {
    const record = { pushers: [lee, pat], pushedAt: "2026-11-25T12:00:00Z", pr: 7 };
    const encoded = encodeRecord(record);
    expect(encoded).toBe("charter1;n=7;p=1003:lee-lead,1:pat;t=2026-11-25T12:00:00Z");
    expect(decodeRecord(encoded)).toEqual(record);
  });

  it("reads anything else as an empty record", () => {
    for (const id of [null, undefined, "", "other-app-id", "charter1;p=abc:x,:y;t=not-a-date;n=-3"])
      expect(decodeRecord(id)).toEqual({ pushers: [] });
  });

  it("merges records: every pusher once, the later push time", () => {
    expect(
      mergeRecords(
        { pushers: [pat], pushedAt: "2026-11-25T10:00:00Z" },
        { pushers: [pat, lee], pushedAt: "2026-11-25T11:00:00Z", pr: 3 },
      ),
    ).toEqual({ pushers: [pat, lee], pushedAt: "2026-11-25T11:00:00Z", pr: 3 });
  });

  it("names the check after the base branch", () => {
    expect(checkName("release/2.x")).toBe("Charter approvals (release/2.x)");
  });
});
