/**
 * A registry with two signed releases of support/triage (1.0.0 with no pull request, 1.1.0 merged
 * through pull request #7 and approved by alice), and a runner over it with a scripted model and
 * recording tools — for admission, execution and resume tests. The runner's state is a fresh SQLite
 * `RunStore`, or the state passed as `state` (see `stores.ts`: the runner suites run over each store,
 * in-process and queued on BullMQ workers).
 */
import { join } from "node:path";
import nock from "nock";
import type { ToolInvocation } from "../../core/execute/services.ts";
import { createGitHubClient } from "../../core/github/client.ts";
import { publishProject } from "../../core/publish/project.ts";
import { openRegistry } from "../../core/registry/open.ts";
import { loadTrustedKeys } from "../../core/signing/keys.ts";
import { Runner, type RunnerOptions } from "../../runner/runner.ts";
import type { RunState } from "../../runner/state.ts";
import { RunStore } from "../../runner/store.ts";
import { FakeProvider, fakeFactory, reply } from "./fake-provider.ts";
import { mockPullRequest, OWNER, publishScenario, REPO, type Scenario } from "./publish-scenario.ts";
import { type OpenedState, runnerOver } from "./stores.ts";
import { writeTree } from "./tree.ts";

export interface RunnerScenario<S extends RunState = RunStore> {
  s: Scenario;
  store: S;
  /** Closes the store (and removes its test schema); safe to call twice. */
  close(): Promise<void>;
  provider: FakeProvider;
  toolCalls: ToolInvocation[];
  runner(overrides?: Partial<RunnerOptions>): Runner;
}

interface ScenarioOptions {
  teamMembers?: { login: string; id: number }[];
}

export async function runnerScenario(category?: string, options?: ScenarioOptions): Promise<RunnerScenario>;
/** Over the given store; the caller still closes it (`close()` of the scenario or of the store). */
export async function runnerScenario(
  category: string,
  options: ScenarioOptions & { state: OpenedState },
): Promise<RunnerScenario<RunState>>;
export async function runnerScenario(
  category = "billing",
  options: ScenarioOptions & { state?: OpenedState } = {},
): Promise<RunnerScenario<RunState>> {
  const s = await publishScenario();
  await publishProject({ dir: s.dir, ref: s.first, registry: s.registryDir, env: s.env });
  nock.disableNetConnect();
  const scope = mockPullRequest(s, options.teamMembers ? { teamMembers: options.teamMembers } : {});
  try {
    await publishProject({
      dir: s.dir,
      ref: s.merge,
      registry: s.registryDir,
      env: s.env,
      github: { client: await createGitHubClient("t", { env: {} }), owner: OWNER, repo: REPO },
    });
    scope.done();
  } finally {
    nock.cleanAll();
    nock.enableNetConnect();
  }
  let store: RunState;
  let close: () => Promise<void>;
  const state = options.state;
  if (state) {
    store = state.state;
    close = state.close;
  } else {
    const sqlite = new RunStore(join(writeTree({}), "runner.db"));
    store = sqlite;
    close = async () => sqlite.close();
  }
  const provider = new FakeProvider({}, reply(JSON.stringify({ category })));
  const toolCalls: ToolInvocation[] = [];
  const runner = (overrides: Partial<RunnerOptions> = {}) => {
    const o: RunnerOptions = {
      store,
      registry: openRegistry(s.registryDir),
      trust: { trustedKeys: loadTrustedKeys([s.publicKeyFile]) },
      env: {},
      mode: "live",
      createProvider: fakeFactory(provider),
      teams: { "acme/support": ["alice"] },
      tools: () => ({
        async invoke(call) {
          toolCalls.push(call);
          return call.tool === "crm.lookup" ? { plan: "pro" } : { ok: true };
        },
      }),
      ...overrides,
    };
    return state ? runnerOver(state, o, ["support"]) : new Runner(o);
  };
  return { s, store, close, provider, toolCalls, runner };
}

export const INPUTS = { text: "I was charged twice", email: "ann@example.com" };
