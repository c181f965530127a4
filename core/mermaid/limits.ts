/**
 * Budgets that keep every diagram inside what GitHub and Mermaid accept and what a reviewer can read.
 * GitHub comments hold 65,536 characters; Mermaid refuses diagrams over 50,000 characters
 * (`maxTextSize`) or 500 edges (`maxEdges`) by default.
 */
export const DIAGRAM_LIMITS = {
  /** Above this many nodes a diff shows the changed region and collapses the rest. */
  maxNodes: 40,
  maxEdges: 120,
  /** Characters of one diagram, leaving room for several in one comment. */
  maxChars: 15_000,
} as const;
