/** Entry of `npm run app` (bundled to dist/app.js). */
import { startServer } from "./server.ts";

startServer().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
