// ESM resolve hook for test/functions/telemetry.test.ts: appends every module URL a process resolves to the file
// named by DUBAN_IMPORT_LOG (hooks run on a thread of their own, so a file is how they report).
import { appendFileSync } from "node:fs";
import process from "node:process";

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.DUBAN_IMPORT_LOG) appendFileSync(process.env.DUBAN_IMPORT_LOG, `${result.url}\n`);
  return result;
}
