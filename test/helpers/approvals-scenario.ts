/** A governed repository on the fake GitHub: two tenants, and pull request #7 changing support's prompt. */
import { people, policyTree } from "./approvals.ts";
import { FakeGitHub, type FakePull } from "./fake-github.ts";
import { PROMPT } from "./governed-repo.ts";

export function scenario(
  options: {
    baseFiles?: Record<string, string>;
    headFiles?: Record<string, string>;
    pull?: Partial<FakePull>;
  } = {},
) {
  const github = new FakeGitHub();
  const base: Record<string, string> = {
    ...(policyTree() as Record<string, string>),
    "tenants/support/prompts/classify.yml": PROMPT,
    "tenants/finance/prompts/invoice.yml": PROMPT.replace("name: classify", "name: invoice"),
    ...options.baseFiles,
  };
  const head: Record<string, string> = {
    ...base,
    "tenants/support/prompts/classify.yml": PROMPT.replace("version: 1.0.0", "version: 1.1.0").replace(
      "Classify the text.",
      "Classify the customer's text.",
    ),
    ...options.headFiles,
  };
  for (const [p, c] of Object.entries(head)) if (c === "") delete head[p];
  const baseSha = github.commit("base", base);
  const headSha = github.commit("head", head);
  github.user("sam-support", people.sam.id);
  github.user("frank-finance", people.frank.id);
  github.team("acme/support-leads", [people.lead.id]);
  github.team("acme/governance", [people.gov.id]);
  github.team("acme/security", [people.sec.id]);
  const pull = github.pull({ number: 7, author: people.author, baseSha, headSha, ...options.pull });
  return { github, pull, baseSha, headSha };
}
