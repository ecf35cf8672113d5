/**
 * Long text in the printed forms: any content the API accepts prints. Excel refuses rows over 409 points and
 * cells over 32,767 characters (the fake does too), so long fields continue over rows labelled 「…（续）」, and a
 * form longer than one A4 page gets page breaks: the 通知单's 正联 starts its own page, each page fits A4.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  MAX_ROW_HEIGHT,
  noticeLayout,
  PAGE_HEIGHT,
  PRINT_SCALE,
  splitText,
  type FormLayout,
} from "../../addin/src/excel/formLayout";
import { LIST_SHEET } from "../../addin/src/excel/listModel";
import { initialiseList, pullList } from "../../addin/src/excel/listSheet";
import { generateNotices, generateReport } from "../../addin/src/excel/printForms";
import { dept, leader } from "../support/api";
import type { ExcelFake } from "../support/excel-fake";
import {
  act,
  DEPARTMENTS,
  letters,
  newWorkbook,
  on,
  realStack,
  rowWith,
  seedItem,
  sheetTexts,
  type Stack,
} from "../support/excel-helpers";

/** Text of `n` characters, in sentences, as clerks write it. */
const longText = (n: number, tag = "") =>
  Array.from({ length: n }, (_, i) => (i % 40 === 39 ? "。" : "督办事项内容测试文字"[i % 10]!))
    .join("")
    .replace(/^./, tag || "督");

describe("splitText", () => {
  it("cuts at line boundaries, at most 20 lines a piece, and gives the text back in order", () => {
    const text = [longText(1200), "第二段", longText(30)].join("\n");
    const pieces = splitText(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces)
      expect(
        p.split("\n").reduce((n, l) => n + Math.max(1, Math.ceil([...l].length / 26)), 0),
      ).toBeLessThanOrEqual(20);
    expect(pieces.join("").replace(/\n/g, "")).toBe(text.replace(/\n/g, ""));
    expect(splitText("短内容")).toEqual(["短内容"]);
    expect(splitText("甲\n乙")).toEqual(["甲\n乙"]);
  });

  it("a 一单多事 notice of 50 items of 2,000 characters: rows ≤ 409 pt, cells far under 32,767, pages ≤ A4", () => {
    const items = Array.from({ length: 50 }, (_, i) => ({
      content: longText(2000, String(i)),
      supervisedDept: "技术部",
      deadline: `2026-12-${String((i % 28) + 1).padStart(2, "0")}`,
      effectiveDeadline: null,
    }));
    const layout = noticeLayout({
      companyName: "公司",
      notice: { number: "督字〔2026〕1号", issueDate: "2026-11-02", voided: false },
      items,
      leadDeptName: "技术部",
      assistDeptNames: Array.from({ length: 30 }, (_, i) => `第${i}个名称相当长的协办部门`),
      supervisedDeptName: "技术部",
    });
    checkPages(layout);
    for (const b of layout.blocks) expect(b.text.length).toBeLessThan(2000);
  });
});

/** Every row within Excel's limit, every page within A4, the 正联 (after the cut) on a page of its own. */
function checkPages(layout: FormLayout) {
  for (let r = 1; r <= layout.lastRow; r++)
    expect(layout.heights[r] ?? 15, `row ${r}`).toBeLessThanOrEqual(MAX_ROW_HEIGHT);
  const starts = [1, ...layout.pageBreaks, layout.lastRow + 1];
  for (let p = 0; p + 1 < starts.length; p++) {
    let h = 0;
    for (let r = starts[p]!; r < starts[p + 1]!; r++) h += layout.heights[r] ?? 15;
    expect(h, `page ${p + 1}`).toBeLessThanOrEqual(PAGE_HEIGHT);
  }
  for (const cut of layout.cutAfter) expect(layout.pageBreaks).toContain(cut + 1);
}

describe("long text in the generated sheets (real functions, workbook fake)", () => {
  let stack: Stack;
  let fake: ExcelFake;
  beforeEach(async () => {
    stack = await realStack();
    fake = newWorkbook();
    await initialiseList(DEPARTMENTS, on(fake));
  });
  afterEach(async () => {
    await stack.close();
  });

  const pull = () => pullList(stack.api, {}, on(fake));
  async function select(...contents: string[]) {
    const indexes = contents.map((c) => rowWith(fake, c).index).sort((a, b) => a - b);
    await fake.workbook.userSelect(LIST_SHEET, `A${indexes[0]! + 2}:${letters(5)}${indexes.at(-1)! + 2}`);
  }

  /** The values of the rows labelled `label` and `label（续）`, in order. */
  function continued(sheet: string, label: string, from = 1, to = 10_000): string[] {
    const s = fake.workbook.sheet(sheet);
    const last = Number(/\d+$/.exec(s.printArea()!)![0]);
    const texts = sheetTexts(fake, sheet, last);
    const out: string[] = [];
    for (let r = from; r <= Math.min(last, to); r++) {
      const a = texts.get(`A${r}`);
      if (a === label || a === `${label.replace("\n", "")}（续）`) out.push(texts.get(`B${r}`) ?? "");
    }
    return out;
  }

  function checkSheetRows(sheet: string) {
    const s = fake.workbook.sheet(sheet);
    const last = Number(/\d+$/.exec(s.printArea()!)![0]);
    for (let r = 1; r <= last; r++) expect(s.rowHeight(r), `row ${r}`).toBeLessThanOrEqual(MAX_ROW_HEIGHT);
    return last;
  }

  it("a 通知单 whose content has 600 characters prints whole: no refused row height, the number's sheet written", async () => {
    const content = longText(600);
    await seedItem(stack.env, { content, requirements: "", deadline: "2026-12-31" });
    await pull();
    await select(content);
    const [g] = await generateNotices(stack.api, "single", on(fake));
    checkSheetRows(g!.sheetName);
    const parts = continued(g!.sheetName, "督办事项内容");
    expect(parts.length % 2).toBe(0); // 存根 and 正联 carry the same rows
    expect(parts.slice(0, parts.length / 2).join("")).toBe(content);
    expect(parts.slice(parts.length / 2).join("")).toBe(content);
  });

  it("a 一单多事 notice of 20 items of 2,000 characters: every cell under 32,767, 正联 on its own A4 pages", async () => {
    const contents = Array.from({ length: 20 }, (_, i) => longText(2000, String.fromCharCode(0x7532 + i)));
    for (const content of contents)
      await seedItem(stack.env, { content, requirements: "", deadline: "2026-12-31" });
    await pull();
    await select(...contents);
    const [g] = await generateNotices(stack.api, "multi", on(fake));
    const sheet = g!.sheetName;
    const last = checkSheetRows(sheet);
    const s = fake.workbook.sheet(sheet);
    const texts = sheetTexts(fake, sheet, last);
    for (const [address, t] of texts) expect(t.length, address).toBeLessThanOrEqual(32767);
    const cut = [...texts].find(([, t]) => t.includes("沿此线裁开"))![0];
    const cutRow = Number(/\d+$/.exec(cut)![0]);
    const breaks = s.pageBreaks().horizontal.map((r) => r + 1);
    expect(breaks).toContain(cutRow + 1);
    expect(s.pageLayout()).toMatchObject({
      paperSize: "A4",
      orientation: "Portrait",
      zoom: { scale: PRINT_SCALE },
    });
    const starts = [1, ...breaks, last + 1];
    for (let p = 0; p + 1 < starts.length; p++) {
      let h = 0;
      for (let r = starts[p]!; r < starts[p + 1]!; r++) h += s.rowHeight(r);
      expect(h, `page ${p + 1}`).toBeLessThanOrEqual(PAGE_HEIGHT);
    }
    // Both parts carry every item whole, numbered 1–20 (in the notice's order).
    const items = (rows: string[]) =>
      rows
        .join("")
        .replace(/\n/g, "")
        .split(/(?:^|(?<=。|字))\d+\. /)
        .filter(Boolean)
        .sort();
    expect(items(continued(sheet, "督办事项内容", 1, cutRow))).toEqual([...contents].sort());
    expect(items(continued(sheet, "督办事项内容", cutRow))).toEqual([...contents].sort());
  });

  it("a 报告单 whose 完成情况 has 4,000 characters prints whole over rows and pages", async () => {
    const item = await seedItem(stack.env, { content: "甲：长报告" });
    await pull();
    await select("甲：长报告");
    const [g] = await generateNotices(stack.api, "single", on(fake));
    const summary = longText(4000);
    stack.env.clock.set("2026-11-05T02:00:00Z");
    const acked = await act(stack.env, g!.notice.items[0]!, "acknowledge", dept("tech"));
    stack.env.clock.set("2026-11-20T02:00:00Z");
    const reported = await act(stack.env, acked, "report", dept("tech"), {
      completedFrom: "2026-11-03",
      completedTo: "2026-11-19",
      summary,
      leadOpinion: longText(2000),
    });
    await act(stack.env, reported, "close", leader, { opinion: longText(2000) });
    const sheet = await generateReport(stack.api, item.id, on(fake));
    checkSheetRows(sheet);
    expect(continued(sheet, "完成情况").join("")).toBe(summary);
    expect(fake.workbook.sheet(sheet).pageBreaks().horizontal.length).toBeGreaterThan(0);
  });
});
