import { executeWorkflow } from "../core/execute/execute.ts";
import { systemClock } from "../core/routing/clock.ts";
import { workflowFile } from "../workflows-schema/index.ts";
import { rng } from "../test/helpers/random.ts";
const r = rng(42);
const nodes: Record<string, unknown> = { root: { type: "transform", value: 0 } };
let prev = ["root"];
let k = 1;
for (let l = 0; l < 20; l++) { const cur: string[] = []; for (let i = 0; i < 50 && k < 1000; i++, k++) { const id = `n${l}_${i}`; const s = new Set<string>(); const w = Math.min(prev.length, 1 + r.int(3)); while (s.size < w) s.add(r.pick(prev)); nodes[id] = { type: "transform", value: k, needs: [...s] }; cur.push(id); } prev = cur; }
const wf = workflowFile.parse({ apiVersion: "charter/v1", kind: "Workflow", name: "b", version: "1.0.0", budget: { max_usd: 0, timeout: "10m" }, max_concurrency: 100, nodes });
const services = { clock: systemClock } as never;
const reps = Number(process.argv[2] ?? 100);
for (let i = 0; i < 5; i++) await executeWorkflow({ tenant: "t", workflow: wf, inputs: {}, services, runId: `w${i}` });
const t = performance.now();
for (let i = 0; i < reps; i++) { const rec = await executeWorkflow({ tenant: "t", workflow: wf, inputs: {}, services, runId: `r${i}` }); if (rec.status !== "succeeded") throw new Error(rec.status); }
console.log(((performance.now() - t) / reps * 1000 / 1000).toFixed(2), "µs/node (mean over", reps, "runs)");
