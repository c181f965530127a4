import { exampleRepository } from "../../core/package-root.ts";
import type { CliIO } from "../io.ts";
import { lintCommand } from "./lint.ts";

/**
 * `charter demo`: the main job end to end on the embedded defaults and the example repository.
 * Today: lint examples/acme. Each capability adds its stage here.
 */
export async function demoCommand(dir: string | undefined, io: CliIO): Promise<number> {
  const root = dir ?? exampleRepository();
  io.stdout("charter demo — step 1: lint the governed repository\n\n");
  return lintCommand(root, { format: "pretty" }, io);
}
