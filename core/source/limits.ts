/**
 * Limits that keep loading bounded in time and memory whatever the input. Governed files are small,
 * hand-written YAML; anything beyond these is refused with a diagnostic instead of being parsed.
 */
export const LIMITS = {
  /** Largest YAML file accepted. */
  maxYamlBytes: 2 * 1024 * 1024,
  /** Deepest nesting of collections accepted (flow brackets or block indentation levels). */
  maxDepth: 64,
  /** Most alias dereferences while building a value (guards against "billion laughs"). */
  maxAliasCount: 200,
  /** Largest knowledge document indexed. */
  maxKnowledgeBytes: 8 * 1024 * 1024,
  /** Most files in one governed repository. */
  maxFiles: 100_000,
} as const;
