#!/usr/bin/env node
// The lesc command. The TypeScript is compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from "node:fs";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("lesc: not built yet; run `npm install` (or `npm run build`) first\n");
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv.slice(2));
