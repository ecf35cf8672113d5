/**
 * `npm run lint:openapi`: writes the OpenAPI document the API serves at /api/openapi.json to dist/openapi.json
 * (built from the route table, as the endpoint builds it), for `redocly lint` and for anyone who wants the file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildOpenApi } from "../functions/src/functions/openapi.js";
import { ROUTES } from "../functions/src/routes.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.resolve(ROOT, process.argv[2] ?? "dist/openapi.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(buildOpenApi(ROUTES), null, 2)}\n`);
console.info(`OpenAPI 文档已写入 ${path.relative(ROOT, out)}`);
