/**
 * The real `mermaid` parser in Node. Mermaid sanitises labels with DOMPurify, which needs a window;
 * a jsdom window is enough for parsing (no layout happens).
 */
import { JSDOM } from "jsdom";

let parser: Promise<{ parse(text: string): Promise<unknown> }> | undefined;

function load() {
  parser ??= (async () => {
    const { window } = new JSDOM("");
    Object.assign(globalThis, { window, document: window.document });
    const { default: mermaid } = await import("mermaid");
    mermaid.initialize({ startOnLoad: false });
    return mermaid;
  })();
  return parser;
}

/** Resolves when `text` parses as a Mermaid diagram; rejects with Mermaid's own error otherwise. */
export async function mermaidParse(text: string): Promise<void> {
  const mermaid = await load();
  await mermaid.parse(text);
}
