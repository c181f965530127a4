/**
 * A scripted stand-in for a chat model, used only to record the example repository's cassettes
 * (this repository has no API keys). It reads the prompt the way a model would — the categories a
 * classification prompt lists, the rules it states, the schema it asks for — and answers
 * deterministically. Real cassettes come from `charter eval --record` with real keys.
 */
import { createHash } from "node:crypto";
import type { ChatRequest, ChatResponse, Provider } from "../core/providers/provider.ts";

const TOPICS: [RegExp, string][] = [
  [/\b(billed|charged|charge|refund|invoice|payment)\b/i, "billing"],
  [/\b(login|log in|password|locked|sign in|account)\b/i, "account"],
  [/\b(api|timeout|504|error|export|empty file|integration|bug)\b/i, "technical"],
];

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A latency between 300 and 1,200 ms that depends only on the request, so recordings are stable. */
function latencyFor(req: ChatRequest): number {
  const h = createHash("sha256").update(JSON.stringify(req.messages)).digest();
  return 300 + (h.readUInt16BE(0) % 900);
}

function classify(system: string, user: string) {
  const listed = /category:\s*([a-z, ]+?)(?: or ([a-z]+))?\./i.exec(system);
  const categories = listed
    ? [...listed[1]!.split(/,\s*/), ...(listed[2] ? [listed[2]] : [])].map((c) => c.trim()).filter(Boolean)
    : ["other"];
  let category = TOPICS.find(([re]) => re.test(user))?.[1] ?? "other";
  // "X problems are Y" rules in the prompt override the default topic.
  for (const m of system.matchAll(/(\w+) (?:and (\w+) )?problems are (\w+)/gi)) {
    const words = [m[1], m[2]].filter(Boolean).map((w) => w!.toLowerCase());
    if (words.some((w) => user.toLowerCase().includes(w))) category = m[3]!.toLowerCase();
  }
  if (!categories.includes(category)) category = categories.includes("other") ? "other" : categories[0]!;
  const urgency = /locked|blocked|since this morning|cannot|can't/i.test(user)
    ? 3
    : category === "billing"
      ? 2
      : 1;
  const summary = user
    .replace(/^Subject:\s*/i, "")
    .split(/[.\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 2)
    .join(": ")
    .slice(0, 180);
  return { category, urgency, summary };
}

function answer(req: ChatRequest): unknown {
  const system = req.messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n");
  const user = req.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
  if (/grade the output of an AI system against a rubric/i.test(system)) {
    const rubric = /<Rubric>([\s\S]*?)<\/Rubric>/.exec(user)?.[1]?.toLowerCase() ?? "";
    const output = /<Output>([\s\S]*?)<\/Output>/.exec(user)?.[1]?.toLowerCase() ?? "";
    const wanted = [
      ...new Set(rubric.match(/\b(refund|approved|window|30-day|double charge|politely|apolog\w*)\b/g) ?? []),
    ];
    const found = wanted.filter(
      (w) =>
        output.includes(w.replace("30-day", "30")) ||
        (w === "politely" && /thank|sorry|appreciate/.test(output)) ||
        (w === "double charge" && /twice|double|duplicate/.test(output)),
    );
    const score = wanted.length === 0 ? 0.8 : found.length / wanted.length;
    return {
      reason: wanted.length
        ? `covers ${found.length} of ${wanted.length} points (${found.join(", ") || "none"})`
        : "meets the rubric",
      score: Number(score.toFixed(2)),
      pass: score >= 0.7,
    };
  }
  if (/triage support tickets/i.test(system)) return classify(system, user);
  if (/decide whether the customer is angry/i.test(system)) {
    const angry = /!!|ridiculous|unacceptable|angry|furious|worst/i.test(user);
    return { angry, reason: angry ? "strong language" : "calm tone" };
  }
  if (/review refund requests/i.test(system)) {
    const total = Number(/"total_usd":\s*([\d.]+)/.exec(user)?.[1] ?? 0);
    const duplicate = /twice|duplicate|double/i.test(user);
    const lateRenewal = /renewed by mistake|renew/i.test(user) && /"renewed":\s*"2026-01/.test(user);
    if (duplicate)
      return {
        recommend_usd: total / 2,
        reasoning: "The invoice shows the same line twice; duplicate charges are refunded in full.",
        risk: "low",
      };
    if (lateRenewal)
      return {
        recommend_usd: 0,
        reasoning:
          "Thank you for asking. The renewal was in January, so the 30-day refund window has passed; we cannot refund it.",
        risk: "low",
      };
    return { recommend_usd: 0, reasoning: "No policy supports a refund here.", risk: "medium" };
  }
  if (/support agent/i.test(system)) {
    const name = /Customer:\s*([^\s(]+)/.exec(user)?.[1] ?? "there";
    const approved = /refund has been approved/i.test(user);
    const category = /ticket category:\s*(\w+)/.exec(user)?.[1] ?? "other";
    const body = approved
      ? "Sorry about the double charge. A refund has been approved and will reach your original payment method within 5 business days."
      : category === "technical"
        ? "Thanks for the report. Exports run in the background and are emailed when ready; we are looking into the empty file."
        : "Thanks for reaching out — we are on it and will follow up shortly.";
    return `Hi ${name}, ${body} — Acme Support`;
  }
  if (/summarise this help-center article/i.test(user))
    return `Summary: ${
      user
        .split("\n")
        .find((l) => l.startsWith("# "))
        ?.slice(2) ?? "article"
    } explained in three sentences.`;
  if (/payment dispute/i.test(user))
    return `The customer disputes a charge: ${user.split(":").slice(1).join(":").trim().slice(0, 100)}`;
  return "OK";
}

export function standInModel(): Provider {
  return {
    type: "stand-in",
    async chat(req: ChatRequest): Promise<ChatResponse> {
      const value = answer(req);
      const text = typeof value === "string" ? value : JSON.stringify(value);
      // Recorded latencies should look like a model's, and stay the same on every recording.
      await new Promise((r) => setTimeout(r, latencyFor(req)));
      const inputTokens = req.messages.reduce((s, m) => s + tokens(m.content), 0);
      return {
        text,
        ...(req.output ? { json: typeof value === "string" ? undefined : value } : {}),
        toolCalls: [],
        usage: { inputTokens, outputTokens: tokens(text) },
        finishReason: "stop",
        model: req.model,
        id: `stand-in-${latencyFor(req)}`,
      };
    },
  };
}
