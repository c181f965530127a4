import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";

const PROMPT = "tenants/support/prompts/classify.yml";

// Assembled at run time so this file itself never contains a credential-shaped string.
const fake = (prefix: string, body: string) => prefix + body;
const SECRETS: [string, string][] = [
  ["OpenAI API key", fake("sk-proj-", "Abcdefghijklmnopqrstuvwx0123456789")],
  ["Anthropic API key", fake("sk-ant-", "api03-abcdefghijklmnopqrstuvwxyz0123")],
  ["GitHub token", fake("ghp_", "abcdefghijklmnopqrstuvwxyz0123456789")],
  ["AWS access key id", fake("AKIA", "IOSFODNN7EXAMPLE")],
  ["Slack token", fake("xoxb-", "123456789012-abcdefghij")],
  ["private key", fake("-----BEGIN ", "PRIVATE KEY-----")],
  ["password in a URL", fake("postgres://admin:", "hunter22@db.example.com/prod")],
];

describe("secret", () => {
  it.each(SECRETS)("finds a %s in a YAML value and redacts it", async (kind, value) => {
    const tree = edit(
      validRepo(),
      PROMPT,
      "content: Classify the text.",
      `content: "Classify the text. ${value}"`,
    );
    const d = byRule(await lintTree(tree), "secret");
    expect(d.map(where)).toEqual([`secret ${at(tree, PROMPT, value)}`]);
    expect(d[0]!.message).toContain(kind);
    expect(d[0]!.message).not.toContain(value);
  });

  it("finds secrets in comments and in knowledge documents", async () => {
    const key = fake("ghp_", "abcdefghijklmnopqrstuvwxyz0123456789");
    const tree = {
      ...edit(validRepo(), "models.yml", "providers:", `# old key: ${key}\nproviders:`),
      "tenants/support/knowledge/kb/leak.md": `Internal notes\n\ntoken ${key}\n`,
    };
    const d = byRule(await lintTree(tree), "secret");
    expect(d.map(where)).toEqual([
      "secret models.yml:3:12",
      "secret tenants/support/knowledge/kb/leak.md:3:7",
    ]);
  });

  it("finds literal values under credential keys, but not env var names or expressions", async () => {
    const literal = edit(
      validRepo(),
      "models.yml",
      "openai: { type: openai }",
      "openai:\n    type: openai\n    api_key: not-a-real-key-but-literal",
    );
    const d = byRule(await lintTree(literal), "secret");
    expect(d.map((x) => x.message)).toEqual([expect.stringMatching(/"api_key" holds a literal value/)]);
    const safe = edit(
      validRepo(),
      "models.yml",
      "openai: { type: openai }",
      "openai:\n    type: openai\n    api_key_env: OPENAI_API_KEY",
    );
    expect(byRule(await lintTree(safe), "secret")).toEqual([]);
  });

  it("does not flag ordinary text, ids and public keys", async () => {
    const tree = edit(
      validRepo(),
      PROMPT,
      "content: Classify the text.",
      'content: "Ask for skill-based routing; token counts; -----BEGIN PUBLIC KEY-----"',
    );
    expect(byRule(await lintTree(tree), "secret")).toEqual([]);
  });
});
