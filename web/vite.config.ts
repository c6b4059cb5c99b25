import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

// The dashboard SPA. `wrangler dev` serves web/dist through Workers Static Assets; deploy to Pages as is.
export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  plugins: [solid()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 600 },
  server: { proxy: { "/api": "http://127.0.0.1:8787" } },
});
