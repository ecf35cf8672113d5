// The benchmarks' generated histories (bench/histories.ts) go through the domain's own decide(), step by step: a
// rule the domain adds (a required field, a date bound) must show here, not first as a broken `npm run bench`.
import { describe, expect, it } from "vitest";
import { foldEvents } from "../../functions/src/domain/lifecycle";
import { generateHistories } from "../../bench/histories";

describe("基准测试生成的督办事项历史", () => {
  it("每一步都被领域规则接受，结局覆盖办结、撤销和上报内容严重失实（含造成较大后果的）", () => {
    const histories = generateHistories(400, 10);
    expect(histories).toHaveLength(400);
    const endings = new Set(histories.map((events) => foldEvents(events).status));
    expect([...endings]).toEqual(expect.arrayContaining(["closed", "cancelled"]));
    const flags = histories.flat().filter((e) => e.kind === "flag_false_report");
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.some((e) => e.payload.seriousConsequence === true)).toBe(true);
    expect(flags.some((e) => e.payload.seriousConsequence === false)).toBe(true);
  });
});
