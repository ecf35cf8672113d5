// The fake runs in a browser page: its modules bundle into one script (no Node built-ins), which installs
// Excel/Office/OfficeExtension and window.__excelFake in a bare JavaScript realm.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { buildExcelFakeBundle } from "../../support/excel-fake/node/bundle";

const fakeDir = join(import.meta.dirname, "../../support/excel-fake");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return entry.name === "node" ? [] : sources(join(dir, entry.name));
    return entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [];
  });
}

describe("browser bundle", () => {
  it("the fake's modules import nothing from Node", () => {
    for (const file of sources(fakeDir)) {
      const imports = [...readFileSync(file, "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1] ?? "");
      expect(
        imports.filter((i) => !i.startsWith(".")),
        file,
      ).toEqual([]);
    }
  });

  it("bundles into one script that works in a realm with browser globals only", async () => {
    const script = await buildExcelFakeBundle();
    expect(script).not.toMatch(/require\(|node:/);
    const window: Record<string, unknown> = {
      TextEncoder,
      queueMicrotask,
      __excelFakeOptions: { sheets: ["督办清单"], excelApi: "1.8" },
    };
    window.window = window;
    const realm = createContext(window);
    runInContext(script, realm);
    expect(Object.keys(window)).toEqual(
      expect.arrayContaining(["Excel", "Office", "OfficeExtension", "__excelFake"]),
    );
    const result = await runInContext(
      `(async () => {
        const info = await Office.onReady();
        await Excel.run(async (context) => {
          const sheet = context.workbook.worksheets.getItem("督办清单");
          sheet.getRange("A1:B1").values = [["状态", "001"]];
          await context.sync();
        });
        return {
          host: info.host,
          api19: Office.context.requirements.isSetSupported("ExcelApi", "1.9"),
          values: __excelFake.workbook.sheet("督办清单").values("A1:B1"),
          html: __excelFake.renderSheetHtml("督办清单").length > 0,
        };
      })()`,
      realm,
    );
    expect(result).toEqual({ host: "Excel", api19: false, values: [["状态", 1]], html: true });
  }, 60_000);
});
