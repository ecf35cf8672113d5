// 导入现有台账, the pure part: proposing the mapping from a ledger's own headers, reading its cells as item fields,
// the Chinese reasons a row would be refused for, and the Idempotency-Key of a row.
import { describe, expect, it } from "vitest";
import {
  DepartmentMatcher,
  findHeaderRow,
  mappingProblems,
  parseLedgerDate,
  proposeMapping,
  rowKeys,
  rowToInput,
} from "../../addin/src/excel/ledgerMapping";
import { DEPARTMENTS } from "../support/excel-helpers";

const depts = new DepartmentMatcher([...DEPARTMENTS, { id: "coal", name: "煤矿安全评价中心", head: "赵六" }]);

describe("映射建议（按表头）", () => {
  it("常见表头对应到事项字段，序号等不认识的列不导入", () => {
    expect(
      proposeMapping(["序号", "督办事项", "责任部门", "完成时限", "责任人", "分管领导", "备注", "进展情况"]),
    ).toEqual([null, "content", "leadDept", "deadline", "owner", "leader", "note", null]);
    expect(proposeMapping(["工作内容", "牵头部门", "配合部门", "截止日期"])).toEqual([
      "content",
      "leadDept",
      "assistDepts",
      "deadline",
    ]);
    expect(proposeMapping(["事项", "时限", "牵头单位"])).toEqual(["content", "deadline", "leadDept"]);
    // The more specific header wins a field; a field is proposed for one column only.
    expect(proposeMapping(["内容", "督办事项内容"])).toEqual([null, "content"]);
  });

  it("表头行可以在标题行之下", () => {
    const rows = [
      ["2026年度重点工作督办台账"],
      [],
      ["序号", "督办事项", "责任部门", "完成时限"],
      [1, "甲", "技术部", ""],
    ];
    expect(findHeaderRow(rows)).toBe(2);
  });

  it("缺少督办事项内容或牵头部门、一个字段对应多列时说明", () => {
    expect(mappingProblems(["content", null])).toEqual(["请指定「牵头部门」对应的列"]);
    expect(mappingProblems(["content", "leadDept", "leadDept"])).toEqual([
      "「牵头部门」对应了 2 列，只能对应一列",
    ]);
    expect(mappingProblems(["content", "leadDept", "note", "note"])).toEqual([]);
  });
});

describe("单元格 → 事项字段", () => {
  it("部门：编号、全称或简称；不唯一或不认识的不猜", () => {
    expect(depts.id("技术部")).toBe("tech");
    expect(depts.id("技术")).toBe("tech");
    expect(depts.id("tech")).toBe("tech");
    expect(depts.id("煤矿安全评价")).toBe("coal");
    expect(depts.id("财务部")).toBeNull();
    expect(depts.id("安全")).toBe("safety");
  });

  it("日期：文本或 Excel 序列号", () => {
    expect(parseLedgerDate("2026-12-31")).toBe("2026-12-31");
    expect(parseLedgerDate("2026/1/5")).toBe("2026-01-05");
    expect(parseLedgerDate("2026年3月1日前")).toBe("2026-03-01");
    expect(parseLedgerDate(46387)).toBe("2026-12-31");
    expect(parseLedgerDate("")).toBeNull();
    expect(parseLedgerDate("年底前")).toBe("invalid");
    expect(parseLedgerDate("2026-02-30")).toBe("invalid");
  });

  const mapping = proposeMapping(["督办事项", "责任部门", "完成时限", "配合部门", "备注", "紧急程度"]);

  it("一行变成拟办事项：备注记入督办要求，督办方式不猜（默认跟踪督办）", () => {
    const r = rowToInput(
      ["修订作业指导书", "技术", 46387, "安全部、综合部", "年初会议确定", "特急"],
      mapping,
      depts,
    );
    expect(r).toEqual({
      ok: true,
      input: expect.objectContaining({
        content: "修订作业指导书",
        leadDept: "tech",
        deadline: "2026-12-31",
        assistDepts: ["safety", "general"],
        mode: "tracking", // as the ledger did not say: 督办方式 is never guessed
        urgency: "urgent",
        requirements: "备注：年初会议确定",
        source: "other",
      }),
    });
  });

  it("会被拒绝的行说明每个原因（中文）", () => {
    const r = rowToInput(["", "财务部", "年底前", "技术部", "", "很急"], mapping, depts);
    expect(r.ok).toBe(false);
    const reasons = r.ok ? [] : r.reasons;
    expect(reasons).toEqual(
      expect.arrayContaining([
        "牵头部门「财务部」不在部门列表中",
        "完成时限「年底前」不是有效日期（如 2026-12-31）",
        "紧急程度「很急」不认识",
        "督办事项内容不能为空",
      ]),
    );
    const long = rowToInput(["很".repeat(2001), "技术部", "", "技术部", "", ""], mapping, depts);
    expect(long.ok ? [] : long.reasons).toEqual(
      expect.arrayContaining(["督办事项内容不能超过 2000 个字", "协办部门不能包含牵头部门"]),
    );
  });
});

describe("每行一个幂等键", () => {
  it("同一工作簿、同一来源、同一内容 → 同一个键；相同的两行、不同的工作簿 → 不同的键", async () => {
    const a = { source: "other", content: "甲", leadDept: "tech" };
    const b = { source: "other", content: "乙", leadDept: "tech" };
    const first = await rowKeys("wb1", "sheet:台账", [a, null, b, { ...a }]);
    const again = await rowKeys("wb1", "sheet:台账", [b, a, { ...a }]);
    expect(first[1]).toBeNull();
    expect(new Set(first.filter(Boolean)).size).toBe(3);
    // Row order does not matter; identical rows are told apart by occurrence.
    expect(new Set(again)).toEqual(new Set(first.filter(Boolean)));
    expect((await rowKeys("wb2", "sheet:台账", [a]))[0]).not.toBe(first[0]);
    for (const k of first.filter(Boolean)) expect(k).toMatch(/^[\x21-\x7e]{1,200}$/);
  });
});
