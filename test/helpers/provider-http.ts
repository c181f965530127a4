import nock from "nock";
import { expect } from "vitest";
import { ProviderError } from "../../core/providers/provider.ts";

/** A nock scope answering one POST to `api` + `path`, recording the JSON body it received. */
export function answerOnce(
  api: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const bodies: unknown[] = [];
  const scope = nock(api)
    .post(path, (b) => {
      bodies.push(b);
      return true;
    })
    .reply(status, body as nock.Body, headers);
  return { scope, bodies };
}

/** Awaits a call that must fail, and returns its ProviderError. */
export async function providerFailure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}
