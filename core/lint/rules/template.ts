import type { Position } from "../../diagnostics/diagnostic.ts";
import { strayRelativeRefs, usedVariables } from "../../template/parse.ts";
import { suggestion } from "../../text/did-you-mean.ts";
import { promptTemplates } from "../analysis/prompt-templates.ts";
import type { LintRule } from "../rule.ts";
import { ownName } from "../walk.ts";

/** Prompt message templates must parse. */
export const template: LintRule = {
  id: "template",
  description:
    "Prompt messages must be valid templates ({{ name }}, {{#name}}…{{/name}}, {{ . }} inside sections).",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const prompt of tenant.all.prompts) {
        promptTemplates(prompt.data).forEach((parsed, i) => {
          const content = prompt.data.messages[i]!.content;
          const path = ["messages", i, "content"];
          for (const e of parsed.errors) {
            ctx.report(
              prompt.file.locateInString(path, e.offset, content.slice(e.offset, e.offset + 20)),
              e.message,
            );
          }
          for (const r of strayRelativeRefs(parsed.nodes)) {
            ctx.report(
              prompt.file.locateInString(path, r.offset, content.slice(r.offset, r.offset + 20)),
              `{{ ${r.source} }} refers to the current section element, but it is outside any section.`,
            );
          }
        });
      }
    }
  },
};

/**
 * Template variables are a contract between a prompt and its callers: the prompt may only use what
 * it declares, and every caller provides exactly the declared variables (all the required ones).
 */
export const templateVars: LintRule = {
  id: "template-vars",
  description:
    "Prompts use only declared variables; callers (llm nodes, eval cases) provide every required variable and nothing undeclared.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const prompt of tenant.all.prompts) {
        const declared = Object.keys(prompt.data.variables);
        const used = new Set<string>();
        promptTemplates(prompt.data).forEach((parsed, i) => {
          const content = prompt.data.messages[i]!.content;
          for (const v of usedVariables(parsed.nodes)) {
            used.add(v.name);
            if (Object.hasOwn(prompt.data.variables, v.name)) continue;
            ctx.report(
              prompt.file.locateInString(
                ["messages", i, "content"],
                v.offset,
                content.slice(v.offset, v.offset + 20),
              ),
              `Variable "${v.name}" is used but not declared. Declare it under variables.${suggestion(v.name, declared)}`,
            );
          }
        });
        for (const name of declared) {
          if (!used.has(name)) {
            ctx.report(
              prompt.at(["variables", name], true),
              `Variable "${name}" is declared but no message uses it. Use it or remove it.`,
              "warning",
            );
          }
        }
      }

      const checkCall = (
        promptRef: string,
        provided: Record<string, unknown>,
        locate: (key?: string) => Position,
        caller: string,
      ) => {
        const name = ownName(promptRef, tenant.name);
        const prompt = name === undefined ? undefined : tenant.prompts.get(name);
        if (!prompt) return;
        const vars = prompt.data.variables;
        for (const key of Object.keys(provided)) {
          if (!Object.hasOwn(vars, key)) {
            ctx.report(
              locate(key),
              `${caller} provides "${key}", which prompt "${prompt.data.name}" does not declare.${suggestion(key, Object.keys(vars))}`,
            );
          }
        }
        const missing = Object.entries(vars)
          .filter(([k, v]) => v.required && !Object.hasOwn(provided, k))
          .map(([k]) => k);
        if (missing.length > 0) {
          ctx.report(
            locate(),
            `${caller} does not provide required variable${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} of prompt "${prompt.data.name}".`,
          );
        }
      };

      for (const wf of tenant.all.workflows) {
        for (const [id, node] of Object.entries(wf.data.nodes)) {
          if (node.type !== "llm") continue;
          checkCall(
            node.prompt,
            node.with,
            (key) =>
              key === undefined
                ? wf.at(["nodes", id, Object.keys(node.with).length ? "with" : "prompt"], true)
                : wf.at(["nodes", id, "with", key], true),
            `Node "${id}"`,
          );
        }
      }
      for (const suite of tenant.all.evals) {
        if (!("prompt" in suite.data.target)) continue;
        const promptRef = suite.data.target.prompt;
        suite.data.cases.forEach((c, i) => {
          checkCall(
            promptRef,
            c.vars,
            (key) =>
              key === undefined ? suite.at(["cases", i, "id"]) : suite.at(["cases", i, "vars", key], true),
            `Case "${c.id}"`,
          );
        });
      }
    }
  },
};
