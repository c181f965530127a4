/** Output formats of each verb (kept apart from the verbs, which load lazily). */
export const LINT_FORMATS = ["pretty", "json", "sarif", "github"] as const;
export const DIFF_FORMATS = ["pretty", "markdown", "json", "mermaid"] as const;
export const EVAL_FORMATS = ["pretty", "json", "junit", "markdown"] as const;
export const APPROVALS_FORMATS = ["pretty", "markdown", "json"] as const;
export const CONFIDENCE_FORMATS = ["pretty", "markdown", "json"] as const;
export const AUDIT_FORMATS = ["markdown", "json", "csv", "html"] as const;
