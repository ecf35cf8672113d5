// The fake runs at the manifest's requirement set (ExcelApi 1.9) unless told otherwise, and gates every member it
// implements by the set that introduced it, as declared in @types/office-js.
import { describe, expect, it } from "vitest";
import { EXCEL_API_SETS } from "../../support/excel-fake/apiSetTable";
import { compareApiVersions, readExcelApiSets } from "../../support/excel-fake/node/apiSets";
import { newFake, rejection, thrown } from "./helpers";

describe("requirement sets", () => {
  it("the table matches the doc comments of @types/office-js for every class the fake implements", () => {
    const declared = readExcelApiSets();
    for (const [cls, members] of Object.entries(EXCEL_API_SETS)) {
      const expected = Object.fromEntries(
        Object.entries(declared[cls] ?? {}).filter(([, v]) => compareApiVersions(v, "1.1") > 0),
      );
      expect({ cls, members }).toEqual({ cls, members: expected });
    }
  });

  it("defaults to the manifest's ExcelApi 1.9: 1.9 members work, newer ones throw ApiNotFound", async () => {
    const fake = newFake();
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.10")).toBe(false);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.pageLayout.orientation = "Portrait"; // 1.9
      sheet.horizontalPageBreaks.load("items"); // 1.9
      await context.sync();
      const range = sheet.getRange("A1:B2");
      expect(thrown(() => range.getMergedAreasOrNullObject()).code).toBe("ApiNotFound"); // 1.13
      const table = sheet.tables.add("A1:B2", true);
      expect(thrown(() => table.resize("A1:B3")).code).toBe("ApiNotFound"); // 1.13
      await context.sync();
    });
  });

  it("members only Excel on the web has (ExcelApiOnline) throw ApiNotFound on the desktop", async () => {
    for (const [platform, works] of [
      ["OfficeOnline", true],
      ["PC", false],
    ] as const) {
      const fake = newFake({ platform });
      await fake.Excel.run(async (context) => {
        const table = context.workbook.worksheets.getItem("Sheet1").tables.add("A1:B3", true);
        if (works) table.rows.deleteRowsAt(0);
        else expect(thrown(() => table.rows.deleteRowsAt(0)).code).toBe("ApiNotFound");
        await context.sync();
      });
    }
  });

  it("load() without names skips newer properties; naming one fails the sync with ApiNotFound", async () => {
    const fake = newFake();
    const loaded = await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.load();
      await context.sync();
      return range.toJSON() as Record<string, unknown>;
    });
    expect(loaded).not.toHaveProperty("height");
    const error = await rejection(
      fake.Excel.run(async (context) => {
        const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
        range.load("height"); // ExcelApi 1.10
        await context.sync();
      }),
    );
    expect(error.code).toBe("ApiNotFound");
    const newer = newFake({ excelApi: "1.17" });
    await newer.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.load("height");
      await context.sync();
      expect(range.height).toBeGreaterThan(0);
    });
  });
});
