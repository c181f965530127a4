import {
  confidenceJson,
  confidenceMarkdown,
  confidenceProject,
  confidenceText
} from "./chunk-GONHR3XE.js";
import "./chunk-H472RPTT.js";
import "./chunk-XJTLGLMY.js";
import "./chunk-RHAL5BRE.js";
import "./chunk-KHWN3KRK.js";
import "./chunk-7XOL4EQ4.js";
import "./chunk-GESYH7RA.js";
import "./chunk-FXXQ7OWI.js";
import "./chunk-DUGSIOLX.js";
import "./chunk-YDXCRINK.js";
import "./chunk-4YJBRKOS.js";
import "./chunk-FQ3VYVXV.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-COKXHIQ7.js";
import "./chunk-4FYGECKA.js";
import "./chunk-6TJ5RCH4.js";
import "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/confidence.ts
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";

// core/confidence/reviews-file.ts
import * as z from "zod";
var actor = z.strictObject({
  id: z.int().positive(),
  login: z.string().min(1),
  type: z.string().min(1).default("User")
});
var reviewsFile = z.object({
  author: actor,
  emails: z.record(z.string(), actor).default({}),
  reviews: z.array(z.strictObject({ user: actor, state: z.string().min(1) })).default([]),
  directory: z.strictObject({
    users: z.record(z.string(), z.int().positive().nullable()).default({}),
    teams: z.record(
      z.string(),
      z.union([
        z.strictObject({ members: z.array(z.int().positive()) }),
        z.strictObject({ error: z.string() })
      ])
    ).default({})
  }).default({ users: {}, teams: {} })
});
function parseReviewsFile(text, name) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${name} is not valid JSON (${error.message}).`);
  }
  const parsed = reviewsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `${name}: ${issue.path.join(".") || "(top level)"}: ${issue.message}. See examples/acme-pr/github.json for the shape.`
    );
  }
  return parsed.data;
}

// cli/commands/confidence.ts
var VERDICT_EXIT = { ready: 0, "needs-attention": 3, blocked: 1 };
async function confidenceCommand(dir, options, io) {
  const root = resolve(io.cwd, dir);
  const github = options.reviews ? parseReviewsFile(
    await readFile(resolve(io.cwd, options.reviews), "utf8").catch((error) => {
      throw new UserError(
        `Cannot read ${options.reviews}: ${error.code === "ENOENT" ? "no such file" : error.message}.`
      );
    }),
    options.reviews
  ) : void 0;
  const { confidence } = await confidenceProject({
    dir: root,
    base: options.base,
    ...options.head ? { head: options.head } : {},
    mode: options.live ? "live" : "replay",
    env: io.env,
    ...options.cache ? {} : { cacheDir: false },
    ...github ? { github } : {}
  });
  const text = options.format === "json" ? confidenceJson(confidence) : options.format === "markdown" ? confidenceMarkdown(confidence) : confidenceText(confidence);
  if (options.output) await writeFile(resolve(io.cwd, options.output), text);
  else io.stdout(text);
  return VERDICT_EXIT[confidence.verdict];
}
export {
  VERDICT_EXIT,
  confidenceCommand
};
