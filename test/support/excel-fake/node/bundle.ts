// Node-only helper (not part of the fake itself): bundles browser.ts into one IIFE script with Vite, for an
// end-to-end test to serve in place of office.js, e.g.
//   const script = await buildExcelFakeBundle();
//   await page.route(OFFICE_JS_URL, (route) => route.fulfill({ contentType: "text/javascript", body: script }));
// and then page.evaluate(() => window.__excelFake.workbook.sheet("督办清单").values("A1:R5")).
import { fileURLToPath } from "node:url";
import { build } from "vite";

export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

let cached: Promise<string> | undefined;

export function buildExcelFakeBundle(): Promise<string> {
  cached ??= (async () => {
    const entry = fileURLToPath(new URL("../browser.ts", import.meta.url));
    const result = await build({
      configFile: false,
      logLevel: "silent",
      build: {
        write: false,
        minify: false,
        target: "es2022",
        lib: { entry, formats: ["iife"], name: "ExcelFakeBundle", fileName: () => "excel-fake.js" },
      },
    });
    const outputs = Array.isArray(result) ? result : [result];
    for (const output of outputs) {
      if (!("output" in output)) continue;
      const chunk = output.output.find((o) => o.type === "chunk");
      if (chunk && chunk.type === "chunk") return chunk.code;
    }
    throw new Error("excel-fake: the bundle build produced no JavaScript");
  })();
  return cached;
}
