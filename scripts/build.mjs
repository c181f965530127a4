/**
 * One esbuild config, one file per entry. `dist/` is committed (the Action runs it as is) and a test
 * checks it matches a fresh build.
 *   dist/action.js (+ dist/action-chunks/)  the GitHub Action: everything bundled, nothing resolved at run time
 *   dist/cli.js (+ dist/cli-chunks/)        the `charter` CLI: packages stay external and load from node_modules
 *   dist/app.js (+ dist/app-chunks/)        the approvals GitHub App server (`npm run app`), packages external
 */

import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = process.argv[2] ?? `${root}/dist`;

// Bundled CommonJS dependencies call require(); give the ESM bundle one.
const requireShim =
  'import { createRequire as __charterCreateRequire } from "node:module"; const require = __charterCreateRequire(import.meta.url);';

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  charset: "utf8",
};

// Chunk names carry content hashes: clear the previous build so no stale chunk lingers.
for (const entry of ["action.js", "action-chunks", "cli.js", "cli-chunks", "app.js", "app-chunks"])
  rmSync(`${outdir}/${entry}`, { recursive: true, force: true });

// Code splitting keeps what a command does not need out of its start-up: `lint` never loads the
// model SDKs or the GitHub client, which sit in chunks behind dynamic imports.
await Promise.all([
  build({
    ...common,
    entryPoints: { action: "actions/main.ts" },
    outdir,
    splitting: true,
    chunkNames: "action-chunks/[name]-[hash]",
    minify: true,
    banner: { js: requireShim },
  }),
  build({
    ...common,
    entryPoints: { cli: "cli/main.ts" },
    outdir,
    splitting: true,
    chunkNames: "cli-chunks/[name]-[hash]",
    packages: "external",
  }),
  build({
    ...common,
    entryPoints: { app: "app/main.ts" },
    outdir,
    splitting: true,
    chunkNames: "app-chunks/[name]-[hash]",
    packages: "external",
  }),
]);
