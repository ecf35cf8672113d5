// 考核: the default month is the last finished CST month whatever the machine's zone (this suite runs in New York);
// the preview's markers, 定稿 only for the leading group, the year view asking only for finished months, and the
// rules form checked with the domain's schema before anything is sent.
import { describe, expect, it } from "vitest";
import type { AssessmentResult, Me } from "../../addin/src/api/client";
import {
  assessmentMarkers,
  finalizable,
  finalizeAssessment,
  writeAssessment,
  writeYearSummary,
} from "../../addin/src/components/assessment/assessmentModel";
import {
  finishedMonthsOf,
  isFinishedMonth,
  lastFinishedMonth,
  monthOptions,
  monthSoFar,
} from "../../addin/src/components/common/calendar";
import {
  canEditRules,
  canFinalize,
  describeMe,
  type MeState,
} from "../../addin/src/components/settings/identity";
import {
  AssessmentView,
  MonthlyAssessment,
  type AssessmentViewProps,
} from "../../addin/src/components/assessment/MonthlyAssessment";
import { RulesForm } from "../../addin/src/components/assessment/RulesForm";
import {
  addTier,
  checkRules,
  draftFromRules,
  parseNumber,
  removeTier,
  RULES_STALE_MESSAGE,
  saveRules,
  type RulesDraft,
} from "../../addin/src/components/assessment/rulesForm";
import { rulesRows } from "../../addin/src/components/assessment/RulesSection";
import { yearSummary } from "../../addin/src/components/assessment/YearSummary";
import type { ReportSpec } from "../../addin/src/components/common/workbook";
import { DEFAULT_RULES, type RulesVersion } from "../../functions/src/domain/rules";
import type { Assessment } from "../../functions/src/domain/scoring";
import { apiError, liveSignal, positionsIn, scriptedPane, selectedOptions } from "../support/pane-harness";
import { html, noop, text } from "../support/pane-fixtures";

function anAssessment(overrides: Partial<AssessmentResult> = {}): AssessmentResult {
  return {
    month: "2026-10",
    finalized: false,
    finalizedAt: null,
    finalizedBy: null,
    rulesVersion: 2,
    complete: true,
    departments: [
      {
        deptId: "safety",
        name: "安全部",
        handled: 4,
        closedOnTime: 1,
        overdue: 2,
        rawPoints: 3.5,
        deduction: 3.5,
        capped: false,
        awardEligible: true,
        falseReports: [],
      },
      {
        deptId: "ops",
        name: "运营部",
        handled: 1,
        closedOnTime: 1,
        overdue: 0,
        rawPoints: 0,
        deduction: 0,
        capped: false,
        awardEligible: false,
        falseReports: [{ itemId: "i9", reason: "报告数据与现场不符", at: "2026-10-12T02:00:00.000Z" }],
      },
    ],
    lines: [
      {
        deptId: "safety",
        itemId: "item-1",
        noticeNumber: "陕秦安督字〔2026〕12号",
        content: "完成安全评价报告模板修订",
        rule: "R1",
        points: 2,
        reason: "至 10 月 31 日逾期 21 天未办结（完成时限 2026-10-10），按 16–30 天档扣 2 分。",
      },
      {
        deptId: "safety",
        itemId: "item-1",
        noticeNumber: "陕秦安督字〔2026〕12号",
        content: "完成安全评价报告模板修订",
        rule: "R3",
        points: 1,
        reason: "逾期前未申请延期说明情况。",
      },
    ],
    ...overrides,
  };
}

/** The month's result as 考核 shows it, for the 督办办公室, idle; the buttons do nothing. */
const assessmentView = (props: Partial<AssessmentViewProps> = {}) => (
  <AssessmentView
    result={anAssessment()}
    leader={false}
    disabled={false}
    busy={false}
    onWrite={noop}
    onFinalize={noop}
    {...props}
  />
);

const me = (roles: string[]): MeState => ({
  kind: "loaded",
  me: { id: "u1", name: "周文员", roles, departments: [], devMode: false } satisfies Me,
});

describe("默认考核月份：上一个已结束的北京时间月份（与本机时区无关）", () => {
  it.each([
    // 2026-12-01 00:30 CST: November has ended.
    ["2026-11-30T16:30:00Z", "2026-11"],
    // 2026-11-30 23:30 CST: November is still running.
    ["2026-11-30T15:30:00Z", "2026-10"],
    // Exactly 2026-12-01 00:00 CST.
    ["2026-11-30T16:00:00Z", "2026-11"],
    ["2026-11-30T15:59:59.999Z", "2026-10"],
    // New Year: 2027-01-01 00:30 CST, and 2026-12-31 23:30 CST.
    ["2026-12-31T16:30:00Z", "2026-12"],
    ["2026-12-31T15:30:00Z", "2026-11"],
    // 1 January CST while it is still 31 December in New York (this process's zone).
    ["2027-01-01T02:00:00Z", "2026-12"],
  ])("%s → %s", (instant, month) => {
    expect(process.env.TZ).toBe("America/New_York");
    expect(lastFinishedMonth(new Date(instant))).toBe(month);
  });

  it("月度考核的月份下拉默认选中该月，本月标明未结束", () => {
    const { deps } = scriptedPane();
    for (const [instant, month] of [
      ["2026-11-30T16:30:00Z", "2026-11"],
      ["2026-11-30T15:30:00Z", "2026-10"],
    ] as const) {
      const markup = html(
        <MonthlyAssessment deps={deps} leader={false} inExcel now={() => new Date(instant)} />,
      );
      expect(selectedOptions(markup), instant).toEqual([month]);
    }
    const options = monthOptions(new Date("2026-11-30T16:30:00Z"), 3);
    expect(options).toEqual([
      { value: "2026-12", label: "2026年12月（本月，未结束）" },
      { value: "2026-11", label: "2026年11月" },
      { value: "2026-10", label: "2026年10月" },
    ]);
  });

  it("督办通报默认期间：本月 1 日至今天（北京时间）", () => {
    expect(monthSoFar(new Date("2026-11-30T16:30:00Z"))).toEqual({ from: "2026-12-01", to: "2026-12-01" });
    expect(monthSoFar(new Date("2026-11-30T15:30:00Z"))).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });
});

describe("考核结果", () => {
  it("预览（未定稿）；本月尚未结束时另有标记", () => {
    expect(assessmentMarkers(anAssessment()).map((m) => m.text)).toEqual(["预览（未定稿）"]);
    expect(assessmentMarkers(anAssessment({ complete: false })).map((m) => m.text)).toEqual([
      "预览（未定稿）",
      "本月尚未结束，结果会随办理情况变化",
    ]);
    const shown = text(assessmentView({ result: anAssessment({ complete: false }), leader: true }));
    expect(shown).toContain("预览（未定稿）");
    expect(shown).toContain("本月尚未结束");
  });

  it("每个部门：扣分、承办、按期办结、逾期和评优资格", () => {
    const shown = text(assessmentView());
    expect(shown).toContain("安全部 · 扣 3.5 分");
    expect(shown).toContain("承办 4 · 按期办结 1 · 逾期 2 · 评优资格 有");
    expect(shown).toContain("运营部 · 扣 0 分");
    expect(shown).toContain("评优资格 取消");
    expect(shown).toContain("考核规则第 2 版");
    expect(shown).toContain("写入工作表");
  });

  it("已定稿：显示定稿时间（北京时间）和定稿人，不再提供定稿", () => {
    const result = anAssessment({
      finalized: true,
      finalizedAt: "2026-11-02T01:30:00.000Z",
      finalizedBy: "李组长",
    });
    expect(assessmentMarkers(result).map((m) => m.text)).toEqual(["已定稿：2026-11-02 09:30，定稿人 李组长"]);
    const markup = html(assessmentView({ result, leader: true }));
    expect(markup).toContain("已定稿：2026-11-02 09:30，定稿人 李组长");
    expect(markup).not.toContain('data-action="finalize"');
  });

  it("定稿按钮只给领导小组，且只在已结束、未定稿的月份", () => {
    const view = (leader: boolean, result = anAssessment()) => html(assessmentView({ result, leader }));
    const officeOnly = me(["office"]);
    expect(canFinalize(officeOnly)).toBe(false);
    expect(view(canFinalize(officeOnly))).not.toContain('data-action="finalize"');
    expect(view(canFinalize(officeOnly))).not.toMatch(/>定稿</);
    expect(view(canFinalize(me(["office", "leader"])))).toMatch(/data-action="finalize"[^>]*>定稿</);
    expect(view(true, anAssessment({ complete: false }))).not.toContain('data-action="finalize"');
    expect(finalizable(anAssessment(), true)).toBe(true);
    expect(canFinalize({ kind: "loading" })).toBe(false);
    expect(canEditRules(officeOnly)).toBe(true);
    expect(canEditRules(me(["dept:safety"]))).toBe(false);
    expect(describeMe((officeOnly as { me: Me }).me)).toBe("周文员 · 督办办公室");
  });

  it("写入工作表：assessmentSpec 交给工作簿", async () => {
    const { calls, deps } = scriptedPane({ excel: { renderReport: async (spec) => spec.sheetName } });
    const name = await writeAssessment(deps, anAssessment(), liveSignal());
    expect(name).toBe("2026年10月 督办考核");
    const spec = calls[0]!.args[0] as ReportSpec;
    expect(spec.lines[0]).toBe("预览（未定稿）");
    expect(spec.sections[1]!.rows).toHaveLength(2);
  });

  it("定稿后：返回冻结的结果，并在 Excel 中重新写入工作表（显示已定稿）", async () => {
    const frozen: Assessment = {
      ...anAssessment(),
      finalized: true,
      finalizedAt: "2026-11-02T01:30:00.000Z",
      finalizedBy: "李组长",
    };
    const { calls, deps } = scriptedPane({
      api: { finalizeAssessment: async () => frozen },
      excel: { renderReport: async (spec) => spec.sheetName },
    });
    const out = await finalizeAssessment(deps, "2026-10", true, liveSignal(), noop);
    expect(out.result).toMatchObject({ finalized: true, complete: true, finalizedBy: "李组长" });
    expect(calls.map((c) => c.name)).toEqual(["finalizeAssessment", "renderReport"]);
    expect(calls[0]!.args[0]).toBe("2026-10");
    expect((calls[1]!.args[0] as ReportSpec).lines[0]).toMatch(/^已定稿/);
    const notInExcel = scriptedPane({ api: { finalizeAssessment: async () => frozen } });
    const outside = await finalizeAssessment(notInExcel.deps, "2026-10", false, liveSignal(), noop);
    expect(outside.sheetName).toBeNull();
  });
});

describe("年度汇总：只读取已结束的月份", () => {
  const run = async (year: number, instant: string) => {
    const { calls, deps } = scriptedPane({
      api: { getAssessment: async (month) => anAssessment({ month, complete: true }) },
      excel: { renderReport: async (spec) => spec.sheetName },
    });
    const progress: string[] = [];
    const result = await writeYearSummary(deps, year, new Date(instant), liveSignal(), (m) =>
      progress.push(m),
    );
    const asked = calls.filter((c) => c.name === "getAssessment").map((c) => c.args[0]);
    const spec = calls.find((c) => c.name === "renderReport")?.args[0] as ReportSpec | undefined;
    return { result, asked, spec, progress };
  };

  it("4 月 15 日：只请求 1–3 月，年表有这三个月", async () => {
    const { asked, spec, result, progress } = await run(2026, "2026-04-15T04:00:00Z");
    expect(asked).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(spec?.sections[0]!.headers).toEqual(["部门", "1月", "2月", "3月", "全年合计", "评优资格"]);
    expect(result).toEqual({ year: 2026, months: asked, sheetName: "2026年 督办考核汇总" });
    expect(progress[0]).toContain("2026年1月");
    expect(yearSummary(result).lines[0]).toBe("汇总 2026年1月 至 2026年3月，共 3 个月。");
  });

  it("月末午夜前后按北京时间划分：4 月 1 日 00:30 已含 3 月，3 月 31 日 23:30 不含", async () => {
    expect((await run(2026, "2026-03-31T16:30:00Z")).asked).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect((await run(2026, "2026-03-31T15:30:00Z")).asked).toEqual(["2026-01", "2026-02"]);
  });

  it("往年：12 个月全部；本年 1 月：一个月也没结束，不请求也不写表", async () => {
    expect((await run(2025, "2026-04-15T04:00:00Z")).asked).toHaveLength(12);
    const january = await run(2026, "2026-01-20T04:00:00Z");
    expect(january.asked).toEqual([]);
    expect(january.spec).toBeUndefined();
    expect(yearSummary(january.result).title).toBe("2026年尚无已结束的月份");
    expect(finishedMonthsOf(2027, new Date("2026-12-31T16:30:00Z"))).toEqual([]);
    expect(isFinishedMonth("2026-12", new Date("2026-12-31T16:30:00Z"))).toBe(true);
  });

  it("取消：不再请求后面的月份", async () => {
    const controller = new AbortController();
    const { calls, deps } = scriptedPane({
      api: {
        getAssessment: async (month, signal) => {
          controller.abort();
          if (signal?.aborted) throw new DOMException("aborted", "AbortError");
          return anAssessment({ month });
        },
      },
    });
    await expect(
      writeYearSummary(deps, 2026, new Date("2026-06-15T04:00:00Z"), controller.signal, noop),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(calls.map((c) => c.args[0])).toEqual(["2026-01"]);
  });
});

describe("考核规则表单", () => {
  const rules: RulesVersion = {
    ...structuredClone(DEFAULT_RULES),
    version: 3,
    createdAt: "2026-09-01T02:00:00.000Z",
    createdBy: "周文员",
  };
  const draft = (patch: Partial<RulesDraft> = {}): RulesDraft => ({ ...draftFromRules(rules), ...patch });

  it("规则原样转为表单，未改动时通过校验并与原规则一致", () => {
    expect(draft().r1Tiers).toEqual([
      { maxDays: "15", points: "1" },
      { maxDays: "30", points: "2" },
      { maxDays: "", points: "3" },
    ]);
    expect(checkRules(draft())).toEqual({ ok: true, rules: DEFAULT_RULES });
  });

  it("错误的数字：每个字段给出以字段名开头的中文提示", () => {
    const result = checkRules(
      draft({
        r2Points: "两分",
        r3Points: "-1",
        assistShare: "1.5",
        monthlyCap: "",
        critical: "2.345",
        r1Tiers: [
          { maxDays: "15.5", points: "1" },
          { maxDays: "10", points: "2" },
          { maxDays: "", points: "3" },
        ],
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        "r1Tiers.0.maxDays": expect.stringContaining("应为整数"),
        "r1Tiers.1.maxDays": expect.stringContaining("应大于上一档的上限"),
        "urgencyFactors.critical": "特别重大最多保留两位小数",
        r2Points: "R2 未按要求整改分值应为数字",
        r3Points: "R3 逾期未说明分值不能小于 0",
        assistShare: "协办部门分担比例不能大于 1",
        monthlyCap: "月度扣分上限为必填项",
      },
    });
  });

  it("校验不通过时不调用 putRules", async () => {
    const { calls, deps } = scriptedPane();
    const outcome = await saveRules(deps, draft({ r4Points: "abc" }), '"3"');
    expect(outcome).toEqual({ kind: "invalid", errors: { r4Points: "R4 迟报分值应为数字" } });
    expect(calls).toEqual([]);
  });

  it("保存：只发送规则字段，带读取时的 ETag；新版本返回", async () => {
    const saved = { value: { ...rules, version: 4, r2Points: 3 }, etag: '"4"' };
    const { calls, deps } = scriptedPane({ api: { putRules: async () => saved } });
    const outcome = await saveRules(deps, draft({ r2Points: "３" }), '"3"');
    expect(outcome).toEqual({ kind: "saved", rules: saved });
    expect(calls[0]!.args.slice(0, 2)).toEqual([{ ...DEFAULT_RULES, r2Points: 3 }, '"3"']);
  });

  it("412：规则已被他人修改，请刷新", async () => {
    const stale = apiError(412, "过期", "考核规则已被他人修改，请刷新后重试");
    const { deps } = scriptedPane({ api: { putRules: async () => Promise.reject(stale) } });
    const outcome = await saveRules(deps, draft(), '"2"');
    expect(outcome).toMatchObject({ kind: "refused", error: { stale: true, title: RULES_STALE_MESSAGE } });
  });

  it("错误显示在对应字段下方", () => {
    const checked = checkRules(
      draft({
        r3Points: "x",
        r1Tiers: [
          { maxDays: "a", points: "1" },
          { maxDays: "", points: "2" },
        ],
      }),
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const markup = html(
      <RulesForm
        draft={draft({
          r3Points: "x",
          r1Tiers: [
            { maxDays: "a", points: "1" },
            { maxDays: "", points: "2" },
          ],
        })}
        errors={checked.errors}
        saving={false}
        onTier={noop}
        onAddTier={noop}
        onRemoveTier={noop}
        onScalar={noop}
        onSave={noop}
        onClose={noop}
      />,
    );
    const at = positionsIn(markup);
    expect(at("R3 逾期未说明分值应为数字")).toBeGreaterThan(at(">R3 逾期未说明（分）<"));
    expect(at("R3 逾期未说明分值应为数字")).toBeLessThan(at(">R4 迟报（分）<"));
    expect(at("逾期天数上限第1项应为数字")).toBeGreaterThan(at(">第 1 档：逾期至（天）<"));
    expect(at("逾期天数上限第1项应为数字")).toBeLessThan(at(">第 2 档：逾期至（天）<"));
  });

  it("增删档次：新档插在不设上限的最后一档之前；删除后最后一档仍不设上限", () => {
    const added = addTier(draft());
    expect(added.r1Tiers.map((t) => t.maxDays)).toEqual(["15", "30", "45", ""]);
    expect(checkRules(added).ok).toBe(true);
    const removed = removeTier(draft(), 2);
    expect(removed.r1Tiers.map((t) => t.maxDays)).toEqual(["15", ""]);
    expect(removeTier({ ...draft(), r1Tiers: [{ maxDays: "", points: "1" }] }, 0).r1Tiers).toHaveLength(1);
    expect(parseNumber(" １．５ ")).toBe(1.5);
    expect(parseNumber("")).toBeUndefined();
    expect(parseNumber("0x10")).toBe("0x10");
  });

  it("现行规则按档列出", () => {
    expect(rulesRows(rules).slice(0, 3)).toEqual([
      ["R1 逾期 1–15 天", "1 分"],
      ["R1 逾期 16–30 天", "2 分"],
      ["R1 逾期 31 天以上", "3 分"],
    ]);
  });
});
