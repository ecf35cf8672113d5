/**
 * 生成通知单 (附件1) and 报告单 (附件2) against the real functions: the generated sheets are read back cell by
 * cell against the policy's attachments (texts, merged areas, borders, fonts, A4 page setup, print area, the
 * cut line between 存根 and 正联); numbers come from the server and are never consumed by a retry or a refusal;
 * re-generating rewrites the sheet instead of adding a copy; voiding marks the sheet and returns the rows.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ApiClient, ApiError, type ApiItem } from "../../addin/src/api/client";
import { noticeLayout } from "../../addin/src/excel/formLayout";
import { LIST_SHEET } from "../../addin/src/excel/listModel";
import { initialiseList, pullList } from "../../addin/src/excel/listSheet";
import { generateNotices, generateReport, renderForm, voidNotice } from "../../addin/src/excel/printForms";
import { ExcelError } from "../../addin/src/excel/run";
import { dept, leader } from "../support/api";
import type { ExcelFake } from "../support/excel-fake";
import {
  act,
  at,
  DEPARTMENTS,
  findCell,
  letters,
  newWorkbook,
  on,
  realStack,
  rowOf,
  rowWith,
  seedItem,
  sheetTexts,
  type Stack,
  tableRows,
  wrapApi,
} from "../support/excel-helpers";

const COMPANY = "陕西秦安煤矿安全评价事务有限公司";
const ISSUED = "2026年11月2日"; // the server clock's CST date (realStack: 2026-11-02 10:00 CST)

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
const notices = async () => stack.api.listNotices(2026);

/** Selects the list rows holding these contents (a contiguous block, as a clerk drags over them). */
async function select(...contents: string[]) {
  const indexes = contents.map((c) => rowWith(fake, c).index).sort((a, b) => a - b);
  expect(indexes.at(-1)! - indexes[0]! + 1, "contiguous selection").toBe(indexes.length);
  await fake.workbook.userSelect(LIST_SHEET, `A${indexes[0]! + 2}:${letters(5)}${indexes.at(-1)! + 2}`);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
}

/** The sides of a cell on the outline of its merged area (inner edges of a merge are not drawn by Excel). */
function outerSides(address: string, merged: string | null): ("top" | "bottom" | "left" | "right")[] {
  const [c, r] = [address.charCodeAt(0), rowOf(address)];
  if (!merged) return ["top", "bottom", "left", "right"];
  const [from, to] = merged.split(":") as [string, string];
  const sides: ("top" | "bottom" | "left" | "right")[] = [];
  if (r === rowOf(from)) sides.push("top");
  if (r === rowOf(to)) sides.push("bottom");
  if (c === from.charCodeAt(0)) sides.push("left");
  if (c === to.charCodeAt(0)) sides.push("right");
  return sides;
}

interface Part {
  top: number;
  bottom: number;
}

/** Checks one part of 附件1 (存根 or 正联) and returns where its rows are. */
function checkNoticePart(
  sheet: string,
  texts: Map<string, string>,
  part: Part,
  expected: {
    number: string;
    stub: boolean;
    supervised: string;
    content: string;
    lead: string;
    assist: string;
    deadline: string;
    /** 督办组 of a 联合督办: its own row between 承办部门 and 完成时限. */
    group?: string;
  },
) {
  const s = fake.workbook.sheet(sheet);
  const inPart = new Map([...texts].filter(([a]) => rowOf(a) >= part.top && rowOf(a) <= part.bottom));
  const one = (text: string, what = text) => findCell(inPart, (t) => t === text, what);
  const r = part.top;
  // Heading: company, title, （存根） only in the stub, the number.
  expect(inPart.get(`A${r}`)).toBe(COMPANY);
  expect(inPart.get(`A${r + 1}`)).toBe("跟进督办事项通知单");
  const numberRow = expected.stub ? r + 3 : r + 2;
  if (expected.stub) expect(inPart.get(`A${r + 2}`)).toBe("（存根）");
  expect([...inPart.values()].filter((t) => t.includes("存根"))).toHaveLength(expected.stub ? 1 : 0);
  expect(inPart.get(`A${numberRow}`)).toBe(expected.number);
  for (const row of [r, r + 1, numberRow]) {
    expect(s.cell(`A${row}`).mergedArea).toBe(`A${row}:D${row}`);
    expect(s.cell(`A${row}`).format.horizontalAlignment).toBe("Center");
  }
  expect(s.cell(`A${r}`).format.font).toMatchObject({ name: "宋体", size: 14, bold: true });
  expect(s.cell(`A${r + 1}`).format.font).toMatchObject({ name: "宋体", size: 18, bold: true });
  expect(s.cell(`A${numberRow}`).format.font).toMatchObject({ name: "仿宋", size: 12 });

  // The bordered grid: label in A, value across B:D.
  const labelled = (label: string, value: string) => {
    const address = one(label);
    expect(address.startsWith("A"), label).toBe(true);
    const row = rowOf(address);
    expect(inPart.get(`B${row}`), label).toBe(value);
    expect(s.cell(`B${row}`).mergedArea, label).toBe(`B${row}:D${row}`);
    return row;
  };
  const supervised = labelled("被督办部门", expected.supervised);
  const content = labelled("督办事项内容", expected.content);
  const undertake = rowOf(one("承办部门"));
  expect(s.cell(`A${undertake}`).mergedArea).toBe(`A${undertake}:A${undertake + 1}`);
  expect(inPart.get(`B${undertake}`)).toBe(`牵头部门：${expected.lead}`);
  expect(inPart.get(`C${undertake}`)).toBe("负责人签字：");
  expect(inPart.get(`B${undertake + 1}`)).toBe(`协办部门：${expected.assist}`);
  expect(inPart.get(`C${undertake + 1}`)).toBe("负责人签字：");
  const deadline = labelled("完成时限", expected.deadline);
  if (expected.group) expect(labelled("督办组", expected.group)).toBe(undertake + 2);
  else expect([...inPart.values()]).not.toContain("督办组");
  const office = labelled("督办部门", `跟进督办工作办公室（签章）\n${ISSUED}`);
  expect([supervised, content, undertake, undertake + (expected.group ? 3 : 2), office]).toEqual([
    numberRow + 1,
    numberRow + 2,
    numberRow + 3,
    deadline,
    deadline + 1,
  ]);
  const receipt = one(
    [...inPart.values()].find((t) => t.startsWith("收件人签字："))!,
    "收件人签字",
  );
  expect(inPart.get(receipt)).toMatch(/^收件人签字：\s+年\s+月\s+日$/);
  expect(rowOf(receipt)).toBe(office + 1);

  // Borders on every cell of the grid, 仿宋 12 in it, labels bold.
  for (let row = supervised; row <= office; row++)
    for (const c of ["A", "B", "C", "D"]) {
      const cell = s.cell(`${c}${row}`);
      expect(cell.format.font.name, `${c}${row}`).toBe("仿宋");
      expect(cell.format.font.size, `${c}${row}`).toBe(12);
      for (const side of outerSides(cell.address, cell.mergedArea))
        expect(cell.format.borders[side].style, `${c}${row} ${side}`).toBe("Continuous");
    }
  for (const row of [supervised, content, undertake, deadline, office])
    expect(s.cell(`A${row}`).format.font.bold).toBe(true);
  expect(s.cell(`B${content}`).format.wrapText).toBe(true);
  return { receipt: rowOf(receipt) };
}

/** Reads a whole 通知单 sheet back against 附件1: stub, cut line, main part, page setup. */
function checkNotice(sheet: string, expected: Omit<Parameters<typeof checkNoticePart>[3], "stub">): void {
  const s = fake.workbook.sheet(sheet);
  const area = s.printArea();
  expect(area).toMatch(/^A1:D\d+$/);
  const last = Number(/\d+$/.exec(area!)![0]);
  const texts = sheetTexts(fake, sheet, last + 5);
  expect(
    [...texts.keys()].every((a) => rowOf(a) <= last),
    "nothing outside the print area",
  ).toBe(true);
  const cut = rowOf(findCell(texts, (t) => t.includes("沿此线裁开"), "cut line"));
  expect(s.cell(`A${cut}`).format.borders.bottom.style).toMatch(/Dash/);
  expect(s.cell(`D${cut}`).format.borders.bottom.style).toMatch(/Dash/);
  const stub = checkNoticePart(sheet, texts, { top: 1, bottom: cut - 1 }, { ...expected, stub: true });
  expect(stub.receipt).toBe(cut - 1);
  const main = checkNoticePart(sheet, texts, { top: cut + 1, bottom: last }, { ...expected, stub: false });
  expect(main.receipt).toBe(last);

  const page = s.pageLayout() as Record<string, unknown>;
  expect(page).toMatchObject({ orientation: "Portrait", paperSize: "A4" });
  for (const m of ["topMargin", "bottomMargin", "leftMargin", "rightMargin"]) {
    expect(page[m], m).toBeGreaterThanOrEqual(28); // ≥ 1 cm
    expect(page[m], m).toBeLessThanOrEqual(85); // ≤ 3 cm
  }
  // Both parts on one A4 page: the four columns (about the printable width of A4 portrait, 595 pt minus the
  // margins) and the rows are fitted to one page wide and one page tall.
  const width = [0, 1, 2, 3].reduce((sum, c) => sum + s.columnWidth(c), 0);
  const printable = 595 - (page.leftMargin as number) - (page.rightMargin as number);
  expect(width).toBeGreaterThan(printable * 0.8);
  expect(page.zoom).toMatchObject({ horizontalFitToPages: 1, verticalFitToPages: 1 });
  expect(width / printable, "scaled by at most 5% to fit").toBeLessThan(1.05);
  expect(s.showGridlines).toBe(false);
  // A legal sheet name (Excel: ≤ 31 characters, none of : \ / ? * [ ]).
  expect([...sheet].length).toBeLessThanOrEqual(31);
  expect(sheet).not.toMatch(/[:\\/?*[\]]/);
}

describe("生成通知单（附件1）", () => {
  it("一单一事: one notice per row, the server's number, laid out as 附件1; the rows show 督办文号 and 已下发", async () => {
    const a = await seedItem(stack.env, {
      content: "甲：修订安全评价作业指导书",
      supervisedDept: "技术部",
      leadDept: "tech",
      assistDepts: ["safety"],
      mode: "joint",
      supervisionGroup: ["王副总", "督办办公室"],
      requirements: "形成书面修订说明",
      deadline: "2026-12-31",
    });
    const b = await seedItem(stack.env, {
      content: "乙：完善安全台账",
      leadDept: "safety",
      supervisedDept: "安全部",
    });
    await pull();
    await select("甲：修订安全评价作业指导书", "乙：完善安全台账");
    const generated = await generateNotices(stack.api, "single", on(fake));
    expect(generated).toHaveLength(2);

    const server = await notices();
    expect(server.map((n) => n.number).sort()).toEqual(generated.map((g) => g.notice.number).sort());
    for (const g of generated) {
      expect(g.notice.number).toMatch(/^陕秦安督字〔2026〕[12]号$/);
      expect(g.sheetName).toBe(g.notice.number);
      expect(fake.workbook.sheetNames()).toContain(g.sheetName);
    }
    const ofA = generated.find((g) => g.notice.itemIds[0] === a.id)!;
    checkNotice(ofA.sheetName, {
      number: ofA.notice.number,
      supervised: "技术部",
      // 三、(二): the 督办要求 under 督办事项内容.
      content: "甲：修订安全评价作业指导书\n督办要求：形成书面修订说明",
      lead: "技术部",
      assist: "安全部",
      deadline: "限 2026年12月31日前完成工作",
      group: "王副总、督办办公室",
    });
    const ofB = generated.find((g) => g.notice.itemIds[0] === b.id)!;
    checkNotice(ofB.sheetName, {
      number: ofB.notice.number,
      supervised: "安全部",
      content: "乙：完善安全台账\n督办要求：按公司质量要求完成",
      lead: "安全部",
      assist: "",
      deadline: "限 2026年12月31日前完成工作",
    });

    for (const [content, g] of [
      ["甲：修订安全评价作业指导书", ofA],
      ["乙：完善安全台账", ofB],
    ] as const) {
      const { row } = rowWith(fake, content);
      expect(row["督办文号"]).toBe(g.notice.number);
      expect(row["状态"]).toBe("已下发");
    }
  });

  it("一单多事: one number for several items of one lead department, numbered contents, per-item deadlines", async () => {
    await seedItem(stack.env, { content: "甲：修订作业指导书", requirements: "", deadline: "2026-12-31" });
    await seedItem(stack.env, {
      content: "乙：完善技术档案",
      requirements: "",
      deadline: "2027-01-15",
      assistDepts: ["general"],
      mode: "joint",
      supervisionGroup: ["王副总"],
    });
    await pull();
    await select("甲：修订作业指导书", "乙：完善技术档案");
    const order = tableRows(fake).map((r) => String(r["督办事项内容"]));
    const [first, second] = order;
    const deadlineOf = (c: string) => (c.startsWith("甲") ? "2026年12月31日" : "2027年1月15日");

    const [only, ...rest] = await generateNotices(stack.api, "multi", on(fake));
    expect(rest).toEqual([]);
    expect(await notices()).toHaveLength(1);
    expect(only!.notice.number).toBe("陕秦安督字〔2026〕1号");
    checkNotice(only!.sheetName, {
      number: "陕秦安督字〔2026〕1号",
      supervised: "技术部",
      content: `1. ${first}\n2. ${second}`,
      lead: "技术部",
      assist: "综合部",
      deadline: `1. 限 ${deadlineOf(first!)}前完成工作\n2. 限 ${deadlineOf(second!)}前完成工作`,
      group: "王副总",
    });
    for (const r of tableRows(fake))
      expect([r["督办文号"], r["状态"]]).toEqual(["陕秦安督字〔2026〕1号", "已下发"]);
  });

  it("一单多事 from scattered rows (Ctrl-click, several areas): one notice for exactly the picked items", async () => {
    await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await seedItem(stack.env, { content: "乙：完善技术档案" });
    await seedItem(stack.env, { content: "丙：组织季度检查" });
    await pull();
    // The first and the last of three rows, the middle one left out.
    const contents = tableRows(fake).map((r) => String(r["督办事项内容"]));
    const [first, middle, last] = contents;
    await fake.workbook.userSelect(LIST_SHEET, "B2:D2,A4");

    const [only, ...rest] = await generateNotices(stack.api, "multi", on(fake));
    expect(rest).toEqual([]);
    expect(only!.notice.items.map((i) => i.content).sort()).toEqual([first, last].sort());
    expect(rowWith(fake, middle!).row["状态"]).toBe("已立项");
    for (const c of [first!, last!]) expect(rowWith(fake, c).row["督办文号"]).toBe(only!.notice.number);
  });

  it("一单多事 with different lead departments: an ExcelError naming the rows, no number consumed", async () => {
    await seedItem(stack.env, { content: "甲：技术部牵头", leadDept: "tech" });
    await seedItem(stack.env, { content: "乙：安全部牵头", leadDept: "safety" });
    await pull();
    await select("甲：技术部牵头", "乙：安全部牵头");
    const sheetsBefore = fake.workbook.sheetNames();
    const error = await failure(generateNotices(stack.api, "multi", on(fake)));
    expect(error).toBeInstanceOf(ExcelError);
    const message = (error as ExcelError).message;
    expect(message).toContain("牵头部门");
    for (const c of ["甲：技术部牵头", "乙：安全部牵头"]) {
      const { row } = rowWith(fake, c);
      expect(message).toContain(`第 ${String(row["序号"])} 行`);
    }
    expect(message).toContain("技术部");
    expect(message).toContain("安全部");
    expect(await notices()).toEqual([]);
    expect(fake.workbook.sheetNames()).toEqual(sheetsBefore);
    for (const r of tableRows(fake)) expect(r["状态"]).toBe("已立项");
  });

  it("a retried generation after a lost answer does not consume a number and yields the same notice", async () => {
    await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await pull();
    await select("甲：修订作业指导书");
    const lossy = wrapApi(stack.api, {
      issueNotice: async (real, ...args) => {
        await real.issueNotice(...args);
        throw new ApiError({ status: 0, code: "network", title: "服务器无法连接", detail: "服务器无法连接" });
      },
    });
    expect(await failure(generateNotices(lossy, "single", on(fake)))).toBeInstanceOf(ApiError);
    expect(await notices()).toHaveLength(1);

    // The clerk clicks again with the same selection: the same number comes back and is printed.
    const retried = await generateNotices(stack.api, "single", on(fake));
    expect(await notices()).toHaveLength(1);
    expect(retried.map((g) => g.notice.number)).toEqual(["陕秦安督字〔2026〕1号"]);
    expect(fake.workbook.sheetNames()).toContain("陕秦安督字〔2026〕1号");
    expect(rowWith(fake, "甲：修订作业指导书").row["督办文号"]).toBe("陕秦安督字〔2026〕1号");
  });

  it("clicking again for rows already issued is refused without consuming a number", async () => {
    await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await pull();
    await select("甲：修订作业指导书");
    await generateNotices(stack.api, "single", on(fake));
    const sheets = fake.workbook.sheetNames();
    await select("甲：修订作业指导书"); // back on the list (the notice sheet was activated)
    const error = await failure(generateNotices(stack.api, "single", on(fake)));
    expect(error).toBeInstanceOf(ExcelError);
    expect((error as ExcelError).message).toContain("已下发");
    expect(await notices()).toHaveLength(1);
    expect(fake.workbook.sheetNames()).toEqual(sheets);
  });

  it("a selection on another sheet is not a selection of list rows: refused, nothing issued", async () => {
    await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await seedItem(stack.env, { content: "乙：完善安全台账" });
    await pull();
    // The clerk is on another sheet, with cells selected in rows 2–3 there.
    await fake.workbook.userSelect("Sheet1", "A2:C3");
    const error = await failure(generateNotices(stack.api, "single", on(fake)));
    expect(error).toBeInstanceOf(ExcelError);
    expect((error as ExcelError).message).toContain("督办清单");
    expect(await notices()).toEqual([]);
    for (const r of tableRows(fake)) expect(r["状态"]).toBe("已立项");
  });

  it("rows with unsent edits are refused (push first), nothing issued", async () => {
    await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await pull();
    const { index } = rowWith(fake, "甲：修订作业指导书");
    await fake.workbook.userEdit(LIST_SHEET, at("责任人", index), [["张三丰"]]);
    await select("甲：修订作业指导书");
    const error = await failure(generateNotices(stack.api, "single", on(fake)));
    expect(error).toBeInstanceOf(ExcelError);
    expect((error as ExcelError).message).toMatch(/未提交/);
    expect(await notices()).toEqual([]);
  });

  it("void marks the sheet 已作废 and returns the rows to 已立项; a new notice gets its own sheet, no copies", async () => {
    await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await pull();
    await select("甲：修订作业指导书");
    const [first] = await generateNotices(stack.api, "single", on(fake));
    const number = first!.notice.number;
    const sheetsAfterFirst = fake.workbook.sheetNames();

    const voided = await voidNotice(stack.api, number, "通知单内容有误，重新下发", on(fake));
    expect(voided.voided).toBe(true);
    expect(fake.workbook.sheetNames()).toEqual(sheetsAfterFirst);
    const s = fake.workbook.sheet(number);
    const texts = sheetTexts(fake, number, 40);
    const marked = [...texts].filter(([, t]) => t.includes(number));
    expect(marked).toHaveLength(2);
    for (const [address, t] of marked) {
      expect(t).toContain("已作废");
      expect(s.cell(address).format.font.color).not.toBe("#000000");
    }
    const { row } = rowWith(fake, "甲：修订作业指导书");
    expect(row["状态"]).toBe("已立项");
    expect(row["督办文号"]).toBe("");

    await select("甲：修订作业指导书");
    const [second] = await generateNotices(stack.api, "single", on(fake));
    expect(second!.notice.number).toBe("陕秦安督字〔2026〕2号");
    expect(fake.workbook.sheetNames()).toEqual([...sheetsAfterFirst, second!.sheetName]);
    expect(fake.workbook.sheetNames().filter((n) => n.includes("〔2026〕1号"))).toEqual([number]);
    expect(rowWith(fake, "甲：修订作业指导书").row["督办文号"]).toBe("陕秦安督字〔2026〕2号");
    expect((await notices()).map((n) => [n.number, n.voided])).toEqual([
      [number, true],
      ["陕秦安督字〔2026〕2号", false],
    ]);
  });

  it("rendering the same number twice rewrites its sheet: no copy, no stale text or merges", async () => {
    const data = (content: string) =>
      noticeLayout({
        companyName: COMPANY,
        notice: { number: "陕秦安督字〔2026〕7号", issueDate: "2026-11-02", voided: false },
        items: [
          { content, supervisedDept: "技术部", deadline: "2026-12-31", effectiveDeadline: "2026-12-31" },
        ],
        leadDeptName: "技术部",
        assistDeptNames: [],
        supervisedDeptName: "技术部",
      });
    const long = `${"很长的督办事项内容，".repeat(30)}结束`;
    const name = await renderForm("陕秦安督字〔2026〕7号", data(long), on(fake));
    const sheets = fake.workbook.sheetNames();
    await renderForm("陕秦安督字〔2026〕7号", data("短内容"), on(fake));
    expect(fake.workbook.sheetNames()).toEqual(sheets);
    const s = fake.workbook.sheet(name);
    const texts = sheetTexts(fake, name, 60);
    expect([...texts.values()].some((t) => t.includes("很长的"))).toBe(false);
    expect([...texts.values()].filter((t) => t === "短内容")).toHaveLength(2);
    expect(new Set(s.merges()).size).toBe(s.merges().length);
    expect(s.printArea()).toBe(`A1:D${data("短内容").lastRow}`);
  });
});

describe("报告单（附件2）", () => {
  async function closedItem(api: ApiClient): Promise<ApiItem> {
    const item = await seedItem(stack.env, {
      content: "甲：修订安全评价作业指导书",
      assistDepts: ["safety"],
      mode: "joint",
      supervisionGroup: ["王副总"],
    });
    await pull();
    await select("甲：修订安全评价作业指导书");
    const [g] = await generateNotices(api, "single", on(fake));
    stack.env.clock.set("2026-11-05T02:00:00Z");
    const acked = await act(stack.env, g!.notice.items[0]!, "acknowledge", dept("tech"));
    // The assisting department signs and writes its own opinion (附件2 承办（协办）部门意见).
    const signed = await act(stack.env, acked, "acknowledge", dept("safety"));
    const assisted = await act(stack.env, signed, "assist_opinion", dept("safety"), {
      opinion: "安全部已配合完成现场核查",
    });
    stack.env.clock.set("2026-11-20T02:00:00Z"); // 2026-11-20 10:00 CST
    const reported = await act(stack.env, assisted, "report", dept("tech"), {
      completedFrom: "2026-11-03",
      completedTo: "2026-11-19",
      summary: "已完成作业指导书修订，经技术委员会审定后印发执行",
      leadOpinion: "同意报结",
    });
    stack.env.clock.set("2026-11-21T02:00:00Z");
    await act(stack.env, reported, "close", leader, { opinion: "同意办结，按期完成" });
    return item;
  }

  it("fills 附件2 from the report and close events", async () => {
    const item = await closedItem(stack.api);
    const number = "陕秦安督字〔2026〕1号";
    const sheet = await generateReport(stack.api, item.id, on(fake));
    expect([...sheet].length).toBeLessThanOrEqual(31);
    expect(sheet).not.toMatch(/[:\\/?*[\]]/);
    expect(sheet).toContain(number);
    const s = fake.workbook.sheet(sheet);
    const area = s.printArea()!;
    expect(area).toMatch(/^A1:D\d+$/);
    const last = Number(/\d+$/.exec(area)![0]);
    const texts = sheetTexts(fake, sheet, last + 3);

    expect(texts.get("A1")).toBe(COMPANY);
    expect(texts.get("A2")).toBe("跟进督办事项报告单");
    expect(s.cell("A2").format.font).toMatchObject({ name: "宋体", size: 18, bold: true });
    const received = findCell(texts, (t) => t.startsWith("收到时间："), "收到时间");
    expect(texts.get(received)).toBe("收到时间：2026年11月20日");
    const archive = findCell(texts, (t) => t.startsWith("存档编号："), "存档编号");
    // The server's 存档编号, allocated at 办结 (DESIGN §4).
    expect(texts.get(archive)).toBe("存档编号：督报〔2026〕1号");
    expect(rowOf(archive)).toBe(rowOf(received));

    const right = (label: string) => {
      const a = findCell(texts, (t) => t === label, label);
      const col = a.charCodeAt(0) - 64;
      return { row: rowOf(a), value: texts.get(`${String.fromCharCode(65 + col)}${rowOf(a)}`) };
    };
    expect(right("督办事项内容").value).toBe("甲：修订安全评价作业指导书");
    expect(right("督办文号").value).toBe(number);
    expect(right("完成时间").value).toMatch(/^2026年11月3日\s*至\s*2026年11月19日$/);
    expect(right("完成情况").value).toBe("已完成作业指导书修订，经技术委员会审定后印发执行");

    const opinions = right("承办部门\n意见");
    expect(s.cell(`A${opinions.row}`).mergedArea).toBe(`A${opinions.row}:A${opinions.row + 1}`);
    expect(opinions.value).toMatch(/^牵头部门意见：同意报结\n负责人签字：\s+年\s+月\s+日$/);
    expect(texts.get(`B${opinions.row + 1}`)).toMatch(
      /^承办（协办）部门意见（安全部）：安全部已配合完成现场核查\n负责人签字：\s+年\s+月\s+日$/,
    );
    const leaders = right("督办领导\n小组意见");
    expect(leaders.value).toMatch(/同意办结，按期完成/);
    expect(leaders.value).toMatch(/负责人签字：/);
    expect(leaders.value).toMatch(/2026年11月21日$/);
    expect(leaders.row).toBe(last);

    for (let row = right("督办事项内容").row; row <= last; row++)
      for (const c of ["A", "B", "C", "D"]) {
        const cell = s.cell(`${c}${row}`);
        expect(cell.format.font.name, `${c}${row}`).toBe("仿宋");
        for (const side of outerSides(cell.address, cell.mergedArea))
          expect(cell.format.borders[side].style, `${c}${row} ${side}`).toBe("Continuous");
      }
    expect(s.pageLayout()).toMatchObject({ orientation: "Portrait", paperSize: "A4" });

    // Again: the same sheet, rewritten.
    const sheets = fake.workbook.sheetNames();
    expect(await generateReport(stack.api, item.id, on(fake))).toBe(sheet);
    expect(fake.workbook.sheetNames()).toEqual(sheets);
  });

  it("refuses an item that has not reported yet", async () => {
    const item = await seedItem(stack.env, { content: "甲：尚在办理" });
    const error = await failure(generateReport(stack.api, item.id, on(fake)));
    expect((error as Error).message).toMatch(/已报告|已办结/);
  });
});
