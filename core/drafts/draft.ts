/**
 * draft: description → route (structured output) → candidate files → lint in an overlay → repair
 * rounds with the located diagnostics → a plan of files to write, or the diagnostics that remain.
 * Nothing here touches the disk: writing (and opening a pull request) acts on the returned plan.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { UserError } from "../errors.ts";
import { ownName } from "../lint/walk.ts";
import type { LoadResult } from "../model/load.ts";
import type { ChatMessage } from "../providers/provider.ts";
import type { RouteCall, RouteResult } from "../routing/router.ts";
import type { FileSource } from "../source/file-source.ts";
import { draftAnswerJsonSchema } from "./answer-schema.ts";
import { candidateFrom, type DraftFile, type DraftTarget } from "./candidate.ts";
import { baselineErrors, checkDraft } from "./check.ts";
import { initialMessages, repairMessage } from "./request.ts";

export const DEFAULT_MAX_REPAIRS = 2;
/** Room for a whole workflow and its prompts, whatever the route's own (classification-sized) limit. */
const DRAFT_MAX_TOKENS = 4096;

export interface DraftOptions {
  /** The repository as it is (the overlay's base), and its loaded model. */
  source: FileSource;
  loaded: LoadResult;
  tenant: string;
  description: string;
  /** Revise this existing workflow instead of drafting a new one. */
  from?: string;
  /** Route name; default: charter.yml `drafts.route`. */
  route?: string;
  /** Default: charter.yml `drafts.max_repairs`. */
  maxRepairs?: number;
  chat: (call: RouteCall) => Promise<RouteResult>;
  /** Called after each answer is judged (for progress output). */
  onRound?: (round: number, outcome: RoundOutcome) => void;
}

export interface RoundOutcome {
  /** The route target's model id that answered. */
  model: string;
  ok: boolean;
  schemaProblems: string[];
  errors: Diagnostic[];
}

export type DraftResult =
  | {
      status: "ok";
      tenant: string;
      workflow: string;
      files: DraftFile[];
      notes: string;
      warnings: Diagnostic[];
      /** Answers asked for (1 + repair rounds used). */
      rounds: number;
      route: string;
      /** Charter's model id of the answer that was accepted. */
      model: string;
    }
  | {
      status: "failed";
      tenant: string;
      rounds: number;
      route: string;
      /** What the last answer still got wrong: located lint errors, or schema problems. */
      errors: Diagnostic[];
      schemaProblems: string[];
    };

/** The answer tried to write outside its tenant. */
export class DraftRefusedError extends UserError {
  override name = "DraftRefusedError";
  constructor(reason: string) {
    super(`Refused the model's answer: ${reason}. Nothing was written.`, { exitCode: 1 });
  }
}

function resolveTarget(options: DraftOptions) {
  const { repo } = options.loaded;
  const tenant = repo.tenants.get(options.tenant);
  if (!tenant?.config) {
    const known = [...repo.tenants.values()].filter((t) => t.config).map((t) => t.name);
    throw new UserError(
      `Tenant "${options.tenant}" does not exist or its tenant.yml is invalid (tenants: ${known.join(", ") || "none"}). Pass --tenant with one of them, or run charter lint.`,
    );
  }
  if (!repo.charter)
    throw new UserError("charter.yml is missing or invalid; run charter lint and fix it before drafting.");
  const route = options.route ?? repo.charter.data.drafts.route;
  if (!route)
    throw new UserError(
      "Which route drafts the workflow? Pass --route ROUTE, or set drafts.route in charter.yml.",
    );
  const routes = tenant.routes?.data.routes ?? {};
  if (!Object.hasOwn(routes, route))
    throw new UserError(
      `Route "${route}" is not defined in ${tenant.dir}/routes.yml (routes: ${Object.keys(routes).join(", ") || "none"}).`,
    );
  if (!repo.models) throw new UserError("models.yml is missing or invalid; run charter lint.");

  const prompts = new Map([...tenant.prompts].map(([n, e]) => [n, e.path]));
  const workflows = new Map([...tenant.workflows].map(([n, e]) => [n, e.path]));
  let from: DraftTarget["from"];
  if (options.from !== undefined) {
    const wf = tenant.workflows.get(options.from);
    if (!wf)
      throw new UserError(
        `Workflow "${options.from}" does not exist in tenant ${tenant.name} (workflows: ${[...workflows.keys()].join(", ") || "none"}).`,
      );
    const used = new Set<string>();
    for (const node of Object.values(wf.data.nodes)) {
      if (node.type !== "llm") continue;
      const own = ownName(node.prompt, tenant.name);
      if (own) used.add(own);
    }
    from = { name: wf.data.name, path: wf.path, prompts: used };
  }
  const target: DraftTarget = { tenant: tenant.name, workflows, prompts, paths: repo.allPaths, from };
  const maxRepairs = options.maxRepairs ?? repo.charter.data.drafts.max_repairs;
  return { tenant, route, target, maxRepairs };
}

export async function draftWorkflow(options: DraftOptions): Promise<DraftResult> {
  const { tenant, route, target, maxRepairs } = resolveTarget(options);
  if (!Number.isInteger(maxRepairs) || maxRepairs < 0 || maxRepairs > 10)
    throw new UserError(`--max-repairs must be a whole number from 0 to 10; got ${maxRepairs}.`);
  let fromText: { path: string; text: string } | undefined;
  if (target.from) {
    const bytes = (await options.source.readMany([target.from.path])).get(target.from.path);
    if (!bytes) throw new UserError(`Cannot read ${target.from.path}.`);
    fromText = { path: target.from.path, text: bytes.toString("utf8") };
  }
  const messages: ChatMessage[] = initialMessages({
    repo: options.loaded.repo,
    tenant,
    description: options.description,
    from: fromText,
  });
  const baseline = await baselineErrors(options.loaded);
  const schema = draftAnswerJsonSchema();
  let last: { errors: Diagnostic[]; schemaProblems: string[] } = { errors: [], schemaProblems: [] };

  for (let round = 1; round <= maxRepairs + 1; round++) {
    const answer = await options.chat({
      tenant: tenant.name,
      route,
      messages: [...messages],
      params: { max_tokens: DRAFT_MAX_TOKENS, temperature: 0 },
      output: { name: "workflow_draft", schema },
      meta: { metadata: { purpose: "draft" } },
    });
    const said = answer.response.text || JSON.stringify(answer.response.json ?? null);
    messages.push({ role: "assistant", content: said });
    const candidate = candidateFrom(answer.response, target);
    if (candidate.kind === "refused") throw new DraftRefusedError(candidate.reason);
    if (candidate.kind === "invalid") {
      last = { errors: [], schemaProblems: candidate.problems };
      options.onRound?.(round, {
        model: answer.model,
        ok: false,
        schemaProblems: candidate.problems,
        errors: [],
      });
      messages.push({ role: "user", content: repairMessage({ schema: candidate.problems }) });
      continue;
    }
    const check = await checkDraft(options.source, options.loaded, baseline, candidate.files);
    options.onRound?.(round, {
      model: answer.model,
      ok: check.errors.length === 0,
      schemaProblems: [],
      errors: check.errors,
    });
    if (check.errors.length === 0) {
      return {
        status: "ok",
        tenant: tenant.name,
        workflow: candidate.workflow,
        files: candidate.files,
        notes: candidate.notes,
        warnings: check.warnings,
        rounds: round,
        route,
        model: answer.model,
      };
    }
    last = { errors: check.errors, schemaProblems: [] };
    messages.push({ role: "user", content: repairMessage({ diagnostics: check.errors }, candidate.files) });
  }
  return { status: "failed", tenant: tenant.name, rounds: maxRepairs + 1, route, ...last };
}
