/**
 * Records the cassettes that let `charter draft` run offline on the example repository
 * (examples/acme/cassettes/support). This repository has no API keys, so the "model" is scripted:
 * its first answer has a dangling `needs` (so the demo shows a repair round), its second is valid.
 * Re-run after changing the draft request (prompt, schema) or what it shows of the tenant:
 * `npx tsx scripts/record-draft-example.ts`. Real cassettes come from `charter draft --record`.
 */
import { join } from "node:path";
import { draftWorkflow } from "../core/drafts/draft.ts";
import { evalEnvironment } from "../core/eval/environment.ts";
import { loadRepo } from "../core/model/load.ts";
import type { ChatRequest, ChatResponse, Provider } from "../core/providers/provider.ts";
import { DirectorySource } from "../core/source/directory-source.ts";

export const DRAFT_EXAMPLE = {
  tenant: "support",
  description:
    "Classify each inbound ticket and, for billing tickets, write a short summary for the finance team",
};

function answer(needs: string[]) {
  return {
    workflow: {
      apiVersion: "charter/v1",
      kind: "Workflow",
      name: "billing-summary",
      version: "1.0.0",
      description: "Classify a ticket; summarise billing tickets for the finance team.",
      inputs: {
        ticket: {
          type: "object",
          required: ["subject", "body"],
          properties: { subject: { type: "string" }, body: { type: "string" } },
        },
      },
      budget: { max_usd: 0.05, timeout: "60s" },
      nodes: {
        classify: {
          type: "llm",
          prompt: "classify-ticket",
          route: "fast",
          with: { subject: "${{ inputs.ticket.subject }}", body: "${{ inputs.ticket.body }}" },
        },
        summarize: {
          type: "llm",
          needs,
          if: "${{ nodes.classify.output.category == 'billing' }}",
          prompt: "summarize-billing-ticket",
          route: "careful",
          with: { summary: "${{ nodes.classify.output.summary }}", ticket: "${{ inputs.ticket.body }}" },
        },
      },
      outputs: {
        category: "${{ nodes.classify.output.category }}",
        finance_summary: "${{ nodes.summarize.output }}",
      },
    },
    prompts: [
      {
        apiVersion: "charter/v1",
        kind: "Prompt",
        name: "summarize-billing-ticket",
        version: "1.0.0",
        description: "Summarise a billing ticket for the finance team.",
        variables: {
          summary: { type: "string", description: "The classifier's one-line summary." },
          ticket: { type: "string", description: "The ticket text." },
        },
        params: { temperature: 0.2 },
        messages: [
          {
            role: "system",
            content:
              "You write short notes for Acme's finance team. Summarise the billing issue in at most three sentences: what was charged, what the customer asks for, and any amounts or dates. No greeting.",
          },
          { role: "user", content: "Triage summary: {{ summary }}\n\nTicket:\n{{ ticket }}" },
        ],
      },
    ],
    notes:
      "Reuses classify-ticket on the fast route; the summary uses the careful route. Add eval cases for the new prompt before merging.",
  };
}

/** Answers in turn; the last answer repeats. */
function scripted(answers: object[]): Provider {
  let i = 0;
  return {
    type: "scripted",
    async chat(req: ChatRequest): Promise<ChatResponse> {
      const a = answers[Math.min(i++, answers.length - 1)]!;
      const text = JSON.stringify(a);
      return {
        text,
        json: a,
        toolCalls: [],
        usage: {
          inputTokens: Math.ceil(JSON.stringify(req.messages).length / 4),
          outputTokens: Math.ceil(text.length / 4),
        },
        finishReason: "stop",
        model: req.model,
      };
    },
  };
}

export async function recordDraftExample(dir: string): Promise<void> {
  const provider = scripted([answer(["classify", "lookup-customer"]), answer(["classify"])]);
  const source = new DirectorySource(dir);
  const loaded = await loadRepo(source);
  const env = evalEnvironment({
    repo: loaded.repo,
    mode: "record",
    env: {},
    cassetteSources: [source],
    recordRoot: dir,
    createProvider: () => provider,
  });
  const result = await draftWorkflow({
    source,
    loaded,
    tenant: DRAFT_EXAMPLE.tenant,
    description: DRAFT_EXAMPLE.description,
    chat: (call) => env.router.chat(call),
  });
  await env.caller.flush();
  if (result.status !== "ok")
    throw new Error(`the scripted draft did not pass lint: ${JSON.stringify(result.errors, null, 2)}`);
  console.log(`${dir}: recorded a draft of ${result.tenant}/${result.workflow} in ${result.rounds} rounds`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await recordDraftExample(join(import.meta.dirname, "..", "examples", "acme"));
}
