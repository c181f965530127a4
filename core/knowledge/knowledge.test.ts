import { describe, expect, it } from "vitest";
import { Bm25Index } from "./bm25.ts";
import { chunkDocument } from "./chunk.ts";
import type { KnowledgeDocumentText } from "./retriever.ts";
import { tokenize } from "./tokenize.ts";

const DOC = "tenants/acme/knowledge/help/policy.md";

describe("tokenize", () => {
  it("lower-cases, splits on punctuation and drops stop words and single letters", () => {
    expect(tokenize("How do I get a refund?")).toEqual(["how", "do", "get", "refund"]);
    expect(tokenize("The refund is for you, and your ORDER!")).toEqual(["refund", "order"]);
    expect(tokenize("don't touch the customer's order")).toEqual(["don", "touch", "customer", "order"]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize("the of and -- !!")).toEqual([]);
  });

  it("stems plurals, -ing and -ed so word forms share a term", () => {
    expect(tokenize("refund refunds refunded refunding")).toEqual(["refund", "refund", "refund", "refund"]);
    expect(tokenize("policy policies")).toEqual(["policy", "policy"]);
    expect(tokenize("charge charges charged charging")).toEqual(["charg", "charg", "charg", "charg"]);
    expect(tokenize("boxes matches shipped billing")).toEqual(["box", "match", "ship", "bill"]);
    // Not plurals, and stems that would be too short are left alone.
    expect(tokenize("class status analysis uses bed")).toEqual(["class", "status", "analysis", "use", "bed"]);
  });

  it("keeps digits, including single ones", () => {
    expect(tokenize("Order 7 of 2024, item x")).toEqual(["order", "7", "2024", "item"]);
  });

  it("handles accented, compatibility and CJK text", () => {
    expect(tokenize("Rückerstattung für Kunden")).toEqual(["rückerstattung", "für", "kunden"]);
    // NFKC: a decomposed é, full-width letters and the fi ligature fold to their plain forms.
    expect(tokenize("Cafe\u0301")).toEqual(tokenize("café"));
    expect(tokenize("café")).toEqual(["café"]);
    expect(tokenize("ＲＥＦＵＮＤ ﬁnal")).toEqual(["refund", "final"]);
    expect(tokenize("退款政策")).toEqual(["退款", "款政", "政策"]);
    expect(tokenize("退款refund 钱")).toEqual(["退款", "refund", "钱"]);
    expect(tokenize("返金について")).toEqual(["返金", "金に", "につ", "つい", "いて"]);
  });
});

describe("chunkDocument", () => {
  it("starts a section at each heading and titles passages with it", () => {
    const text =
      "Intro text.\n\n# Refunds ##\n\nRefunds take 5 days.\n\n## Exceptions\n\nSale items are final.\n";
    expect(chunkDocument(DOC, text)).toEqual([
      { path: DOC, title: "policy", text: "Intro text." },
      { path: DOC, title: "Refunds", text: "Refunds take 5 days." },
      { path: DOC, title: "Exceptions", text: "Sale items are final." },
    ]);
  });

  it("packs paragraphs up to maxChars", () => {
    const p = (c: string) => c.repeat(30);
    const text = [p("a"), p("b"), p("c"), p("d"), p("e")].join("\n\n");
    expect(chunkDocument(DOC, text, 70).map((c) => c.text)).toEqual([
      `${p("a")}\n\n${p("b")}`,
      `${p("c")}\n\n${p("d")}`,
      p("e"),
    ]);
    expect(chunkDocument(DOC, text, 62).map((c) => c.text)[0]).toBe(`${p("a")}\n\n${p("b")}`);
    expect(chunkDocument(DOC, text, 61).map((c) => c.text)[0]).toBe(p("a"));
  });

  it("splits a long paragraph at sentences, then hard-splits", () => {
    const long = "First sentence is here. Second sentence is here. Third one.";
    expect(chunkDocument(DOC, `Short.\n\n${long}\n\nAfter.`, 40).map((c) => c.text)).toEqual([
      "Short.",
      "First sentence is here.",
      "Second sentence is here. Third one.",
      "After.",
    ]);
    expect(chunkDocument(DOC, "abcdefghijklmnopqrstuvwxy", 10).map((c) => c.text)).toEqual([
      "abcdefghij",
      "klmnopqrst",
      "uvwxy",
    ]);
    expect(chunkDocument(DOC, "aaaa bbbb cccc dddd", 10).map((c) => c.text)).toEqual([
      "aaaa bbbb",
      "cccc dddd",
    ]);
    expect(chunkDocument(DOC, "退款需要三天。请联系客服。", 8).map((c) => c.text)).toEqual([
      "退款需要三天。",
      "请联系客服。",
    ]);
  });

  it("strips front matter, CRLF and empty sections; code fences are not headings", () => {
    const text =
      "---\ntitle: Policy\ntags: [a]\n---\r\n# Heading\r\n\r\nBody --- text\r\n\r\n## Empty\r\n\r\n";
    expect(chunkDocument(DOC, text.replace(/\r\n/g, "\n"))).toEqual([
      { path: DOC, title: "Heading", text: "Body --- text" },
    ]);
    expect(chunkDocument(DOC, text)).toEqual([{ path: DOC, title: "Heading", text: "Body --- text" }]);
    expect(chunkDocument(DOC, "# Only a heading\n\n\n")).toEqual([]);
    expect(chunkDocument(DOC, "")).toEqual([]);
    expect(chunkDocument(DOC, "```sh\n# not a heading\n\necho hi\n```")).toEqual([
      { path: DOC, title: "policy", text: "```sh\n# not a heading\n\necho hi\n```" },
    ]);
  });

  it("treats HTML, JSON and CSV as plain text", () => {
    const html =
      "<html><style>p{color:red}</style><h2>Refunds <b>now</b></h2><p>Money &amp; time.</p><p>Next</p>";
    expect(chunkDocument("k/faq.html", html)).toEqual([
      { path: "k/faq.html", title: "Refunds now", text: "Money & time.\n\nNext" },
    ]);
    expect(chunkDocument("k/data.csv", "# id,name\n1,refund")).toEqual([
      { path: "k/data.csv", title: "data", text: "# id,name\n1,refund" },
    ]);
    expect(chunkDocument("k/rules.json", '{"a": 1}')).toEqual([
      { path: "k/rules.json", title: "rules", text: '{"a": 1}' },
    ]);
  });

  it("rejects a non-positive maxChars instead of looping", () => {
    expect(() => chunkDocument(DOC, "text", 0)).toThrow(RangeError);
  });
});

const doc = (path: string, text: string): KnowledgeDocumentText => ({ path, text });

describe("Bm25Index", () => {
  const help = [
    doc(
      "tenants/acme/knowledge/help/refunds.md",
      "# Refunds\n\nTo get a refund, contact support within 30 days. Refunds are issued to the original payment method.",
    ),
    doc(
      "tenants/acme/knowledge/help/shipping.md",
      "# Shipping\n\nOrders ship within 2 business days. You get a tracking number by email.",
    ),
    doc(
      "tenants/acme/knowledge/help/account.md",
      "# Account\n\nTo reset your password, open settings and choose reset.",
    ),
  ];

  it("ranks the refunds document first for a refund question", () => {
    const results = Bm25Index.build(help).search("how do I get a refund", 5);
    expect(results.map((r) => r.path)).toEqual([
      "tenants/acme/knowledge/help/refunds.md",
      "tenants/acme/knowledge/help/shipping.md",
    ]);
    expect(results[0]!.title).toBe("Refunds");
    expect(results[0]!.score).toBeGreaterThan(results[1]!.score);
  });

  it("gives a term present in every passage almost no weight (IDF)", () => {
    // Each passage has exactly 3 terms (one-letter file names add no title term), so every passage
    // has the average length and a tf=1 match scores exactly its IDF.
    const docs = [
      doc("k/a.md", "support alpha beta"),
      doc("k/b.md", "support gamma delta"),
      doc("k/c.md", "support epsilon zeta"),
      doc("k/d.md", "support refund eta"),
    ];
    const index = Bm25Index.build(docs);
    const common = index.search("support", 10);
    expect(common.map((r) => r.path)).toEqual(["k/a.md", "k/b.md", "k/c.md", "k/d.md"]);
    for (const r of common) expect(r.score).toBeCloseTo(Math.log(1 + 0.5 / 4.5), 12);
    const both = index.search("support refund", 10);
    expect(both[0]!.path).toBe("k/d.md");
    expect(both[0]!.score).toBeCloseTo(Math.log(1 + 0.5 / 4.5) + Math.log(1 + 3.5 / 1.5), 12);
    expect(both[1]!.score / both[0]!.score).toBeLessThan(0.1);
  });

  it("saturates repeated terms and normalises by passage length", () => {
    const index = Bm25Index.build([
      doc("k/a.md", "refund refund refund refund refund refund"),
      doc("k/b.md", "refund once with many other words padding this passage out considerably"),
      doc("k/c.md", "refund once"),
      doc("k/d.md", "unrelated"),
    ]);
    // The short passage beats the long one with the same tf, against the path tie-break.
    expect(index.search("refund", 10).map((r) => r.path)).toEqual(["k/a.md", "k/c.md", "k/b.md"]);
    const flat = Bm25Index.build(
      [doc("k/b.md", "refund once"), doc("k/c.md", "refund once more words here")],
      {
        b: 0,
      },
    );
    const [first, second] = flat.search("refund", 10);
    expect(first!.score).toBe(second!.score);
    expect(() => Bm25Index.build([], { b: 2 })).toThrow(RangeError);
  });

  it("breaks ties by path, then passage order, whatever the input order", () => {
    const a = doc("k/a.md", "# One\n\nrefund policy\n\n# Two\n\nrefund policy");
    const b = doc("k/b.md", "# One\n\nrefund policy\n\n# Two\n\nrefund policy");
    const expected = [
      ["k/a.md", "One"],
      ["k/a.md", "Two"],
      ["k/b.md", "One"],
      ["k/b.md", "Two"],
    ];
    for (const docs of [
      [a, b],
      [b, a],
    ]) {
      const results = Bm25Index.build(docs).search("refund", 10);
      expect(results.map((r) => [r.path, r.title])).toEqual(expected);
      expect(new Set(results.map((r) => r.score)).size).toBe(1);
    }
  });

  it("respects topK and returns nothing for empty, stop-word or unrelated queries", () => {
    const docs = Array.from({ length: 5 }, (_, i) => doc(`k/d${i}.md`, `refund number ${i}`));
    const index = Bm25Index.build(docs);
    expect(index.search("refund", 2)).toHaveLength(2);
    expect(index.search("refund", 100)).toHaveLength(5);
    expect(index.search("refund", 0)).toEqual([]);
    expect(index.search("refund", -1)).toEqual([]);
    expect(index.search("", 5)).toEqual([]);
    expect(index.search("the of and", 5)).toEqual([]);
    expect(index.search("quantum chromodynamics", 5)).toEqual([]);
    expect(Bm25Index.build([]).search("refund", 5)).toEqual([]);
    expect(Bm25Index.build([doc("k/empty.md", "---\na: 1\n---\n")]).size).toBe(0);
  });

  it("returns copies: mutating a result does not change the index", () => {
    const index = Bm25Index.build(help);
    index.search("refund", 1)[0]!.text = "changed";
    expect(index.search("refund", 1)[0]!.text).toContain("contact support");
  });

  it("isolates tenants by construction", () => {
    const acme = [
      doc("tenants/acme/knowledge/faq/refunds.md", "Acme refunds are issued within 30 days."),
      doc("tenants/acme/knowledge/faq/returns.md", "Return the item to get a refund."),
    ];
    const globex = [
      doc("tenants/globex/knowledge/faq/refunds.md", "Globex refunds need a manager approval."),
      doc("tenants/globex/knowledge/faq/secret.md", "Globex internal escalation codeword pineapple."),
    ];
    const acmeIndex = Bm25Index.build(acme);
    const globexIndex = Bm25Index.build(globex);
    expect(acmeIndex.search("refund", 100).map((r) => r.path)).toEqual([
      "tenants/acme/knowledge/faq/refunds.md",
      "tenants/acme/knowledge/faq/returns.md",
    ]);
    expect(globexIndex.search("refund", 100).map((r) => r.path)).toEqual([
      "tenants/globex/knowledge/faq/refunds.md",
    ]);
    expect(acmeIndex.search("globex manager pineapple codeword", 100)).toEqual([]);
    expect(globexIndex.search("pineapple", 100).map((r) => r.path)).toEqual([
      "tenants/globex/knowledge/faq/secret.md",
    ]);
  });

  it("builds 10,000 passages and answers 100 queries quickly", () => {
    // Deterministic LCG so the corpus (and therefore the timing) is the same on every run.
    let seed = 42;
    const rand = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    // Squaring skews word choice towards low ids, a rough Zipf-like distribution.
    const word = () => `word${Math.floor(rand() ** 2 * 5000)}`;
    const sentence = (n: number) => Array.from({ length: n }, word).join(" ");
    const docs = Array.from({ length: 1000 }, (_, d) =>
      doc(
        `tenants/perf/knowledge/big/doc${d}.md`,
        Array.from({ length: 10 }, (_, s) => `## Section ${s}\n\n${sentence(40)}.`).join("\n\n"),
      ),
    );
    const queries = Array.from({ length: 100 }, () => sentence(4));
    const start = performance.now();
    const index = Bm25Index.build(docs);
    const built = performance.now();
    let hits = 0;
    for (const q of queries) hits += index.search(q, 10).length;
    const searched = performance.now();
    expect(index.size).toBe(10_000);
    expect(hits).toBe(1000);
    expect(built - start).toBeLessThan(1500);
    expect(searched - start).toBeLessThan(2000);
  });
});
