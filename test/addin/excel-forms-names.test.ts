/**
 * Sheet names and 存档编号 of the printed forms: every 报告单 of a 一单多事 notice gets its own sheet, the 存档编号
 * is the item's own (the server's archiveNumber, or blank 待办结后编号 until it has one), and names cut to Excel's
 * 31 characters never lose what tells two documents apart.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiClient, ApiItem } from "../../addin/src/api/client";
import { noticeSheetName, reportSheetName } from "../../addin/src/excel/formLayout";
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
  wrapApi,
} from "../support/excel-helpers";

const LONG_PREFIX = "陕西秦安煤矿安全评价事务有限公司督字"; // 18 characters: the number alone is over 31

describe("sheet names cut at 31 characters", () => {
  it("notices of one year never share a sheet: the sequence is kept whole, the prefix is cut", () => {
    const names = new Set<string>();
    for (let seq = 1; seq <= 3000; seq++) {
      const name = noticeSheetName(`${LONG_PREFIX}〔2026〕${seq}号`);
      expect([...name].length).toBeLessThanOrEqual(31);
      expect(name.endsWith(`〔2026〕${seq}号`)).toBe(true);
      names.add(name.toLowerCase());
    }
    expect(names.size).toBe(3000);
    expect(noticeSheetName("陕秦安督字〔2026〕12号")).toBe("陕秦安督字〔2026〕12号");
  });

  it("报告单: one name per item of a notice, distinct from every notice sheet", () => {
    const names = new Set<string>();
    for (let seq = 1; seq <= 200; seq++) {
      const number = `${LONG_PREFIX}〔2026〕${seq}号`;
      names.add(noticeSheetName(number));
      for (let i = 1; i <= 3; i++)
        names.add(reportSheetName({ id: `it-${seq}-${i}`, noticeNumber: number }, i, 3));
    }
    expect(names.size).toBe(200 * 4);
    for (const n of names) expect([...n].length).toBeLessThanOrEqual(31);
    expect(reportSheetName({ id: "x", noticeNumber: "陕秦安督字〔2026〕3号" }, 1, 1)).toBe(
      "报告单-陕秦安督字〔2026〕3号",
    );
  });
});

describe("报告单 of a 一单多事 notice (real functions, workbook fake)", () => {
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

  async function closedPair(): Promise<ApiItem[]> {
    const a = await seedItem(stack.env, { content: "甲：第一件事" });
    const b = await seedItem(stack.env, { content: "乙：第二件事" });
    await pullList(stack.api, {}, on(fake));
    const rows = [rowWith(fake, "甲：第一件事").index, rowWith(fake, "乙：第二件事").index].sort();
    await fake.workbook.userSelect(LIST_SHEET, `A${rows[0]! + 2}:${letters(5)}${rows[1]! + 2}`);
    const [g] = await generateNotices(stack.api, "multi", on(fake));
    for (const item of g!.notice.items) {
      stack.env.clock.set("2026-11-05T02:00:00Z");
      const acked = await act(stack.env, item, "acknowledge", dept("tech"));
      stack.env.clock.set("2026-11-20T02:00:00Z");
      const reported = await act(stack.env, acked, "report", dept("tech"), {
        completedFrom: "2026-11-03",
        completedTo: "2026-11-19",
        summary: `完成：${item.content}`,
        leadOpinion: "同意报结",
      });
      stack.env.clock.set("2026-11-21T02:00:00Z");
      await act(stack.env, reported, "close", leader, { opinion: "同意办结" });
    }
    return [a, b];
  }

  const archiveText = (sheet: string) =>
    [...sheetTexts(fake, sheet, 20).values()].find((t) => t.startsWith("存档编号："));
  const contentOf = (sheet: string) =>
    [...sheetTexts(fake, sheet, 20).values()].find((t) => /^[甲乙]：/.test(t));

  it("each item gets its own sheet, with its own content and the server's 存档编号", async () => {
    const [a, b] = await closedPair();
    const archive: Record<string, string> = { [a!.id]: "督报〔2026〕1号", [b!.id]: "督报〔2026〕2号" };
    // The server side of archiveNumber is added separately: here the answers carry it.
    const api: ApiClient = wrapApi(stack.api, {
      getItem: async (real, id, signal) => ({
        ...(await real.getItem(id, signal)),
        archiveNumber: archive[id],
      }),
    });
    const first = await generateReport(api, a!.id, on(fake));
    const second = await generateReport(api, b!.id, on(fake));
    expect(first).not.toBe(second);
    expect(fake.workbook.sheetNames()).toEqual(expect.arrayContaining([first, second]));
    expect(contentOf(first)).toBe("甲：第一件事");
    expect(contentOf(second)).toBe("乙：第二件事");
    expect(archiveText(first)).toBe("存档编号：督报〔2026〕1号");
    expect(archiveText(second)).toBe("存档编号：督报〔2026〕2号");
  });

  it("each item of a 一单多事 notice prints its own 存档编号, the one the server allocated at 办结", async () => {
    const [a, b] = await closedPair();
    const first = await generateReport(stack.api, a!.id, on(fake));
    const second = await generateReport(stack.api, b!.id, on(fake));
    const numbers = await Promise.all(
      [a!, b!].map(async (i) => (await stack.api.getItem(i.id)).archiveNumber),
    );
    expect(numbers.every((n) => /^督报〔2026〕\d+号$/.test(n ?? ""))).toBe(true);
    expect(new Set(numbers).size).toBe(2);
    expect([archiveText(first), archiveText(second)]).toEqual(numbers.map((n) => `存档编号：${n}`));
  });
});
