/** Every lint rule, by id. Rules are small modules with one interface; order is documentation order. */
import type { LintRule, LoaderRule } from "./rule.ts";
import { knowledgeNotAllowed, modelNotAllowed, toolNotAllowed } from "./rules/allowances.ts";
import { budget } from "./rules/budget.ts";
import { crossTenant } from "./rules/cross-tenant.ts";
import { cycle } from "./rules/cycle.ts";
import { duplicateName } from "./rules/duplicate-name.ts";
import { evalSuite } from "./rules/eval-suite.ts";
import { expression } from "./rules/expression.ts";
import { inputs } from "./rules/inputs.ts";
import { routeStrategy } from "./rules/route-strategy.ts";
import { secret } from "./rules/secret.ts";
import { template, templateVars } from "./rules/template.ts";
import { unreachableNode } from "./rules/unreachable-node.ts";
import { unresolvedRef } from "./rules/unresolved-ref.ts";
import { unusedNode } from "./rules/unused-node.ts";
import { versionNotBumped } from "./rules/version-not-bumped.ts";

/** Problems found while reading files; reported by the loader under these ids. */
export const LOADER_RULES: readonly LoaderRule[] = [
  {
    id: "yaml",
    description:
      "Files are UTF-8 YAML with one document, no custom tags, no duplicate keys, bounded size, depth and aliases.",
    severity: "error",
  },
  {
    id: "schema",
    description: "Every file matches the schema of its kind (unknown keys are errors, with a suggestion).",
    severity: "error",
  },
  {
    id: "file",
    description:
      "Files are where their kind belongs; charter.yml, models.yml and each tenant.yml exist; no symlinks.",
    severity: "error",
  },
];

export const LINT_RULES: readonly LintRule[] = [
  unresolvedRef,
  crossTenant,
  cycle,
  unreachableNode,
  unusedNode,
  expression,
  template,
  templateVars,
  inputs,
  toolNotAllowed,
  modelNotAllowed,
  knowledgeNotAllowed,
  budget,
  secret,
  versionNotBumped,
  duplicateName,
  evalSuite,
  routeStrategy,
];

export const ALL_RULE_IDS: readonly string[] = [...LOADER_RULES, ...LINT_RULES].map((r) => r.id);
