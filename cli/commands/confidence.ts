import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { confidenceProject } from "../../core/confidence/project.ts";
import { confidenceJson, confidenceMarkdown, confidenceText } from "../../core/confidence/render.ts";
import { parseReviewsFile } from "../../core/confidence/reviews-file.ts";
import { UserError } from "../../core/errors.ts";
import type { Verdict } from "../../workflows-schema/index.ts";
import type { CliIO } from "../io.ts";

export interface ConfidenceCommandOptions {
  base: string;
  head?: string;
  reviews?: string;
  live?: boolean;
  cache: boolean;
  format: string;
  output?: string;
}

/** Exit status by verdict; 2 stays the usage error. */
export const VERDICT_EXIT: Record<Verdict, number> = { ready: 0, "needs-attention": 3, blocked: 1 };

/** `charter confidence [DIR] --base REF`: lint, diff, eval (replay) and approvals → one verdict. */
export async function confidenceCommand(
  dir: string,
  options: ConfidenceCommandOptions,
  io: CliIO,
): Promise<number> {
  const root = resolve(io.cwd, dir);
  const github = options.reviews
    ? parseReviewsFile(
        await readFile(resolve(io.cwd, options.reviews), "utf8").catch((error: NodeJS.ErrnoException) => {
          throw new UserError(
            `Cannot read ${options.reviews}: ${error.code === "ENOENT" ? "no such file" : error.message}.`,
          );
        }),
        options.reviews,
      )
    : undefined;
  const { confidence } = await confidenceProject({
    dir: root,
    base: options.base,
    ...(options.head ? { head: options.head } : {}),
    mode: options.live ? "live" : "replay",
    env: io.env,
    ...(options.cache ? {} : { cacheDir: false }),
    ...(github ? { github } : {}),
  });
  const text =
    options.format === "json"
      ? confidenceJson(confidence)
      : options.format === "markdown"
        ? confidenceMarkdown(confidence)
        : confidenceText(confidence);
  if (options.output) await writeFile(resolve(io.cwd, options.output), text);
  else io.stdout(text);
  return VERDICT_EXIT[confidence.verdict];
}
