/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri serves the built files from the binary; the dev server is only for `tauri dev`.
// `npm test` runs the unit tests of the pure helpers (src/lib/*.test.ts, scripts/*.test.mjs).
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "safari16", outDir: "dist", emptyOutDir: true, sourcemap: false },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", environment: "node", include: ["src/**/*.test.ts", "scripts/**/*.test.mjs"], exclude: ["src/**/*.svelte.test.ts"] },
      },
      {
        // Tests of runes ($state, $effect) run Svelte's client runtime, so that they react as
        // in the window (see scripts/client-environment.mjs).
        extends: true,
        resolve: { conditions: ["browser"] },
        test: { name: "runes", environment: "./scripts/client-environment.mjs", include: ["src/**/*.svelte.test.ts"] },
      },
    ],
    // Svelte goes through Vite's resolution, so that the client environment gets its client build.
    server: { deps: { inline: ["svelte"] } },
  },
});
