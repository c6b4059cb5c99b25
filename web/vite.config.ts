import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";

/**
 * The API reference's renderer (Swagger UI's prebuilt bundle) served from this origin at /api-docs/,
 * so /api/docs works offline and loads nothing from a CDN (docs/decisions.md).
 */
function apiDocsAssets(): Plugin {
  const dir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const files = ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"];
  return {
    name: "api-docs-assets",
    apply: "build",
    generateBundle() {
      for (const f of files) this.emitFile({ type: "asset", fileName: `api-docs/${f}`, source: readFileSync(join(dir, f)) });
    },
  };
}

// The dashboard SPA. `wrangler dev` serves web/dist through Workers Static Assets; deploy to Pages as is.
export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  plugins: [solid(), apiDocsAssets()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 600 },
  server: { proxy: { "/api": "http://127.0.0.1:8787" } },
});
