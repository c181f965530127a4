/** Which contexts an expression may use, depending on where it is written. */

export const NODE_FIELDS = ["output", "status", "error"] as const;
export const RUN_FIELDS = ["id", "workflow", "version", "tenant", "started_at"] as const;

export interface Scope {
  /** Context names allowed here. */
  contexts: ReadonlySet<string>;
  /** Nodes that may be referenced (`nodes.<id>`), when `nodes` is allowed. */
  nodes?: ReadonlySet<string>;
  /** The node the expression belongs to, if any. */
  node?: string;
  /** Declared workflow inputs, when `inputs` is allowed. */
  inputs?: ReadonlySet<string>;
  /** Human description of the place, for messages: "the `if` of node classify". */
  where: string;
}
