#!/usr/bin/env node
// Runs every compiled test file with node's test runner, after preparing the embedded store
// template once (PGlite takes seconds to create a database; tests copy the template).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const only = process.argv.slice(2);

function findTests(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith(".test.js")) found.push(full);
  }
  return found;
}

const files = [path.join(root, "dist/src"), path.join(root, "dist/test")]
  .filter((dir) => fs.existsSync(dir))
  .flatMap(findTests)
  .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
  .sort();

// With no files, node --test would discover and run every test under the folder.
if (files.length === 0) {
  console.error(`lesc tests: no compiled test file matches ${only.join(", ")}`);
  process.exit(1);
}

if (!process.env.DATABASE_URL) {
  const { ensureEmbeddedTemplate } = await import(path.join(root, "dist/test/support/test-store.js"));
  await ensureEmbeddedTemplate();
}

console.error(
  `lesc tests: ${files.length} files on the ${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded store"}`,
);
const result = spawnSync(
  process.execPath,
  ["--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  { stdio: "inherit", cwd: root },
);
process.exit(result.status ?? 1);
