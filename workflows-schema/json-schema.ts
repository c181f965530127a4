/** Generates the committed JSON Schemas from the zod schemas (never written by hand). */
import * as z from "zod";
import { FILE_KINDS, type FileKind } from "./index.ts";

export interface GeneratedSchema {
  kind: FileKind;
  /** Path relative to `workflows-schema/json/`. */
  fileName: string;
  text: string;
}

export function generateJsonSchemas(): GeneratedSchema[] {
  return (Object.keys(FILE_KINDS) as FileKind[]).map((kind) => {
    const { schema, file, where } = FILE_KINDS[kind];
    // `io: "input"` describes what people write: keys with defaults are optional.
    const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
    const document = { $schema: json.$schema, title: `Charter ${kind} (${where})`, ...json };
    return { kind, fileName: `${file}.schema.json`, text: `${JSON.stringify(document, null, 2)}\n` };
  });
}
