// Formatting and printing are stored so tests can read them back: formats, borders, widths, conditional
// formats, data validation (255-character literal lists), page layout, print area, page breaks, charts.
import { describe, expect, it } from "vitest";
import { newFake, rejection } from "./helpers";

describe("range formats", () => {
  it("font, fill, alignment, wrap, widths and heights are stored and read back", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const title = sheet.getRange("A1:D1");
      title.format.font.name = "宋体";
      title.format.font.size = 16;
      title.format.font.bold = true;
      title.format.font.color = "red";
      title.format.fill.color = "#d9e1f2";
      title.format.horizontalAlignment = "Center";
      title.format.verticalAlignment = "Center";
      title.format.wrapText = true;
      title.format.rowHeight = 30;
      sheet.getRange("B:B").format.columnWidth = 120;
      title.format.autofitColumns();
      const check = sheet.getRange("A1:B1");
      check.load(
        "format/font/name, format/font/size, format/fill/color, format/columnWidth, format/rowHeight",
      );
      await context.sync();
      expect(check.format.font.name).toBe("宋体");
      expect(check.format.font.size).toBe(16);
      expect(check.format.fill.color).toBe("#D9E1F2");
      expect(check.format.columnWidth).toBeNull();
      expect(check.format.rowHeight).toBe(30);
    });
    const sheet = fake.workbook.sheet("Sheet1");
    expect(sheet.cell("C1").format).toMatchObject({
      font: { name: "宋体", size: 16, bold: true, color: "#FF0000" },
      fill: { color: "#D9E1F2" },
      horizontalAlignment: "Center",
      verticalAlignment: "Center",
      wrapText: true,
    });
    expect(sheet.cell("E1").format.fill.color).toBeNull();
    expect(sheet.columnWidth("B")).toBe(120);
    expect(sheet.columnWidth("C")).toBe(48);
    expect(sheet.rowHeight(1)).toBe(30);
  });

  it("bad colours, alignments and sizes are InvalidArgument", async () => {
    const fake = newFake();
    for (const f of [
      (r: Excel.Range) => (r.format.fill.color = "not-a-colour"),
      (r: Excel.Range) => (r.format.horizontalAlignment = "Middle" as Excel.HorizontalAlignment),
      (r: Excel.Range) => (r.format.font.size = 0),
      (r: Excel.Range) => (r.format.columnWidth = -1),
    ]) {
      const error = await rejection(
        fake.Excel.run(async (context) => {
          f(context.workbook.worksheets.getItem("Sheet1").getRange("A1"));
          await context.sync();
        }),
      );
      expect(error.code).toBe("InvalidArgument");
    }
  });

  it("worksheet.getRange().format.columnWidth sets every column; a column width overrides it", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange().format.columnWidth = 60;
      sheet.getRange("C1").format.columnWidth = 200;
      await context.sync();
    });
    const sheet = fake.workbook.sheet("Sheet1");
    expect([sheet.columnWidth("A"), sheet.columnWidth("C"), sheet.columnWidth("XFD")]).toEqual([60, 200, 60]);
  });

  it("borders per edge, inside lines, and shared edges", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
      for (const edge of [
        "EdgeTop",
        "EdgeBottom",
        "EdgeLeft",
        "EdgeRight",
        "InsideHorizontal",
        "InsideVertical",
      ] as const) {
        const border = range.format.borders.getItem(edge);
        border.style = "Continuous";
        border.weight = edge.startsWith("Edge") ? "Medium" : "Thin";
        border.color = "#000000";
      }
      const top = range.format.borders.getItem("EdgeTop").load("style, weight");
      const inside = range.format.borders.getItem("InsideHorizontal").load("weight");
      await context.sync();
      expect(top.toJSON()).toEqual({ style: "Continuous", weight: "Medium" });
      expect(inside.weight).toBe("Thin");
    });
    const sheet = fake.workbook.sheet("Sheet1");
    expect(sheet.cell("A1").format.borders.top).toEqual({
      style: "Continuous",
      weight: "Medium",
      color: "#000000",
    });
    expect(sheet.cell("A2").format.borders.top.weight).toBe("Thin");
    expect(sheet.cell("C1").format.borders.left.weight).toBe("Medium");
    expect(sheet.cell("A3").format.borders.top.style).toBe("Continuous");
    expect(sheet.cell("D4").format.borders.top.style).toBe("None");
  });
});

describe("conditional formats", () => {
  it("custom, containsText and cellValue rules are stored with their formats and evaluated per cell", async () => {
    const fake = newFake({ sheets: ["督办清单"] });
    fake.workbook.setValues("督办清单", "A1:B4", [
      ["亮灯", "超期天数"],
      ["红灯", 12],
      ["黄灯", 0],
      ["绿灯", -3],
    ]);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("督办清单");
      const lights = sheet.getRange("A2:A4");
      const red = lights.conditionalFormats.add("Custom");
      red.custom.rule.formula = '=$A2="红灯"';
      red.custom.format.fill.color = "#FF0000";
      red.custom.format.font.color = "#FFFFFF";
      const yellow = lights.conditionalFormats.add(
        fake.Excel.ConditionalFormatType.containsText as Excel.ConditionalFormatType,
      );
      yellow.textComparison.format.fill.color = "#FFFF00";
      yellow.textComparison.rule = { operator: "Contains", text: "黄" };
      const overdue = sheet.getRange("B2:B4").conditionalFormats.add("CellValue");
      overdue.cellValue.format.font.bold = true;
      overdue.cellValue.rule = { formula1: "0", operator: "GreaterThan" };
      const count = lights.conditionalFormats.getCount();
      await context.sync();
      expect(count.value).toBe(2);
    });
    const sheet = fake.workbook.sheet("督办清单");
    expect(sheet.conditionalFormats().map((cf) => [cf.type, cf.addresses, cf.rule])).toEqual([
      ["CellValue", ["B2:B4"], { formula1: "0", operator: "GreaterThan" }],
      ["ContainsText", ["A2:A4"], { operator: "Contains", text: "黄" }],
      ["Custom", ["A2:A4"], { formula: '=$A2="红灯"' }],
    ]);
    expect(sheet.cell("A2").conditionalFormat).toMatchObject({ fillColor: "#FF0000", fontColor: "#FFFFFF" });
    expect(sheet.cell("A3").conditionalFormat).toMatchObject({ fillColor: "#FFFF00" });
    expect(sheet.cell("A4").conditionalFormat).toBeNull();
    expect(sheet.cell("B2").conditionalFormat).toMatchObject({ bold: true });
    expect(sheet.cell("B4").conditionalFormat).toBeNull();
  });

  it("using the wrong sub-format or operator is InvalidArgument; clearAll removes them", async () => {
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        const cf = context.workbook.worksheets
          .getItem("Sheet1")
          .getRange("A1:A5")
          .conditionalFormats.add("Custom");
        cf.cellValue.rule = { formula1: "1", operator: "GreaterThan" };
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A:A").conditionalFormats.clearAll();
      await context.sync();
    });
    expect(fake.workbook.sheet("Sheet1").conditionalFormats()).toEqual([]);
  });
});

describe("data validation", () => {
  const departments = Array.from({ length: 40 }, (_, i) => `综合管理部门${String(i + 1).padStart(2, "0")}`);

  it("a literal list source over 255 characters is InvalidArgument", async () => {
    const source = departments.join(",");
    expect(source.length).toBeGreaterThan(255);
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("E2:E100").dataValidation.rule = {
          list: { inCellDropDown: true, source },
        };
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    expect(fake.workbook.sheet("Sheet1").validations()).toEqual([]);
  });

  it("exactly 255 characters is accepted, and a range reference of any length is", async () => {
    const fake = newFake({ sheets: ["督办清单", "_lists"] });
    fake.workbook.setValues(
      "_lists",
      "A1:A40",
      departments.map((d) => [d]),
    );
    const literal = `${"x".repeat(250)},y,zz`;
    expect(literal.length).toBe(255);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("督办清单");
      sheet.getRange("D2:D100").dataValidation.rule = { list: { inCellDropDown: true, source: literal } };
      sheet.getRange("E2:E100").dataValidation.rule = {
        list: { inCellDropDown: true, source: "=_lists!$A$1:$A$40" },
      };
      const lists = context.workbook.worksheets.getItem("_lists").getRange("A1:A40");
      sheet.getRange("F2:F100").dataValidation.rule = {
        list: { inCellDropDown: true, source: lists as unknown as string },
      };
      const dv = sheet.getRange("E2:E100").dataValidation.load("type, rule");
      await context.sync();
      expect(dv.type).toBe("List");
      expect(dv.rule.list?.source).toBe("=_lists!$A$1:$A$40");
    });
    const validations = fake.workbook.sheet("督办清单").validations();
    expect(validations.map((v) => [v.addresses, v.rule])).toEqual([
      [["D2:D100"], { list: { inCellDropDown: true, source: literal } }],
      [["E2:E100"], { list: { inCellDropDown: true, source: "=_lists!$A$1:$A$40" } }],
      [["F2:F100"], { list: { inCellDropDown: true, source: "=_lists!$A$1:$A$40" } }],
    ]);
    await fake.workbook.userPickFromDropdown("督办清单", "E5", "综合管理部门33");
    expect(fake.workbook.sheet("督办清单").cell("E5").value).toBe("综合管理部门33");
  });

  it("a source on a missing sheet is InvalidArgument", async () => {
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").dataValidation.rule = {
          list: { inCellDropDown: true, source: "=Nowhere!$A$1:$A$3" },
        };
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  it("setting a rule over two different validations needs clear() first", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:A5").dataValidation.rule = { list: { inCellDropDown: true, source: "a,b" } };
      sheet.getRange("A6:A9").dataValidation.rule = { wholeNumber: { formula1: 0, operator: "GreaterThan" } };
      await context.sync();
      sheet.getRange("A1:A9").dataValidation.rule = { list: { inCellDropDown: true, source: "c,d" } };
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      const dv = sheet.getRange("A1:A9").dataValidation;
      dv.clear();
      dv.rule = { list: { inCellDropDown: true, source: "c,d" } };
      dv.errorAlert = { showAlert: true, style: "Stop", title: "无效", message: "请从列表中选择" };
      await context.sync();
    });
    expect(fake.workbook.sheet("Sheet1").validations()).toEqual([
      {
        addresses: ["A1:A9"],
        rule: { list: { inCellDropDown: true, source: "c,d" } },
        prompt: { message: "", showPrompt: false, title: "" },
        errorAlert: { showAlert: true, style: "Stop", title: "无效", message: "请从列表中选择" },
        ignoreBlanks: true,
      },
    ]);
  });
});

describe("printing", () => {
  it("page layout, margins in points, centring, zoom, print area and titles are stored (ExcelApi 1.9)", async () => {
    const fake = newFake({ sheets: ["通知单"] });
    await fake.Excel.run(async (context) => {
      const layout = context.workbook.worksheets.getItem("通知单").pageLayout;
      layout.orientation = "Portrait";
      layout.paperSize = "A4";
      layout.setPrintMargins("Centimeters", {
        top: 2.54,
        bottom: 2.54,
        left: 1.9,
        right: 1.9,
        header: 0,
        footer: 0,
      });
      layout.centerHorizontally = true;
      layout.printGridlines = false;
      layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      layout.setPrintArea("A1:H40");
      layout.setPrintTitleRows("$1:$2");
      layout.headersFooters.defaultForAllPages.centerFooter = "第 &P 页";
      const area = layout.getPrintAreaOrNullObject().load("address");
      layout.load("topMargin, leftMargin, paperSize");
      await context.sync();
      expect(area.address).toBe("通知单!A1:H40");
      expect(layout.topMargin).toBe(72);
      expect(layout.leftMargin).toBe(53.858);
      expect(layout.paperSize).toBe("A4");
    });
    const sheet = fake.workbook.sheet("通知单");
    expect(sheet.printArea()).toBe("A1:H40");
    expect(sheet.printTitleRows()).toBe("1:2");
    expect(sheet.pageLayout()).toMatchObject({
      orientation: "Portrait",
      paperSize: "A4",
      topMargin: 72,
      headerMargin: 0,
      centerHorizontally: true,
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      headersFooters: { defaultForAllPages: { centerFooter: "第 &P 页" } },
    });
  });

  it("no print area reads as a null object; zoom must be set as an object; bad values are InvalidArgument", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const layout = context.workbook.worksheets.getItem("Sheet1").pageLayout;
      const area = layout.getPrintAreaOrNullObject();
      await context.sync();
      expect(area.isNullObject).toBe(true);
      expect(() => {
        layout.zoom.scale = 80;
      }).toThrow();
    });
    for (const f of [
      (l: Excel.PageLayout) => (l.zoom = { scale: 5 }),
      (l: Excel.PageLayout) => (l.topMargin = -1),
      (l: Excel.PageLayout) => (l.paperSize = "A9" as Excel.PaperType),
      (l: Excel.PageLayout) => l.setPrintMargins("Miles" as Excel.PrintMarginUnit, { top: 1 }),
    ]) {
      const error = await rejection(
        fake.Excel.run(async (context) => {
          f(context.workbook.worksheets.getItem("Sheet1").pageLayout);
          await context.sync();
        }),
      );
      expect(error.code).toBe("InvalidArgument");
    }
  });

  it("horizontal page breaks are stored by row", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.horizontalPageBreaks.add("A21");
      sheet.horizontalPageBreaks.add(sheet.getRange("A41:H41"));
      const count = sheet.horizontalPageBreaks.getCount();
      await context.sync();
      expect(count.value).toBe(2);
    });
    expect(fake.workbook.sheet("Sheet1").pageBreaks()).toEqual({ horizontal: [20, 40], vertical: [] });
  });

  it("charts are stored with type, source, title, position and axes", async () => {
    const fake = newFake({ sheets: ["月度考核"] });
    fake.workbook.setValues("月度考核", "A1:B3", [
      ["部门", "得分"],
      ["办公室", 98],
      ["财务部", 95],
    ]);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("月度考核");
      const chart = sheet.charts.add("ColumnClustered", sheet.getRange("A1:B3"), "Columns");
      chart.name = "得分图";
      chart.title.text = "部门得分";
      chart.axes.valueAxis.title.text = "分";
      chart.legend.visible = false;
      chart.setPosition("D2", "K18");
      const loaded = sheet.charts.getItem("得分图").load("name, chartType");
      await context.sync();
      expect(loaded.chartType).toBe("ColumnClustered");
    });
    expect(fake.workbook.sheet("月度考核").charts()).toEqual([
      expect.objectContaining({
        name: "得分图",
        chartType: "ColumnClustered",
        source: "A1:B3",
        seriesBy: "Columns",
        title: { text: "部门得分" },
        legend: { visible: false },
        position: { startCell: "D2", endCell: "K18" },
        axes: { categoryAxis: {}, valueAxis: { title: { text: "分" } } },
      }),
    ]);
  });

  it("sheet protection blocks writes to locked cells (AccessDenied)", async () => {
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("B2").format.protection.locked = false;
        sheet.protection.protect();
        sheet.getRange("B2").values = [["unlocked cell"]];
        sheet.getRange("A1").values = [["locked cell"]];
        await context.sync();
      }),
    );
    expect(error.code).toBe("AccessDenied");
    expect(fake.workbook.sheet("Sheet1").values("A1:B2")).toEqual([
      ["", ""],
      ["", "unlocked cell"],
    ]);
  });
});
