// A stand-in OpenAI-compatible server for benchmarks, run in its own process so its CPU time is not
// charged to the client: every chat completion is answered after LATENCY_MS. It prints its URL, then
// the number of requests it served when asked on stdin ("count").
import { createServer } from "node:http";

const latency = Number(process.argv[2] ?? 100);
let requests = 0;
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => {
    body += c;
  });
  req.on("end", () => {
    requests++;
    const parsed = JSON.parse(body || "{}");
    const last = parsed.messages?.at(-1)?.content ?? "";
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: `cmpl-${requests}`,
          object: "chat.completion",
          created: 0,
          model: parsed.model ?? "local-model",
          choices: [
            { index: 0, message: { role: "assistant", content: `answer to ${last}` }, finish_reason: "stop" },
          ],
          usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
        }),
      );
    }, latency);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/v1\n`);
});
process.stdin.setEncoding("utf8");
process.stdin.on("data", (line) => {
  if (line.trim() === "count") process.stdout.write(`${requests}\n`);
});
process.stdin.on("end", () => server.close(() => process.exit(0)));
