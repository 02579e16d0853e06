import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { packageRoot } from "../../src/platform/paths.js";

/**
 * Imports one of the console's pure modules (web/src/*.ts, no imports of its own) into node.
 * The web app is type-checked by `tsc -p web` and bundled by Vite; the main build does not
 * emit it (its output would land in dist/web/, which Vite empties), so the module is
 * transpiled here, as it is, and loaded from a data: URL.
 */
export async function importWebModule<T>(file: string): Promise<T> {
  const source = fs.readFileSync(path.join(packageRoot(), "web", "src", file), "utf8");
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  }).outputText;
  if (/^\s*import\s/m.test(js)) throw new Error(`web/src/${file} imports other modules: keep it pure`);
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as T;
}
