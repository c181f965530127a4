/**
 * `npm run bench -- NAME [args]`: runs bench/NAME.ts. Each benchmark prints its figures beside a
 * baseline measured in the same run (the physical limit or a peer), then the machine it ran on.
 */
import { readdirSync } from "node:fs";
import { machineLine } from "./machine.ts";

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(import.meta.dirname)
  .filter(
    (f) =>
      f.endsWith(".ts") && !["index.ts", "machine.ts", "stats.ts"].includes(f) && !f.startsWith("generate-"),
  )
  .map((f) => f.replace(/\.ts$/, ""));

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME\navailable: ${available.join(", ")}`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { run(args: string[]): Promise<void> };
await mod.run(args);
console.log(`\nmachine: ${machineLine()}`);
