/**
 * 月度绩效考核 (DESIGN §1, 制度七): the monthly deductions per department, computed from the items' events.
 * Pure and deterministic: the same histories, rules and departments give the same assessment, whatever the
 * order of the histories, the process's time zone, or when it runs — every item is replayed only up to the
 * month's last CST instant, so scoring October in December equals scoring it on 31 October 23:59:59.999 CST.
 *
 * One pass over each item's events (O(total events)), then one sort of the lines.
 *
 * Interpretation choices where DESIGN leaves room (each is also noted where it is applied):
 * - Amounts are kept in integer hundredths; a product (tier × urgency factor, share × points) is rounded half
 *   up to the hundredth. A line whose amount is 0 (a rule set to 0 points, a tiny share) is not listed.
 * - The department, assisting departments, notice number and content of a line are taken from the item as it
 *   stood when the rule was met: at the month's last instant for R1/R2, at the first overdue instant for R3,
 *   just before the report for R4. The urgency is the item's at the month's last instant (R1).
 * - R1 names the deadline in force at the month's last instant; overdue days are counted to the month's last day.
 * - R3 "first became overdue": the first instant at which the item is in a running status (notified,
 *   in_progress, extension_requested) and past its effective deadline, i.e. 00:00 CST of the day after the
 *   deadline — or, when the item entered a running status already past its deadline (issued late, extension
 *   approved with a past date), the instant it entered it. Only the first overdue ever counts, once. Any
 *   `request_extension` filed (CST date) on or before the deadline then in force excuses it, whatever became of
 *   the request — filing it is the 说明情况 the policy asks for.
 * - R4 counts every late `report` filed in the month (a report, a return, a second late report: two lines).
 * - `overdue` counts the items a department leads that R1 counts; assisting departments' share lines add to
 *   their points but not to their `overdue` count.
 * - `closedOnTime`: a `close` in the month whose last report was filed (CST date) on or before the deadline in
 *   force when it was filed.
 * - `handled`: a department counts an item if it led it while the item was open at some moment of the month.
 * - False-report flags count for the department leading the item when flagged, and only 严重失实且造成较大后果
 *   ones: eligibility is lost for the CST year of the report flagged (the year of the work), from the flag's
 *   month on. A flag in January about December's work is therefore after every month of that year: the year's
 *   eligibility (awardEligibility) sees it, the frozen months do not.
 * - 问责 award_loss records take away the year's eligibility from the record on, while not revoked.
 * - Unconfigured department ids found on items (lead or assisting, at the month's last instant) or on any line
 *   are listed after the configured ones, sorted by id, with their id as name.
 */
import {
  addDays,
  cstDate,
  cstMonth,
  cstMonthRange,
  cstYear,
  daysBetween,
  formatChineseDate,
  startOfCstDay,
} from "./dates.js";
import { applyEvent } from "./lifecycle.js";
import type { RulesVersion } from "./rules.js";
import {
  type DeadlineKind,
  type Department,
  type AccountabilityRecord,
  type Item,
  type ItemEvent,
  OPEN_STATUSES,
  RUNNING_STATUSES,
  type Status,
  URGENCY_LABELS,
} from "./types.js";

export type RuleCode = "R1" | "R2" | "R3" | "R4";

export const RULE_LABELS: Record<RuleCode, string> = {
  R1: "逾期未办结",
  R2: "未按要求整改",
  R3: "逾期未说明",
  R4: "迟报",
};

export interface AssessmentLine {
  deptId: string;
  itemId: string;
  noticeNumber: string | null;
  content: string;
  rule: RuleCode;
  points: number;
  reason: string;
  /** True on an assisting department's share line. */
  share?: boolean;
  /** The item's 责任人 and 分管领导 (七、(一): the people accountability names). */
  owner?: string;
  leader?: string;
}

export interface FalseReportEntry {
  itemId: string;
  reason: string;
  at: string;
}

export interface DepartmentResult {
  deptId: string;
  name: string;
  handled: number;
  closedOnTime: number;
  overdue: number;
  rawPoints: number;
  deduction: number;
  capped: boolean;
  awardEligible: boolean;
  falseReports: FalseReportEntry[];
  /** 问责 records taking away 评优评先 for the year, in force at the month's end. */
  awardLosses?: { recordId: string; reason: string; at: string }[];
}

export interface Assessment {
  month: string;
  finalized: boolean;
  finalizedAt: string | null;
  finalizedBy: string | null;
  rulesVersion: number;
  computedAt?: string;
  departments: DepartmentResult[];
  lines: AssessmentLine[];
  /** The month's 问责 records (revoked ones marked). */
  accountability?: AccountabilityRecord[];
}

export interface ScoreMonthInput {
  /** "YYYY-MM", a CST month. */
  month: string;
  /** One array per item, in seq order. */
  histories: readonly (readonly ItemEvent[])[];
  rules: RulesVersion;
  departments: readonly Department[];
  /** The 问责 register (any records; those of the month and the year's award losses are picked). */
  accountability?: readonly AccountabilityRecord[];
}

const RUNNING = new Set<Status>(RUNNING_STATUSES);
const OPEN = new Set<Status>(OPEN_STATUSES);
const RULE_ORDER: Record<RuleCode, number> = { R1: 1, R2: 2, R3: 3, R4: 4 };

/** Amounts in integer hundredths, so sums and caps carry no float noise. */
const toHundredths = (v: number) => Math.round(v * 100);
const fromHundredths = (h: number) => h / 100;
/** a × b for two amounts in hundredths, rounded half up to the hundredth (both non-negative). */
const multiply = (a: number, b: number) => Math.floor((a * b + 50) / 100);
/** 300 → "3", 450 → "4.5", 7 → "0.07". */
const formatPoints = (h: number) => String(fromHundredths(h));

const DEADLINE_NAMES: Record<DeadlineKind, string> = {
  original: "完成时限",
  extension: "延期后的完成时限",
  rectification: "整改完成时限",
};

/** A deduction before it is attributed and listed (amount in hundredths). */
interface Finding {
  rule: RuleCode;
  hundredths: number;
  /** The sentence without its amount; `verb` + amount completes it. */
  body: string;
  verb: "扣" | "加扣";
  /** The item as it stood when the rule was met. */
  item: Item;
  /** Tie-break between findings of the same item and rule (event seq). */
  order: number;
}

interface SortableLine {
  line: AssessmentLine;
  deptIndex: number;
  noticeYear: number;
  noticeSeq: number;
  order: number;
}

interface DeptAccumulator {
  handled: number;
  closedOnTime: number;
  overdue: number;
  falseReports: FalseReportEntry[];
}

function tierText(rules: RulesVersion, index: number): string {
  const tier = rules.r1Tiers[index]!;
  const previous = index > 0 ? rules.r1Tiers[index - 1]!.maxDays : null;
  const low = (previous ?? 0) + 1;
  const range =
    tier.maxDays === null
      ? previous === null
        ? "逾期"
        : `逾期超过${previous}天`
      : low === tier.maxDays
        ? `逾期${low}天`
        : `逾期${low}至${tier.maxDays}天`;
  return `${range}计${formatPoints(toHundredths(tier.points))}分`;
}

function tierIndex(rules: RulesVersion, days: number): number {
  const i = rules.r1Tiers.findIndex((t) => t.maxDays === null || days <= t.maxDays);
  return i < 0 ? rules.r1Tiers.length - 1 : i;
}

/** What every item's replay shares: the month, the rules, the department counters, a deadline cache. */
interface ScoringContext {
  month: string;
  year: number;
  lastDay: string;
  startMs: number;
  endMs: number;
  rules: RulesVersion;
  counts: (deptId: string) => DeptAccumulator;
  /** 00:00 CST of the day after a deadline (ms), memoized: few distinct deadlines, many events. */
  overdueStart: (deadline: string) => number;
}

/** The first instant (ms) at which `item`, holding from `since` on, is running and past its deadline. */
function overdueFrom(ctx: ScoringContext, item: Item, since: number): number | null {
  if (!RUNNING.has(item.status) || !item.effectiveDeadline) return null;
  return Math.max(ctx.overdueStart(item.effectiveDeadline), since);
}

/** Replays one item up to the month's end, collecting its findings and its department counts. */
function scoreItem(
  ctx: ScoringContext,
  events: readonly ItemEvent[],
): { item: Item; findings: Finding[] } | null {
  const { month, year, lastDay, startMs, endMs, rules, counts } = ctx;
  const findings: Finding[] = [];
  const handledBy = new Set<string>();

  let item: Item | null = null;
  let since = 0; // when the current state began
  let startChecked = false;
  let firstOverdue: { at: number; item: Item } | null = null;
  let earliestRequest: string | null = null; // CST date of the earliest request_extension
  let lastReport: { date: string; deadline: string | null } | null = null;

  for (const e of events) {
    const t = Date.parse(e.at);
    // Like itemAt: the history is read up to the first event after the month; nothing later counts.
    if (!(t <= endMs)) break;
    if (item && !firstOverdue) {
      const from = overdueFrom(ctx, item, since);
      if (from !== null && from <= t) firstOverdue = { at: from, item };
    }
    if (!startChecked && t > startMs) {
      startChecked = true;
      if (item && OPEN.has(item.status)) handledBy.add(item.leadDept);
    }
    const before: Item | null = item;
    item = applyEvent(item, e);
    since = t;
    const inMonth = t >= startMs;

    // Any request filed by the deadline day excuses R3, granted or not (filing it is the 说明情况).
    if (e.kind === "request_extension") {
      const date = cstDate(t);
      if (earliestRequest === null || date < earliestRequest) earliestRequest = date;
    }
    if (e.kind === "report" && before) {
      const date = cstDate(t);
      lastReport = { date, deadline: before.effectiveDeadline };
      // R4 迟报: a report filed in the month after the deadline in force when it was filed.
      if (inMonth && before.effectiveDeadline && date > before.effectiveDeadline)
        findings.push({
          rule: "R4",
          hundredths: toHundredths(rules.r4Points),
          body: `${formatChineseDate(date)}报送办结报告，晚于${DEADLINE_NAMES[before.deadlineKind]}${formatChineseDate(before.effectiveDeadline)}`,
          verb: "扣",
          item: before,
          order: e.seq,
        });
    }
    // closedOnTime: closed in the month, its last report filed by the deadline in force when it was filed.
    if (
      inMonth &&
      e.kind === "close" &&
      lastReport &&
      lastReport.deadline &&
      lastReport.date <= lastReport.deadline
    )
      counts(item.leadDept).closedOnTime++;
    // 严重失实，且造成较大后果 (七、(二)): the lead department loses award eligibility for the year of the work
    // flagged (the report's CST year), from the flag on; a flag without serious consequence costs nothing. Flags
    // recorded before the question was asked count as serious.
    if (e.kind === "flag_false_report" && e.payload.seriousConsequence !== false && workYear(e, t) === year) {
      const reason = typeof e.payload.reason === "string" ? e.payload.reason : "";
      counts(item.leadDept).falseReports.push({ itemId: item.id, reason, at: e.at });
    }
    // handled: the department leading the item while it was open at some moment of the month.
    if (inMonth && OPEN.has(item.status)) handledBy.add(item.leadDept);
  }
  if (!item) return null; // created after the month

  if (!firstOverdue) {
    const from = overdueFrom(ctx, item, since);
    if (from !== null && from <= endMs) firstOverdue = { at: from, item };
  }
  if (!startChecked && OPEN.has(item.status)) handledBy.add(item.leadDept);
  for (const dept of handledBy) counts(dept).handled++;

  // R1 逾期未办结 (+ R2 未按要求整改) at the month's last instant.
  const deadline = item.effectiveDeadline;
  if (RUNNING.has(item.status) && deadline && deadline < lastDay) {
    const days = daysBetween(deadline, lastDay);
    const tier = tierIndex(rules, days);
    const factor = rules.urgencyFactors[item.urgency];
    counts(item.leadDept).overdue++; // the lead department's count only; assisting departments just share points
    findings.push({
      rule: "R1",
      hundredths: multiply(toHundredths(rules.r1Tiers[tier]!.points), toHundredths(factor)),
      body:
        `${DEADLINE_NAMES[item.deadlineKind]}${formatChineseDate(deadline)}，截至${formatChineseDate(lastDay)}` +
        `逾期${days}天仍未办结（${tierText(rules, tier)}），${URGENCY_LABELS[item.urgency]}事项×${factor}`,
      verb: "扣",
      item,
      order: 0,
    });
    if (item.deadlineKind === "rectification")
      findings.push({
        rule: "R2",
        hundredths: toHundredths(rules.r2Points),
        body: `退回整改的完成时限${formatChineseDate(deadline)}已过，截至${formatChineseDate(lastDay)}仍未按要求整改`,
        verb: "加扣",
        item,
        order: 0,
      });
  }

  // R3 逾期未说明: the first overdue day ever falls in the month, with no extension request filed by the deadline.
  if (firstOverdue && cstMonth(firstOverdue.at) === month) {
    const overdueDeadline = firstOverdue.item.effectiveDeadline!;
    if (earliestRequest === null || earliestRequest > overdueDeadline)
      findings.push({
        rule: "R3",
        hundredths: toHundredths(rules.r3Points),
        body:
          `${formatChineseDate(cstDate(firstOverdue.at))}起逾期，${DEADLINE_NAMES[firstOverdue.item.deadlineKind]}` +
          `${formatChineseDate(overdueDeadline)}前未申请延期或说明情况`,
        verb: "扣",
        item: firstOverdue.item,
        order: 0,
      });
  }
  return { item, findings };
}

/** The monthly assessment (a preview: not finalized). */
export function scoreMonth(input: ScoreMonthInput): Assessment {
  const { month, rules } = input;
  const { lastDay, start, end } = cstMonthRange(month);
  const endMs = end.getTime();
  const register = input.accountability ?? [];
  // 取消评优评先 (七、(一)): a department loses the year's eligibility from the record on, while it stands.
  const losses = register.filter(
    (r) => r.measure === "award_loss" && r.month.slice(0, 4) === month.slice(0, 4) && inForceAt(r, endMs),
  );
  const shareH = toHundredths(rules.assistShare);

  const accumulators = new Map<string, DeptAccumulator>();
  const counts = (deptId: string): DeptAccumulator => {
    const found = accumulators.get(deptId);
    if (found) return found;
    const acc: DeptAccumulator = { handled: 0, closedOnTime: 0, overdue: 0, falseReports: [] };
    accumulators.set(deptId, acc);
    return acc;
  };
  const overdueStarts = new Map<string, number>();
  const ctx: ScoringContext = {
    month,
    year: Number(month.slice(0, 4)),
    lastDay,
    startMs: start.getTime(),
    endMs: end.getTime(),
    rules,
    counts,
    overdueStart: (deadline) => {
      let ms = overdueStarts.get(deadline);
      if (ms === undefined) overdueStarts.set(deadline, (ms = startOfCstDay(addDays(deadline, 1)).getTime()));
      return ms;
    },
  };
  const seen = new Set<string>(); // department ids found on items
  const pending: { deptId: string; finding: Finding; share: boolean; hundredths: number }[] = [];

  for (const events of input.histories) {
    const scored = scoreItem(ctx, events);
    if (!scored) continue;
    seen.add(scored.item.leadDept);
    for (const d of scored.item.assistDepts) seen.add(d);
    for (const finding of scored.findings) {
      const lead = finding.item.leadDept;
      // Lines of 0 points (a rule set to 0, a share rounding to 0) are not listed.
      if (finding.hundredths > 0)
        pending.push({ deptId: lead, finding, share: false, hundredths: finding.hundredths });
      if (shareH <= 0) continue;
      const shareOf = multiply(finding.hundredths, shareH);
      if (shareOf <= 0) continue;
      for (const assist of new Set(finding.item.assistDepts))
        if (assist !== lead) pending.push({ deptId: assist, finding, share: true, hundredths: shareOf });
    }
  }

  // Departments: the configured ones in their order, then unconfigured ids found on items or lines, by id.
  const order = new Map<string, number>();
  const names = new Map<string, string>();
  for (const d of input.departments) {
    if (order.has(d.id)) continue;
    order.set(d.id, order.size);
    names.set(d.id, d.name);
  }
  for (const p of pending) seen.add(p.deptId);
  for (const r of losses) seen.add(r.deptId);
  for (const id of accumulators.keys()) seen.add(id);
  for (const id of [...seen].filter((id) => !order.has(id)).sort()) {
    order.set(id, order.size);
    names.set(id, id);
  }

  const sortable: SortableLine[] = pending.map(({ deptId, finding, share, hundredths }) => {
    const { item } = finding;
    const leadText = `${finding.body}，${finding.verb}${formatPoints(finding.hundredths)}分`;
    const reason = share
      ? `协办部门按${rules.assistShare}分担：${finding.body}，牵头部门${finding.verb}${formatPoints(finding.hundredths)}分，本部门分担${formatPoints(hundredths)}分`
      : leadText;
    const line: AssessmentLine = {
      deptId,
      itemId: item.id,
      noticeNumber: item.noticeNumber,
      content: item.content,
      rule: finding.rule,
      points: fromHundredths(hundredths),
      reason,
      ...(share ? { share: true } : {}),
      owner: item.owner,
      leader: item.leader,
    };
    return {
      line,
      deptIndex: order.get(deptId)!,
      noticeYear: item.noticeYear ?? Number.MAX_SAFE_INTEGER,
      noticeSeq: item.noticeSeq ?? Number.MAX_SAFE_INTEGER,
      order: finding.order,
    };
  });
  sortable.sort(
    (a, b) =>
      a.deptIndex - b.deptIndex ||
      a.noticeYear - b.noticeYear ||
      a.noticeSeq - b.noticeSeq ||
      compareText(a.line.itemId, b.line.itemId) ||
      RULE_ORDER[a.line.rule] - RULE_ORDER[b.line.rule] ||
      a.order - b.order,
  );

  const pointsBy = new Map<string, number>();
  for (const p of pending) pointsBy.set(p.deptId, (pointsBy.get(p.deptId) ?? 0) + p.hundredths);
  const capH = toHundredths(rules.monthlyCap);

  const departments: DepartmentResult[] = [...order.keys()].map((deptId) => {
    const acc = accumulators.get(deptId);
    const raw = pointsBy.get(deptId) ?? 0;
    const falseReports = [...(acc?.falseReports ?? [])].sort(
      (a, b) => compareText(a.at, b.at) || compareText(a.itemId, b.itemId),
    );
    const awardLosses = losses
      .filter((r) => r.deptId === deptId)
      .map((r) => ({
        recordId: r.id,
        reason: r.reason,
        at: r.createdAt,
      }));
    return {
      deptId,
      name: names.get(deptId)!,
      handled: acc?.handled ?? 0,
      closedOnTime: acc?.closedOnTime ?? 0,
      overdue: acc?.overdue ?? 0,
      rawPoints: fromHundredths(raw),
      deduction: fromHundredths(Math.min(raw, capH)),
      capped: raw > capH,
      awardEligible: falseReports.length === 0 && awardLosses.length === 0,
      falseReports,
      awardLosses,
    };
  });

  return {
    month,
    finalized: false,
    finalizedAt: null,
    finalizedBy: null,
    rulesVersion: rules.version,
    departments,
    lines: sortable.map((s) => s.line),
    accountability: register
      .filter((r) => r.month === month && Date.parse(r.createdAt) <= endMs)
      .map((r) => (inForceAt(r, endMs) ? r : { ...r, revoked: true }))
      .sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id)),
  };
}

/** The CST year of the work a false-report flag is about (older flags: the year they were raised). */
function workYear(e: ItemEvent, t: number): number {
  const after = e.changes.falseReport?.after as { reportYear?: number | null } | null | undefined;
  return after?.reportYear ?? cstYear(t);
}

/** A 问责 record as it stood at an instant: recorded by then and not yet revoked. */
const inForceAt = (r: AccountabilityRecord, ms: number) =>
  Date.parse(r.createdAt) <= ms && !(r.revoked && r.revokedAt && Date.parse(r.revokedAt) <= ms);

/** Code-unit order, independent of the locale (so results do not depend on the machine). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
