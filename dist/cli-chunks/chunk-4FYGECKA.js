import {
  RISK_LEVELS
} from "./chunk-VGNTAH4S.js";

// core/diff/kinds.ts
var CHANGE_KIND_INFO = {
  "workflow-added": { risk: "medium", description: "A new workflow." },
  "workflow-removed": { risk: "high", description: "A workflow was deleted." },
  "workflow-renamed": { risk: "low", description: "A workflow was renamed; its content is unchanged." },
  "workflow-changed": {
    risk: "medium",
    description: "Workflow-level settings changed (inputs, outputs, defaults, concurrency)."
  },
  "node-added": { risk: "medium", description: "A node was added to a workflow." },
  "node-removed": { risk: "high", description: "A node was removed from a workflow." },
  "node-changed": { risk: "medium", description: "A node's configuration changed." },
  "edge-changed": {
    risk: "medium",
    description: "A dependency (needs) or fallback edge was added or removed."
  },
  "prompt-added": { risk: "medium", description: "A new prompt." },
  "prompt-removed": { risk: "high", description: "A prompt was deleted." },
  "prompt-renamed": { risk: "low", description: "A prompt was renamed; its content is unchanged." },
  "prompt-changed": {
    risk: "medium",
    description: "A prompt's messages, variables, parameters or output schema changed."
  },
  "route-changed": {
    risk: "medium",
    description: "A model route was added, removed or changed (targets, strategy, retries, timeouts)."
  },
  "model-added": {
    risk: "high",
    description: "A model was added to the platform, or a tenant's routes started using one."
  },
  "model-changed": {
    risk: "medium",
    description: "A model's provider, prices or limits, or a provider's configuration changed."
  },
  "tool-added": { risk: "high", description: "A tool was added to the platform catalog." },
  "tool-changed": {
    risk: "medium",
    description: "A tool's definition, schema or connector changed, or it was removed."
  },
  "tool-write": {
    risk: "high",
    description: "A tool that writes outside the run became reachable by a workflow."
  },
  "approval-removed": {
    risk: "critical",
    description: "A human approval gate was removed, weakened or bypassed."
  },
  "budget-increased": { risk: "high", description: "A spending or time limit was raised." },
  "policy-changed": {
    risk: "high",
    description: "Tenant or platform policy changed (approvers, allowances, governance, risk rules)."
  },
  "eval-changed": {
    risk: "low",
    description: "An evaluation suite was added or changed without weakening it."
  },
  "eval-weakened": {
    risk: "high",
    description: "Evaluation got weaker: suites or cases removed, thresholds lowered, assertions dropped."
  },
  "knowledge-changed": { risk: "medium", description: "Knowledge documents were added, removed or edited." }
};
function riskOf(kind, policy) {
  return policy?.charter?.data.risk.levels[kind] ?? CHANGE_KIND_INFO[kind].risk;
}
function riskRank(level) {
  return RISK_LEVELS.indexOf(level);
}
function maxRisk(levels) {
  let best = "low";
  for (const l of levels) if (riskRank(l) > riskRank(best)) best = l;
  return best;
}

export {
  CHANGE_KIND_INFO,
  riskOf,
  riskRank,
  maxRisk
};
