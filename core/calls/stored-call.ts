import type { ChatRequest, ChatResponse } from "../providers/provider.ts";

/** A model call and its answer, as kept in the local cache and in committed cassettes. */
export interface StoredCall {
  key: string;
  /** Charter's model id (models.yml key). */
  model: string;
  request: Omit<ChatRequest, "signal">;
  response: ChatResponse;
  /** Latency of the original call. */
  latencyMs: number;
  recordedAt: string;
}

export interface ResponseStore {
  get(key: string, tenant: string): Promise<StoredCall | undefined>;
  put(entry: StoredCall, tenant: string): Promise<void>;
  /** Waits until everything put so far is durable. */
  flush?(): Promise<void>;
}

/** Stable, reviewable JSON: the same entry always serialises to the same text. */
export function serializeStoredCall(entry: StoredCall): string {
  const { signal: _signal, ...request } = entry.request as ChatRequest;
  return `${JSON.stringify({ ...entry, request }, null, 2)}\n`;
}

export function parseStoredCall(text: string): StoredCall | undefined {
  try {
    const value = JSON.parse(text) as StoredCall;
    if (typeof value?.key !== "string" || typeof value.response?.text !== "string") return undefined;
    return value;
  } catch {
    return undefined;
  }
}
