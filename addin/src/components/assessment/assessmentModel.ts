// 考核 as data and work: the month's preview (or frozen result), its markers, 写入工作表, 定稿, and the year summary
// of the finished months. No React here.
import type { Assessment, AssessmentLine, DepartmentResult } from "../../../../functions/src/domain/scoring";
import { RULE_LABELS } from "../../../../functions/src/domain/scoring";
import type { AssessmentResult } from "../../api/client";
import { assessmentSpec, yearSpec } from "../../excel/reportSheets";
import { finishedMonthsOf, monthLabel } from "../common/calendar";
import type { PaneDeps } from "../common/deps";
import { formatCst } from "../common/format";
import type { OnProgress } from "../common/taskState";

/** The labels above a result: 已定稿 with time and who, or 预览（未定稿）and 本月尚未结束. */
export function assessmentMarkers(
  result: AssessmentResult,
): { text: string; intent: "success" | "warning" | "info" }[] {
  if (result.finalized)
    return [
      {
        text: `已定稿${result.finalizedAt ? `：${formatCst(result.finalizedAt)}` : ""}${result.finalizedBy ? `，定稿人 ${result.finalizedBy}` : ""}`,
        intent: "success",
      },
    ];
  const markers: { text: string; intent: "success" | "warning" | "info" }[] = [
    { text: "预览（未定稿）", intent: "info" },
  ];
  if (!result.complete) markers.push({ text: "本月尚未结束，结果会随办理情况变化", intent: "warning" });
  return markers;
}

/** 定稿 is offered to a leader, on a finished month not yet frozen. */
export const finalizable = (result: AssessmentResult, leader: boolean) =>
  leader && !result.finalized && result.complete;

/** A department's deduction lines, in the order the server listed them. */
export const linesOf = (result: Assessment, deptId: string): AssessmentLine[] =>
  result.lines.filter((l) => l.deptId === deptId);

export const ruleLabel = (line: Pick<AssessmentLine, "rule">) =>
  `${line.rule} ${RULE_LABELS[line.rule] ?? ""}`.trim();

/** "扣 3.5 分（上限 10 分，原 12 分）" */
export function deductionText(d: DepartmentResult): string {
  const points = `扣 ${formatPoints(d.deduction)} 分`;
  return d.capped ? `${points}（已封顶，原 ${formatPoints(d.rawPoints)} 分）` : points;
}

export const formatPoints = (n: number) => String(Math.round(n * 100) / 100);

export function loadAssessment(
  deps: PaneDeps,
  month: string,
  signal: AbortSignal,
): Promise<AssessmentResult> {
  return deps.api.getAssessment(month, signal);
}

/** 写入工作表: the month's sheet with the department summary, the lines and a chart. */
export async function writeAssessment(
  deps: PaneDeps,
  result: AssessmentResult,
  signal: AbortSignal,
): Promise<string> {
  const departments = await deps.departments(signal);
  return deps.excel.renderReport(assessmentSpec(result, departments), { signal });
}

/** 定稿, then the frozen result (and, in Excel, its sheet rewritten to say 已定稿). */
export async function finalizeAssessment(
  deps: PaneDeps,
  month: string,
  writeSheet: boolean,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<{ result: AssessmentResult; sheetName: string | null }> {
  onProgress("正在定稿…", null);
  const frozen = await deps.api.finalizeAssessment(month, signal);
  const result: AssessmentResult = { ...frozen, complete: true };
  if (!writeSheet) return { result, sheetName: null };
  onProgress("正在写入工作表…", 0.7);
  return { result, sheetName: await writeAssessment(deps, result, signal) };
}

export interface YearSummaryResult {
  year: number;
  months: string[];
  sheetName: string | null;
}

/**
 * 年度汇总: the assessment of every finished month of `year` (January up to the last finished CST month), one
 * request each, then the year sheet. A year with no finished month writes nothing.
 */
export async function writeYearSummary(
  deps: PaneDeps,
  year: number,
  now: Date,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<YearSummaryResult> {
  const months = finishedMonthsOf(year, now);
  if (months.length === 0) return { year, months, sheetName: null };
  const results: Assessment[] = [];
  for (const [index, month] of months.entries()) {
    onProgress(
      `正在读取${monthLabel(month)}的考核（${index + 1} / ${months.length}）…`,
      index / (months.length + 1),
    );
    results.push(await deps.api.getAssessment(month, signal));
  }
  onProgress("正在写入工作表…", months.length / (months.length + 1));
  const sheetName = await deps.excel.renderReport(yearSpec(year, results), { signal });
  return { year, months, sheetName };
}
