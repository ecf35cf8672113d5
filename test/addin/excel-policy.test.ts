// The policy in full on the sheets (issue 13): 督办要求/拟办意见/督办组 in 督办清单, a reprinted 通知单 that says
// 调整后, the 现场督办记录 sheet, and the month's 问责 on 月度考核 — each through the real functions and the fake.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LIST_SHEET, LIST_TABLE } from "../../addin/src/excel/listModel";
import { initialiseList, pendingRows, pullList, pushList } from "../../addin/src/excel/listSheet";
import {
  generateNotices,
  generateSiteVisitRecord,
  rewriteNoticeSheet,
} from "../../addin/src/excel/printForms";
import { accountabilitySpec, assessmentSpec, renderReport } from "../../addin/src/excel/reportSheets";
import { dept, leader } from "../support/api";
import type { ExcelFake } from "../support/excel-fake";
import {
  act,
  apiItem,
  DEPARTMENTS,
  findCell,
  letters,
  newWorkbook,
  on,
  realStack,
  rowOf,
  rowWith,
  seedItem,
  serverItems,
  sheetTexts,
  type Stack,
  stubApi,
  tableRows,
  typeNewRows,
} from "../support/excel-helpers";

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

async function select(content: string) {
  const { index } = rowWith(fake, content);
  await fake.workbook.userSelect(LIST_SHEET, `A${index + 2}:${letters(5)}${index + 2}`);
}

/** Every non-empty cell's text of a sheet, down to its print area. */
function textsOf(sheet: string) {
  const area = fake.workbook.sheet(sheet).printArea() ?? "A1:D60";
  return sheetTexts(fake, sheet, Number(/\d+$/.exec(area)![0]) + 2);
}

describe("督办清单：督办要求、拟办意见、督办组（三、(一)(二)，四、(二)）", () => {
  it("办公室登记时在行上写拟办意见和督办要求；联合督办写明督办组；提交后服务器有这些字段，刷新后照样显示", async () => {
    await typeNewRows(fake, [
      {
        事项来源: "公司决策",
        督办事项内容: "联合整治三号库房消防隐患",
        牵头部门: "技术部",
        协办部门: "安全部",
        督办方式: "联合督办",
        督办组: "王副总、督办办公室",
        督办要求: "月底前完成整改并形成书面报告",
        拟办意见: "建议技术部牵头、安全部配合，王副总督办",
        分管领导账号: "u-wang",
      },
    ]);
    const result = await pushList(stack.api, on(fake));
    expect(result.created).toBe(1);
    const [item] = await serverItems(stack.env);
    expect(item).toMatchObject({
      mode: "joint",
      supervisionGroup: ["王副总", "督办办公室"],
      requirements: "月底前完成整改并形成书面报告",
      proposal: "建议技术部牵头、安全部配合，王副总督办",
      leaderId: "u-wang",
    });
    await pullList(stack.api, {}, on(fake));
    const { row } = rowWith(fake, "联合整治三号库房消防隐患");
    expect([row["督办组"], row["督办要求"], row["拟办意见"]]).toEqual([
      "王副总、督办办公室",
      "月底前完成整改并形成书面报告",
      "建议技术部牵头、安全部配合，王副总督办",
    ]);
    expect(await pendingRows(on(fake))).toEqual([]);
  });

  it("联合督办没有督办组：该行被拒绝，写明原因", async () => {
    await typeNewRows(fake, [
      {
        事项来源: "公司决策",
        督办事项内容: "联合检查",
        牵头部门: "技术部",
        协办部门: "安全部",
        督办方式: "联合督办",
      },
    ]);
    const result = await pushList(stack.api, on(fake));
    expect(result.created).toBe(0);
    expect(String(rowWith(fake, "联合检查").row["提交状态"])).toContain("督办组");
  });

  it("旧版清单没有这四列：初始化清单把它们加回，不占用文员自己插在中间的列", async () => {
    const api = stubApi([apiItem({ id: "o-1", content: "事项一", requirements: "按期完成" })]);
    await pullList(api, {}, on(fake));
    // A list from before: without the three columns, and with the clerk's 备注 where they now go.
    await fake.Excel.run(async (context) => {
      const columns = context.workbook.tables.getItem(LIST_TABLE).columns;
      for (const h of ["督办要求", "拟办意见", "分管领导账号", "督办组"]) columns.getItem(h).delete();
      await context.sync();
      const headers = context.workbook.tables.getItem(LIST_TABLE).getHeaderRowRange();
      headers.load("values");
      await context.sync();
      const at = (headers.values[0] as string[]).indexOf("提交状态");
      columns.add(at, [["备注"], ["文员自己的备注"]]);
      await context.sync();
    });
    const result = await initialiseList(DEPARTMENTS, on(fake));
    expect(result.repaired).toEqual(["督办要求", "拟办意见", "分管领导账号", "督办组"]);
    const headers = fake.workbook.table(LIST_TABLE).headers;
    expect(headers).toContain("备注");
    expect(tableRows(fake)[0]!["备注"]).toBe("文员自己的备注");
    // Not edited: the new cells stay empty until the next 刷新 fills them.
    expect(await pendingRows(on(fake))).toEqual([]);
    await pullList(api, {}, on(fake));
    expect(tableRows(fake)[0]!["督办要求"]).toBe("按期完成");
    expect(tableRows(fake)[0]!["备注"]).toBe("文员自己的备注");
  });
});

describe("调整（三、(三)）与现场督办（四、(三)）在打印的文书上", () => {
  async function issued() {
    await seedItem(stack.env, {
      content: "甲：修订安全评价作业指导书",
      requirements: "形成书面修订说明",
      deadline: "2026-12-31",
    });
    await pullList(stack.api, {}, on(fake));
    await select("甲：修订安全评价作业指导书");
    const [g] = await generateNotices(stack.api, "single", on(fake));
    return g!;
  }

  it("领导同意调整督办要求后，重印的通知单标明「调整后」并印新的督办要求", async () => {
    const g = await issued();
    const acked = await act(stack.env, g.notice.items[0]!, "acknowledge", dept("tech"));
    const asked = await act(stack.env, acked, "request_extension", dept("tech"), {
      reason: "上级要求变化",
      measures: "按新要求办理",
      proposedRequirements: "增加季度复查",
    });
    await act(stack.env, asked, "approve_extension", leader, { requirements: "增加季度复查" });
    const sheet = await rewriteNoticeSheet(stack.api, g.notice.number, on(fake));
    const texts = [...textsOf(sheet).values()];
    expect(texts).toContain(`${g.notice.number}（调整后）`);
    expect(texts).toContain("甲：修订安全评价作业指导书\n督办要求：增加季度复查");
  });

  it("现场督办记录：每次现场督办的日期、地点、参加人员、情况和后续要求", async () => {
    const g = await issued();
    await act(stack.env, g.notice.items[0]!, "site_visit", leader, {
      date: "2026-11-02",
      place: "技术部会议室",
      participants: "李组长、技术部张三",
      findings: "修订稿已完成初稿，尚未征求安全部意见",
      followUp: "一周内征求意见",
    });
    const sheet = await generateSiteVisitRecord(stack.api, g.notice.items[0]!.id, on(fake));
    expect(sheet).toBe(`现场督办记录-陕秦安督字〔2026〕1号`.slice(-31));
    const texts = textsOf(sheet);
    expect(texts.get("A2")).toBe("现场督办记录");
    const value = (label: string) => texts.get(`B${rowOf(findCell(texts, (t) => t === label, label))}`);
    expect(value("地点")).toBe("技术部会议室");
    expect(value("参加人员")).toBe("李组长、技术部张三");
    expect(value("现场督办情况")).toBe("修订稿已完成初稿，尚未征求安全部意见");
    expect(value("后续要求")).toBe("一周内征求意见");
    expect(value("日期")).toBe("2026年11月2日");
  });
});

describe("问责（七、(一)）在月度考核和问责台账上", () => {
  it("本月问责列在月度考核表上；问责台账一行一条", async () => {
    const item = await seedItem(stack.env, {
      content: "甲：修订安全评价作业指导书",
      owner: "张三",
      leader: "王副总",
    });
    const record = await stack.api.recordAccountability(
      { itemIds: [item.id], deptId: "tech", person: "张三", measure: "interview", reason: "整改不力" },
      "k-1",
    );
    const month = await stack.api.getAssessment("2026-11");
    const sheet = await renderReport(assessmentSpec(month, DEPARTMENTS), on(fake));
    const texts = [...textsOf(sheet).values()];
    expect(texts).toContain("三、本月问责");
    expect(texts).toContain("约谈");
    expect(texts).toContain("整改不力");
    const register = await renderReport(accountabilitySpec(2026, [record], DEPARTMENTS), on(fake));
    expect(register).toBe("2026年 问责台账");
    const cells = fake.workbook.sheet(register).values("A1:J8").flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(["技术部", "张三", "约谈", "整改不力", "有效", "2026-11"]));
  });
});
