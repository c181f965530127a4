import type { LintRule, RuleContext } from "../rule.ts";

/** Well-known credential formats. Each pattern is anchored on a distinctive prefix to stay precise. */
const PATTERNS: { name: string; re: RegExp }[] = [
  { name: "Anthropic API key", re: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  { name: "OpenAI API key", re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/ },
  { name: "GitHub token", re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { name: "AWS access key id", re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "Slack token", re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: "Google API key", re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: "Stripe secret key", re: /\b(?:sk|rk)_live_[0-9A-Za-z]{20,}/ },
  {
    name: "private key",
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/,
  },
  { name: "JSON Web Token", re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: "password in a URL", re: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]+:[^/\s:@'"]{3,}@/ },
];

const COMBINED = new RegExp(PATTERNS.map((p) => `(${p.re.source})`).join("|"), "g");

/** A key that names a credential, given a literal value in YAML. */
const SECRET_KEY =
  /^[ \t-]*["']?(password|passwd|secret|client_secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token|token|bearer)["']?[ \t]*:[ \t]*(["']?)([^\s#"'][^#\n]*?)\2[ \t]*(?:#.*)?$/gim;

function redact(s: string): string {
  return s.length <= 8 ? "****" : `${s.slice(0, 4)}…${"*".repeat(4)}`;
}

function scanText(
  ctx: RuleContext,
  file: string,
  text: string,
  positionAt: (offset: number) => { line: number; column: number },
  isYaml: boolean,
): void {
  const fix = isYaml
    ? "Remove it, rotate it now (it is in git history), and read it from an environment variable (e.g. api_key_env, token_env)."
    : "Remove it from the knowledge document and rotate it now: retrieved text is sent to models and stays in git history.";
  for (const m of text.matchAll(COMBINED)) {
    const index = m.slice(1).findIndex((g) => g !== undefined);
    const kind = PATTERNS[index]?.name ?? "credential";
    const article = /^[aeiou]/i.test(kind) ? "an" : "a";
    ctx.report(
      { file, ...positionAt(m.index) },
      `Looks like ${article} ${kind} (${redact(m[0])}) committed in ${file}. ${fix}`,
    );
  }
  if (!isYaml) return;
  for (const m of text.matchAll(SECRET_KEY)) {
    const value = m[3]!.trim();
    if (
      /^(null|~|""|''|true|false)$/i.test(value) ||
      value.includes("${{") ||
      /^[A-Z_][A-Z0-9_]*$/.test(value)
    )
      continue;
    const keyOffset = m.index + m[0].indexOf(m[1]!);
    ctx.report(
      { file, ...positionAt(keyOffset) },
      `"${m[1]}" holds a literal value (${redact(value)}). Credentials never go in governed files: ${fix}`,
    );
  }
}

/** Credentials must never be committed: not in YAML (values, keys or comments) and not in knowledge documents. */
export const secret: LintRule = {
  id: "secret",
  description:
    "No credentials in governed files or knowledge documents (API keys, tokens, private keys, passwords).",
  severity: "error",
  async check(ctx) {
    for (const file of ctx.repo.files.values()) {
      scanText(ctx, file.path, file.text, (o) => file.positionAt(o), true);
    }
    const docs = [...ctx.repo.tenants.values()].flatMap((t) =>
      [...t.knowledge.values()].flat().map((d) => d.path),
    );
    if (docs.length === 0) return;
    const contents = await ctx.repo.source.readMany(docs);
    for (const [path, bytes] of contents) {
      const text = bytes.toString("utf8");
      const lineStarts = [0];
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
      const positionAt = (offset: number) => {
        let lo = 0;
        let hi = lineStarts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (lineStarts[mid]! <= offset) lo = mid;
          else hi = mid - 1;
        }
        return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
      };
      scanText(ctx, path, text, positionAt, false);
    }
  },
};
