/**
 * `npm run build:functions`: the function app as Azure loads it — one ES module bundle, dist/functions/index.js
 * (package.json "main"), with its source map. Node resolves and compiles one file instead of some 400 modules of
 * @azure/functions, @azure/data-tables, zod and our own code, which is most of a cold start.
 *
 * Left outside the bundle:
 * - `@azure/functions-core`: the Functions worker provides it at run time (it is not an npm package);
 * - `@azure/monitor-opentelemetry` and `@opentelemetry/*`: loaded by a dynamic import only when
 *   APPLICATIONINSIGHTS_CONNECTION_STRING is set (functions/src/telemetry.ts); its instrumentations hook real
 *   modules, so it stays a package in node_modules (the deployment ships the production dependencies).
 * Code reached only through a dynamic import (nodemailer, @azure/identity) goes into chunks beside the entry, so
 * importing the app does not even parse it.
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUT_DIR = path.join(ROOT, "dist/functions");

export const EXTERNAL = ["@azure/functions-core", "@azure/monitor-opentelemetry", "@opentelemetry/*"];

/** Build the bundle into `outDir` (emptied first); tests build into a folder of their own. */
export async function buildFunctions(outDir = OUT_DIR): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { index: "functions/src/index.ts" },
    outdir: outDir,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    minify: true,
    sourcemap: true,
    legalComments: "linked",
    external: EXTERNAL,
    // CommonJS packages inside an ES module bundle still call require() (Node built-ins, functions-core).
    banner: {
      js: 'import { createRequire as __duban_createRequire } from "node:module"; const require = __duban_createRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildFunctions();
  console.info(`dist/functions/index.js built in ${Math.round(performance.now() - started)} ms`);
}
