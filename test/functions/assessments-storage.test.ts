/** A finalized month of any size is stored and read back whole (lines in their own rows, under the entity limit). */
import { describe, expect, it } from "vitest";
import type { Assessment } from "../../functions/src/domain/scoring.js";
import { testEnv } from "../support/api.js";

function bigMonth(
  lines: number,
  content = (i: number) => `第${i + 1}项：完成年度安全评价报告编制，按公司质量要求提交评审`,
): Assessment {
  return {
    month: "2026-10",
    finalized: true,
    finalizedAt: "2026-11-02T02:00:00.000Z",
    finalizedBy: "领导小组 李组长",
    rulesVersion: 3,
    departments: [
      {
        deptId: "tech",
        name: "技术部",
        handled: lines,
        closedOnTime: 0,
        overdue: lines,
        rawPoints: lines * 3,
        deduction: 10,
        capped: true,
        awardEligible: true,
        falseReports: [],
      },
    ],
    lines: Array.from({ length: lines }, (_, i) => ({
      deptId: "tech",
      itemId: `item-${String(i).padStart(5, "0")}`,
      noticeNumber: `陕秦安督字〔2026〕${i + 1}号`,
      content: content(i),
      rule: "R1" as const,
      points: 3,
      reason: `完成时限2026年9月1日，截至2026年10月31日逾期60天仍未办结（逾期30天以上计3分），扣3分（第${i + 1}项）`,
    })),
  };
}

describe("定稿的月度考核按原样保存", () => {
  it("3,000 条扣分明细的月份定稿后原样读回（超过单个实体 1 MiB 的上限也不出错）", async () => {
    const { deps } = testEnv();
    await deps.tables.ensureTables();
    const month = bigMonth(3000);
    expect(await deps.assessments.saveFinal(month)).toBe(true);
    const back = await deps.assessments.getFinal("2026-10");
    expect(back).toEqual(month);
    // Every stored row stays under the service's 1 MiB entity limit (strings count two bytes a character).
    const sizes: number[] = [];
    for await (const row of deps.tables.table("assessments").listEntities({
      queryOptions: { filter: "PartitionKey eq '2026-10'" },
    }))
      sizes.push(JSON.stringify(row).length * 2);
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
    expect(await deps.assessments.saveFinal(bigMonth(1))).toBe(false);
    expect((await deps.assessments.getFinal("2026-10"))?.lines).toHaveLength(3000);
  }, 60_000);

  it("督办事项内容很长（每条 2,000 字）时，每行仍在 1 MiB 以内、每个事务在 4 MiB 以内，原样读回", async () => {
    const { deps } = testEnv();
    await deps.tables.ensureTables();
    const client = deps.tables.table("assessments");
    // What each entity-group transaction sends (UTF-8 of its entities), as the service would receive it.
    const batches: number[] = [];
    const submit = client.submitTransaction.bind(client);
    client.submitTransaction = (actions, options) => {
      batches.push(actions.reduce((n, a) => n + Buffer.byteLength(JSON.stringify(a[1]), "utf8"), 0));
      return submit(actions, options);
    };
    const long = (i: number) =>
      `第${i + 1}项：${"按公司质量要求完成安全评价报告并提交评审，".repeat(100)}`.slice(0, 2000);
    const month = { ...bigMonth(1500, long), month: "2026-08" };
    expect(month.lines[0]!.content).toHaveLength(2000);
    expect(await deps.assessments.saveFinal(month)).toBe(true);
    expect(await deps.assessments.getFinal("2026-08")).toEqual(month);
    const sizes: number[] = [];
    for await (const row of client.listEntities({ queryOptions: { filter: "PartitionKey eq '2026-08'" } }))
      sizes.push(JSON.stringify(row).length * 2);
    expect(sizes.length).toBeGreaterThanOrEqual(9);
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
    expect(batches.length).toBeGreaterThan(1);
    expect(Math.max(...batches)).toBeLessThan(4 * 1024 * 1024);
  }, 120_000);

  it("没有扣分的月份也能定稿和读回", async () => {
    const { deps } = testEnv();
    await deps.tables.ensureTables();
    const month = { ...bigMonth(0), month: "2026-09" };
    expect(await deps.assessments.saveFinal(month)).toBe(true);
    expect(await deps.assessments.getFinal("2026-09")).toEqual(month);
  });
});
