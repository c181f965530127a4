/**
 * What `charter draft` asks a model for: one workflow, the new prompts it needs, and notes for the
 * reviewer. Built from the same zod schemas the loader validates with, so the structured-output
 * schema the provider sees cannot drift from what `charter lint` accepts.
 */
import * as z from "zod";
import { promptFile, workflowFile } from "../../workflows-schema/index.ts";

export const draftAnswer = z
  .strictObject({
    workflow: workflowFile.describe(
      "The workflow file (tenants/TENANT/workflows/NAME.yml), as a JSON object.",
    ),
    prompts: z
      .array(promptFile)
      .max(20)
      .default([])
      .describe(
        "New or changed prompts the workflow uses (tenants/TENANT/prompts/NAME.yml). Leave out prompts that already exist unchanged.",
      ),
    notes: z
      .string()
      .max(4000)
      .default("")
      .describe("Anything the reviewer should know: assumptions, open questions."),
  })
  .describe("A drafted workflow and the prompts it needs.");

export type DraftAnswer = z.infer<typeof draftAnswer>;

let cached: Record<string, unknown> | undefined;

/** The JSON Schema sent as the structured-output format (what people — and models — write). */
export function draftAnswerJsonSchema(): Record<string, unknown> {
  cached ??= z.toJSONSchema(draftAnswer, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return cached;
}
