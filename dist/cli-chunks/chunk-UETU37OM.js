// package.json
var package_default = {
  name: "charter",
  version: "0.1.0",
  description: "Governed AI workflows as code: lint, diff, evaluate, approve, sign, publish and run YAML workflow DAGs from a git repository.",
  type: "module",
  private: true,
  license: "MIT",
  engines: {
    node: ">=20.19"
  },
  bin: {
    charter: "bin/charter.js"
  },
  scripts: {
    start: "node bin/charter.js demo",
    build: "node scripts/build.mjs",
    "schema:json": "tsx scripts/generate-schema.ts",
    test: "tsc --noEmit && biome check . && vitest run",
    format: "biome check --write .",
    bench: "tsx bench/index.ts",
    docs: "tsx scripts/write-docs.ts",
    app: "node dist/app.js"
  },
  dependencies: {
    "@actions/core": "3.0.1",
    "@actions/expressions": "0.3.61",
    "@anthropic-ai/sdk": "1.14.0",
    "@modelcontextprotocol/sdk": "1.32.2",
    "@octokit/rest": "22.0.1",
    "@opentelemetry/api": "1.9.1",
    "@opentelemetry/core": "2.12.1",
    "@opentelemetry/exporter-trace-otlp-http": "0.223.1",
    "@opentelemetry/resources": "2.12.1",
    "@opentelemetry/sdk-trace-base": "2.12.1",
    "@opentelemetry/semantic-conventions": "1.45.0",
    "@sigstore/bundle": "4.0.0",
    "@sigstore/core": "3.2.1",
    "@sigstore/protobuf-specs": "0.5.2",
    "@sigstore/sign": "4.1.1",
    "@sigstore/verify": "3.1.1",
    ajv: "8.17.1",
    "ajv-formats": "3.0.1",
    "better-sqlite3": "12.9.0",
    bullmq: "6.7.0",
    commander: "14.0.3",
    diff: "9.0.0",
    ioredis: "5.8.2",
    mermaid: "11.17.2",
    openai: "6.30.1",
    pg: "8.23.1",
    probot: "14.3.2",
    undici: "6.29.1",
    yaml: "2.9.1",
    zod: "4.6.7"
  },
  devDependencies: {
    "@biomejs/biome": "2.6.8",
    "@langchain/core": "1.4.0",
    "@langchain/langgraph": "1.7.3",
    "@sigstore/mock": "0.12.1",
    "@types/better-sqlite3": "9.6.0",
    "@types/jsdom": "21.1.7",
    "@types/node": "20.19.43",
    "@types/pg": "8.23.1",
    esbuild: "0.28.2",
    jsdom: "26.1.0",
    nock: "14.0.9",
    "playwright-core": "1.65.1",
    tsx: "4.23.15",
    typescript: "7.0.2",
    vitest: "4.1.12"
  }
};

// core/version.ts
var CHARTER_VERSION = package_default.version;

export {
  CHARTER_VERSION
};
