/**
 * One esbuild config, one file per entry. `dist/` is committed (the Action runs it as is) and a test
 * checks it matches a fresh build.
 *   dist/action.js  the GitHub Action: everything bundled, nothing resolved at run time
 *   dist/cli.js     the `charter` CLI: packages stay external and load from node_modules
 */

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

await Promise.all([
  build({
    ...common,
    entryPoints: { action: "actions/main.ts" },
    outdir,
    minify: true,
    banner: { js: requireShim },
  }),
  build({
    ...common,
    entryPoints: { cli: "cli/main.ts" },
    outdir,
    packages: "external",
  }),
]);
