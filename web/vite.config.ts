import { defineConfig } from "vite";

// The operator console: built into dist/web/ and served by `lesc serve` at `/` under a strict
// Content-Security-Policy (default-src 'self'), so nothing inline and nothing from elsewhere.
export default defineConfig({
  base: "/",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1000,
  },
});
