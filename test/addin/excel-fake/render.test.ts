// renderSheetHtml: the used range as an HTML table with merged cells, fonts, fills, borders, widths and
// formatted text, for screenshots in end-to-end tests.
import { describe, expect, it } from "vitest";
import { newFake } from "./helpers";

async function noticeSheet() {
  const fake = newFake({ sheets: ["通知单"] });
  await fake.Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem("通知单");
    sheet.getRange("A1:D1").values = [["督办通知单", "", "", ""]];
    sheet.getRange("A1:D1").merge();
    sheet.getRange("A1").format.font.bold = true;
    sheet.getRange("A1").format.font.size = 18;
    sheet.getRange("A1").format.horizontalAlignment = "Center";
    sheet.getRange("A2:B3").merge();
    sheet.getRange("A2").values = [["督办事项"]];
    sheet.getRange("C2:D3").values = [
      ["完成时限", 45797],
      ["<紧急>", "A&B"],
    ];
    sheet.getRange("D2").numberFormat = [['yyyy"年"m"月"d"日"']];
    sheet.getRange("C2").format.fill.color = "#FFF2CC";
    const border = sheet.getRange("A2:D3").format.borders.getItem("EdgeBottom");
    border.style = "Continuous";
    border.weight = "Medium";
    sheet.getRange("B:B").format.columnWidth = 90;
    sheet.getRange("E:E").columnHidden = true;
    sheet.getRange("F3").values = [["hidden column neighbour"]];
    await context.sync();
  });
  return fake;
}

describe("renderSheetHtml", () => {
  it("renders merged areas as rowspan/colspan and omits the covered cells", async () => {
    const html = (await noticeSheet()).renderSheetHtml("通知单");
    expect(html).toMatch(
      /<td data-cell="A1" colspan="4" style="[^"]*font-size:18pt[^"]*font-weight:bold[^"]*text-align:center/,
    );
    expect(html).toMatch(/<td data-cell="A2" rowspan="2" colspan="2"/);
    for (const covered of ["B1", "C1", "D1", "B2", "A3", "B3"])
      expect(html).not.toContain(`data-cell="${covered}"`);
    expect(html).toContain('data-cell="C3"');
  });

  it("shows formatted text, escapes HTML, and carries fills, borders and column widths", async () => {
    const html = (await noticeSheet()).renderSheetHtml("通知单");
    expect(html).toContain(">2025年5月20日</td>");
    expect(html).toContain(">&lt;紧急&gt;</td>");
    expect(html).toContain(">A&amp;B</td>");
    expect(html).toMatch(/data-cell="C2" style="[^"]*background-color:#FFF2CC/);
    expect(html).toMatch(/data-cell="C3" style="[^"]*border-bottom:2px solid #000000/);
    expect(html).toContain('<col style="width:90pt">');
    expect(html).not.toContain('data-cell="E');
    expect(html).toContain('data-cell="F3"');
    expect(html).toMatch(/^<div class="excel-fake-sheet" data-sheet="通知单" data-address="A1:F3">/);
  });

  it("renders an address or the print area when asked, applies conditional formats and table looks", async () => {
    const fake = newFake({ sheets: ["督办清单"] });
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("督办清单");
      sheet.getRange("A1:B1").values = [["事项", "亮灯"]];
      const table = sheet.tables.add("A1:B1", true);
      table.rows.add(undefined, [
        ["甲", "红灯"],
        ["乙", "绿灯"],
      ]);
      const cf = sheet.getRange("B2:B3").conditionalFormats.add("Custom");
      cf.custom.rule.formula = '=B2="红灯"';
      cf.custom.format.fill.color = "#FF0000";
      sheet.pageLayout.setPrintArea("A1:A3");
      await context.sync();
    });
    const html = fake.renderSheetHtml("督办清单");
    expect(html).toMatch(/data-cell="B2" style="[^"]*background-color:#FF0000/);
    expect(html).not.toMatch(/data-cell="B3" style="[^"]*background-color:#FF0000/);
    expect(html).toMatch(
      /data-cell="A1" style="[^"]*font-weight:bold[^"]*color:#FFFFFF[^"]*background-color:#4472C4/,
    );
    const printed = fake.renderSheetHtml("督办清单", { printArea: true });
    expect(printed).toContain('data-address="A1:A3"');
    expect(printed).not.toContain('data-cell="B1"');
    expect(fake.renderSheetHtml("督办清单", { address: "B2", gridlines: true })).toMatch(
      /border-top:1px solid #D4D4D4/,
    );
  });

  it("an empty sheet renders an empty table", () => {
    expect(newFake().renderSheetHtml("Sheet1")).toContain("<table");
  });
});
