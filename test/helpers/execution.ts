import { ModelCaller } from "../../core/calls/model-caller.ts";
import type { ApprovalDecision } from "../../core/execute/records.ts";
import type { ExecutionServices, ToolInvocation } from "../../core/execute/services.ts";
import type { Retriever } from "../../core/knowledge/retriever.ts";
import { loadRepo } from "../../core/model/load.ts";
import { Router } from "../../core/routing/router.ts";
import { MemorySource } from "../../core/source/memory-source.ts";
import { FakeClock, type FakeProvider, fakeFactory } from "./fake-provider.ts";

export interface TestServices extends ExecutionServices {
  toolCalls: ToolInvocation[];
  approvalsAsked: string[];
}

/** Execution services over an in-memory repository, a scripted provider and stubbed tools/approvals. */
export async function testServices(
  files: Record<string, string>,
  provider: FakeProvider,
  options: {
    tools?: (call: ToolInvocation) => unknown;
    approvals?: Record<string, ApprovalDecision["decision"]>;
    retriever?: Retriever;
  } = {},
): Promise<TestServices> {
  const { repo, diagnostics } = await loadRepo(new MemorySource(files));
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    throw new Error(`test repository does not load: ${JSON.stringify(errors.slice(0, 3))}`);
  const clock = new FakeClock();
  const caller = new ModelCaller({
    models: repo.models!.data,
    env: { OPENAI_API_KEY: "k" },
    mode: "live",
    createProvider: fakeFactory(provider),
  });
  const router = new Router({ repo, caller, clock, random: () => 0 });
  const toolCalls: ToolInvocation[] = [];
  const approvalsAsked: string[] = [];
  return {
    repo,
    router,
    clock,
    random: () => 0.5,
    toolCalls,
    approvalsAsked,
    tools: {
      async invoke(call) {
        toolCalls.push(call);
        return options.tools ? options.tools(call) : { ok: true, tool: call.tool };
      },
    },
    approvals: {
      async request(req) {
        approvalsAsked.push(req.node);
        return { decision: options.approvals?.[req.node] ?? "approved", approvers: ["user:lead"] };
      },
    },
    async retriever() {
      return (
        options.retriever ?? {
          search: (q: string, k: number) =>
            [{ path: "kb/a.md", title: "A", text: `about ${q}`, score: 1 }].slice(0, k),
        }
      );
    },
    workflow(tenant, name, version) {
      const wf = repo.tenants.get(tenant)?.workflows.get(name);
      return wf && wf.data.version === version ? wf.data : undefined;
    },
  };
}
