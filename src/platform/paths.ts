import { fileURLToPath } from "node:url";

/** The package root: compiled files live in dist/src/…, sources in src/…; both resolve here. */
export function packageRoot(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const marker = `${"/"}dist${"/"}src${"/"}`;
  const at = here.lastIndexOf(marker);
  if (at >= 0) return here.slice(0, at);
  return fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
}
