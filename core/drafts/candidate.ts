/**
 * answer → candidate files. A model's answer is untrusted input: it is parsed, checked against the
 * schema, and only then turned into paths — which are derived from validated names, never taken
 * from the answer. An answer that tries to name a file outside its tenant is refused outright (no
 * repair round: that is not a mistake to coach away).
 */
import { posix } from "node:path";
import { stringify } from "yaml";
import type { ChatResponse } from "../providers/provider.ts";
import { draftAnswer } from "./answer-schema.ts";

/** What already exists in the tenant, and what `--from` allows to be replaced. */
export interface DraftTarget {
  tenant: string;
  /** Existing workflow and prompt files of the tenant, by declared name → path. */
  workflows: ReadonlyMap<string, string>;
  prompts: ReadonlyMap<string, string>;
  /** Every path in the repository (a new file must not land on one). */
  paths: ReadonlySet<string>;
  /** With `--from`: the workflow being revised, and the prompts it uses (they may be replaced too). */
  from?: { name: string; path: string; prompts: ReadonlySet<string> };
}

export interface DraftFile {
  path: string;
  kind: "workflow" | "prompt";
  name: string;
  text: string;
  /** True when the file exists and `--from` allows replacing it. */
  replaces: boolean;
}

export type Candidate =
  | { kind: "ok"; files: DraftFile[]; notes: string; workflow: string }
  /** Problems to feed back to the model (not JSON, schema errors, name clashes). */
  | { kind: "invalid"; problems: string[] }
  /** The answer tried to escape the tenant: stop, write nothing. */
  | { kind: "refused"; reason: string };

const SAFE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** The JSON of an answer: the provider's parsed structured output, else the text (fences allowed). */
function answerJson(response: ChatResponse): { ok: true; value: unknown } | { ok: false; problem: string } {
  if (response.json !== undefined) return { ok: true, value: response.json };
  const text = response.text
    .trim()
    .replace(/^```(?:json)?\s*\n?/i, "")
    .replace(/\n?```$/, "");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const cut =
      response.finishReason === "length" ? " It was cut off at the token limit: answer more compactly." : "";
    return {
      ok: false,
      problem: `The answer is not valid JSON (${(error as Error).message}).${cut} Answer with one JSON object only.`,
    };
  }
}

/** A declared name that would make a path outside its directory. */
function hostileName(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (
    value.includes("/") ||
    value.includes("\\") ||
    value.includes("..") ||
    value.includes("\0") ||
    /^[A-Za-z]:/.test(value) ||
    value.startsWith("~")
  )
    return value;
  return undefined;
}

function refusal(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  const names: unknown[] = [];
  if (v.workflow && typeof v.workflow === "object") names.push((v.workflow as Record<string, unknown>).name);
  if (Array.isArray(v.prompts))
    for (const p of v.prompts)
      if (p && typeof p === "object") names.push((p as Record<string, unknown>).name);
  for (const n of names) {
    const bad = hostileName(n);
    if (bad !== undefined)
      return `the answer names a file "${bad}", which is a path, not a name: drafts may only add files inside the tenant's workflows/ and prompts/ directories`;
  }
  return undefined;
}

/** Paths are built from names that passed SAFE_NAME; this is the last line of defence anyway. */
function inside(dir: string, name: string): string {
  const path = posix.normalize(`${dir}/${name}.yml`);
  if (!SAFE_NAME.test(name) || posix.dirname(path) !== dir)
    throw new Error(`refusing to place "${name}" outside ${dir}`);
  return path;
}

function yamlText(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

export function candidateFrom(response: ChatResponse, target: DraftTarget): Candidate {
  const json = answerJson(response);
  if (!json.ok) return { kind: "invalid", problems: [json.problem] };
  const refused = refusal(json.value);
  if (refused) return { kind: "refused", reason: refused };
  const parsed = draftAnswer.safeParse(json.value);
  if (!parsed.success) {
    return {
      kind: "invalid",
      problems: parsed.error.issues
        .slice(0, 30)
        .map((i) => `${i.path.length ? i.path.join(".") : "(answer)"}: ${i.message}`),
    };
  }
  // Write what the model wrote (not the schema's filled-in defaults): the smallest reviewable file.
  const raw = json.value as { workflow: unknown; prompts?: unknown[] };
  const answer = parsed.data;
  const problems: string[] = [];
  const workflowsDir = `tenants/${target.tenant}/workflows`;
  const promptsDir = `tenants/${target.tenant}/prompts`;
  const files: DraftFile[] = [];

  const wf = answer.workflow.name;
  if (target.from) {
    if (wf !== target.from.name)
      problems.push(
        `workflow.name: you are revising workflow "${target.from.name}"; keep its name (got "${wf}").`,
      );
    files.push({
      path: target.from.path,
      kind: "workflow",
      name: wf,
      text: yamlText(raw.workflow),
      replaces: true,
    });
  } else {
    if (target.workflows.has(wf))
      problems.push(
        `workflow.name: tenant ${target.tenant} already has a workflow "${wf}" (${target.workflows.get(wf)}); choose another name.`,
      );
    files.push({
      path: inside(workflowsDir, wf),
      kind: "workflow",
      name: wf,
      text: yamlText(raw.workflow),
      replaces: false,
    });
  }

  const seen = new Set<string>();
  answer.prompts.forEach((p, i) => {
    if (seen.has(p.name)) {
      problems.push(`prompts.${i}.name: prompt "${p.name}" appears twice; give each prompt once.`);
      return;
    }
    seen.add(p.name);
    const existing = target.prompts.get(p.name);
    const replaceable = existing !== undefined && target.from?.prompts.has(p.name) === true;
    if (existing !== undefined && !replaceable) {
      problems.push(
        `prompts.${i}.name: prompt "${p.name}" already exists (${existing}); use it by name without including it, or choose another name for a new prompt.`,
      );
      return;
    }
    files.push({
      path: replaceable ? existing : inside(promptsDir, p.name),
      kind: "prompt",
      name: p.name,
      text: yamlText(raw.prompts?.[i]),
      replaces: replaceable,
    });
  });
  for (const f of files)
    if (!f.replaces && target.paths.has(f.path))
      problems.push(`${f.kind} "${f.name}": ${f.path} already exists; choose another name.`);
  if (problems.length) return { kind: "invalid", problems };
  return { kind: "ok", files, notes: answer.notes, workflow: wf };
}
