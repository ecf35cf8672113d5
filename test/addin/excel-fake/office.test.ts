// The Office namespace: document settings persist only after saveAsync (a reload drops unsaved ones),
// requirement sets, onReady, theme; workbook.settings; installing the fake on globalThis.
import { describe, expect, it } from "vitest";
import { createExcelFake, installExcelFake } from "../../support/excel-fake";
import { newFake } from "./helpers";

const saveAsync = (settings: Office.Settings) =>
  new Promise<Office.AsyncResult<void>>((resolve) => settings.saveAsync((result) => resolve(result)));

describe("Office.context.document.settings", () => {
  it("set/get/remove work in memory; saveAsync persists; a reload keeps only what was saved", async () => {
    const fake = newFake({ sheets: ["督办清单", "_sync"] });
    const settings = fake.Office.context.document.settings;
    settings.set("duban.lastPull", { at: "2025-05-20T01:00:00Z", rows: 12 });
    settings.set("duban.server", "https://duban.example.com/api");
    expect(settings.get("duban.lastPull")).toEqual({ at: "2025-05-20T01:00:00Z", rows: 12 });
    const result = await saveAsync(settings);
    expect(result.status).toBe(fake.Office.AsyncResultStatus.Succeeded);
    settings.set("duban.unsaved", true);
    settings.remove("duban.server");
    expect(settings.get("duban.server")).toBeNull();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("_sync").visibility = "VeryHidden";
      context.workbook.worksheets.getItem("督办清单").tables.add("A1:C1", true).name = "督办事项";
      await context.sync();
    });

    fake.workbook.reloadDocument();

    expect(settings.get("duban.unsaved")).toBeNull();
    expect(settings.get("duban.server")).toBe("https://duban.example.com/api");
    expect(settings.get("duban.lastPull")).toEqual({ at: "2025-05-20T01:00:00Z", rows: 12 });
    expect(fake.workbook.sheet("_sync").visibility).toBe("VeryHidden");
    expect(fake.workbook.tables().map((t) => t.name)).toEqual(["督办事项"]);
    expect(fake.workbook.documentSettings().saved).toEqual({
      "duban.lastPull": { at: "2025-05-20T01:00:00Z", rows: 12 },
      "duban.server": "https://duban.example.com/api",
    });
  });

  it("values are stored as JSON copies (mutating the original changes nothing)", () => {
    const fake = newFake();
    const value = { rows: [1, 2] };
    fake.Office.context.document.settings.set("k", value);
    value.rows.push(3);
    expect(fake.Office.context.document.settings.get("k")).toEqual({ rows: [1, 2] });
  });

  it("a reload drops event handlers (the add-in starts again)", async () => {
    const fake = newFake();
    let calls = 0;
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").onChanged.add(async () => {
        calls++;
      });
      await context.sync();
    });
    fake.workbook.reloadDocument();
    await fake.workbook.userEdit("Sheet1", "A1", [["x"]]);
    expect(calls).toBe(0);
  });
});

describe("workbook.settings (Excel.SettingCollection)", () => {
  it("add, getItem, getItemOrNullObject, delete; they persist with the workbook", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      context.workbook.settings.add("duban.version", 3);
      const setting = context.workbook.settings.getItem("duban.version").load("value");
      const missing = context.workbook.settings.getItemOrNullObject("nope");
      await context.sync();
      expect(setting.value).toBe(3);
      expect(missing.isNullObject).toBe(true);
    });
    fake.workbook.reloadDocument();
    expect(fake.workbook.workbookSettings()).toEqual({ "duban.version": 3 });
  });
});

describe("host information", () => {
  it("Office.onReady resolves with the Excel host and calls its callback", async () => {
    const fake = newFake();
    const seen: unknown[] = [];
    const info = await fake.Office.onReady((i) => seen.push(i.host));
    expect(info.host).toBe(fake.Office.HostType.Excel);
    expect(seen).toEqual(["Excel"]);
  });

  it("isSetSupported reports ExcelApi 1.9 by default and can simulate an older host", () => {
    expect(newFake().Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
    const old = newFake({ excelApi: "1.7" });
    expect(old.Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(false);
    expect(old.Office.context.requirements.isSetSupported("ExcelApi", "1.7")).toBe(true);
    expect(old.Office.context.requirements.isSetSupported("WordApi", "1.1")).toBe(false);
  });

  it("officeTheme is configurable", () => {
    const fake = newFake({ officeTheme: { bodyBackgroundColor: "#262626" } });
    expect(fake.Office.context.officeTheme.bodyBackgroundColor).toBe("#262626");
    expect(fake.Office.context.officeTheme.bodyForegroundColor).toBe("#000000");
  });

  it("installExcelFake puts Excel, Office and OfficeExtension on globalThis and can undo it", async () => {
    const fake = createExcelFake();
    const scope = globalThis as Record<string, unknown>;
    const restore = installExcelFake(fake);
    try {
      expect(scope.Excel).toBe(fake.Excel);
      await Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["via global"]];
        await context.sync();
      });
      expect(fake.workbook.sheet("Sheet1").cell("A1").value).toBe("via global");
    } finally {
      restore();
    }
    expect("Excel" in scope).toBe(false);
  });
});
