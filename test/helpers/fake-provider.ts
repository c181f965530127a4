import {
  type ChatRequest,
  type ChatResponse,
  type Provider,
  ProviderError,
} from "../../core/providers/provider.ts";
import type { Clock } from "../../core/routing/clock.ts";
import type { ProviderConfig } from "../../workflows-schema/index.ts";

export type Scripted =
  | ChatResponse
  | ProviderError
  | ((req: ChatRequest) => ChatResponse | Promise<ChatResponse>);

export function reply(
  text: string,
  usage = { inputTokens: 100, outputTokens: 20 },
  extra: Partial<ChatResponse> = {},
): ChatResponse {
  return { text, toolCalls: [], usage, finishReason: "stop", model: "fake", ...extra };
}

/**
 * A provider that answers from a script per provider model name; the last entry repeats. Records
 * every request it receives.
 */
export class FakeProvider implements Provider {
  readonly type = "fake";
  readonly calls: ChatRequest[] = [];
  private readonly script: Map<string, Scripted[]>;
  private readonly fallback?: Scripted;

  constructor(script: Record<string, Scripted[]>, fallback?: Scripted) {
    this.script = new Map(Object.entries(script));
    this.fallback = fallback;
  }

  async chat(req: ChatRequest): Promise<ChatResponse> {
    this.calls.push(req);
    const queue = this.script.get(req.model);
    const next = queue && queue.length > 1 ? queue.shift() : (queue?.[0] ?? this.fallback);
    if (next === undefined) throw new Error(`no scripted answer for ${req.model}`);
    if (next instanceof ProviderError) throw next;
    return typeof next === "function" ? next(req) : next;
  }
}

export function fakeFactory(provider: FakeProvider) {
  return (_id: string, _config: ProviderConfig) => provider;
}

/** A clock whose sleeps take no time but are recorded. */
export class FakeClock implements Clock {
  t = 1_000_000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.t += ms;
  }
}
