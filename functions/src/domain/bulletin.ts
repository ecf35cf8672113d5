/**
 * 督办通报 (policy 六(三)): the figures of a period — totals by status at the period's end, per department
 * 承办数 / 按期办结 / 逾期办结 / 逾期未办结 / 按期率, the items to criticise (通报批评: overdue and not
 * rectified at the end), and the 特急 / 特别重大 items. Replays events up to the period's last CST instant.
 */
import { endOfCstDay, formatChineseDate, overdueDays, startOfCstDay } from "./dates.js";
import { applyEvent } from "./lifecycle.js";
import {
  type AccountabilityRecord,
  type Department,
  MEASURE_LABELS,
  type Mode,
  type Item,
  type ItemEvent,
  OPEN_STATUSES,
  RUNNING_STATUSES,
  type Status,
  STATUSES,
  type Urgency,
} from "./types.js";

export interface BulletinItem {
  itemId: string;
  noticeNumber: string | null;
  content: string;
  leadDept: string;
  urgency: Urgency;
  status: Status;
  effectiveDeadline: string | null;
  overdueDays: number;
  rectification: boolean;
  latestProgress: string | null;
  /** 督办要求, 督办方式 and 督办组, so a 通报 shows them without reading each item. */
  requirements: string;
  mode: Mode;
  supervisionGroup: string[];
}

export interface BulletinDepartment {
  deptId: string;
  name: string;
  handled: number; // 承办数: led and open at some moment of the period
  closed: number; // 期内办结
  closedOnTime: number; // 按期办结: report on or before the deadline then in force
  closedLate: number;
  overdue: number; // 逾期未办结 at the period's end
  /** 按期率 = 按期办结 ÷ (期内办结 + 期末逾期未办结); null when there is nothing to rate. */
  onTimeRate: number | null;
}

export interface Bulletin {
  from: string;
  to: string;
  totals: Record<Status, number> & { total: number };
  departments: BulletinDepartment[];
  onTimeRate: number | null;
  overdueItems: BulletinItem[];
  /** 通报批评: overdue at the end and not rectified (including returned items past their rectification deadline). */
  criticized: BulletinItem[];
  /** 特急、特别重大 items open at some moment of the period or closed in it. */
  urgentItems: BulletinItem[];
  /** 上报内容严重失实 flags raised in the period (the serious ones remove the department's award eligibility). */
  falseReports: {
    deptId: string;
    itemId: string;
    content: string;
    reason: string;
    at: string;
    seriousConsequence: boolean;
  }[];
  /** 现场督办 held in the period (四、(三)). */
  siteVisits: BulletinSiteVisit[];
  /** 问责 records made in the period (七、(一)), revoked ones marked. */
  accountability: (AccountabilityRecord & { measureLabel: string })[];
  /** Year-end only (?year=): each department's 评优评先 eligibility for the year, with the reasons it was lost. */
  awardEligibility?: AwardEligibility[];
}

export interface BulletinSiteVisit {
  itemId: string;
  noticeNumber: string | null;
  content: string;
  leadDept: string;
  date: string;
  place: string;
  participants: string;
  findings: string;
  followUp: string | null;
}

export interface AwardEligibility {
  deptId: string;
  name: string;
  eligible: boolean;
  /** Why it was lost, one sentence each (a serious false report about the year's work, a 取消评优评先 record). */
  reasons: string[];
}

const OPEN = new Set<Status>(OPEN_STATUSES);
const RUNNING = new Set<Status>(RUNNING_STATUSES);
const rate = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 10000) / 10000);

function entry(item: Item, to: string): BulletinItem {
  const running = RUNNING.has(item.status);
  return {
    itemId: item.id,
    noticeNumber: item.noticeNumber,
    content: item.content,
    leadDept: item.leadDept,
    urgency: item.urgency,
    status: item.status,
    effectiveDeadline: item.effectiveDeadline,
    overdueDays: running ? overdueDays(item.effectiveDeadline, to) : 0,
    rectification: item.deadlineKind === "rectification",
    latestProgress: item.latestProgress,
    requirements: item.requirements,
    mode: item.mode,
    supervisionGroup: item.supervisionGroup ?? [],
  };
}

export function buildBulletin(input: {
  from: string;
  to: string;
  histories: readonly (readonly ItemEvent[])[];
  departments: readonly Department[];
  accountability?: readonly AccountabilityRecord[];
}): Bulletin {
  const start = startOfCstDay(input.from).getTime();
  const end = endOfCstDay(input.to).getTime();
  const totals = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  let total = 0;
  const depts = new Map<string, BulletinDepartment>();
  const dept = (id: string) => {
    let d = depts.get(id);
    if (!d) {
      const name = input.departments.find((x) => x.id === id)?.name ?? id;
      d = {
        deptId: id,
        name,
        handled: 0,
        closed: 0,
        closedOnTime: 0,
        closedLate: 0,
        overdue: 0,
        onTimeRate: null,
      };
      depts.set(id, d);
    }
    return d;
  };
  input.departments.forEach((d) => dept(d.id));
  const overdueItems: BulletinItem[] = [];
  const urgentItems: BulletinItem[] = [];
  const falseReports: Bulletin["falseReports"] = [];
  const siteVisits: BulletinSiteVisit[] = [];

  for (const events of input.histories) {
    let item: Item | null = null;
    let openInPeriod = false;
    let closedInPeriod: "on_time" | "late" | null = null;
    let reportOnTime = false;
    for (const e of events) {
      const t = Date.parse(e.at);
      if (t > end) break;
      if (t >= start && item && OPEN.has(item.status)) openInPeriod = true; // open when the period began or entered later
      const next: Item = applyEvent(item, e);
      if (e.kind === "report") {
        const deadline = item?.effectiveDeadline ?? null;
        reportOnTime = !deadline || endOfCstDay(deadline).getTime() >= t;
      }
      if (t >= start) {
        if (OPEN.has(next.status)) openInPeriod = true;
        if (e.kind === "close") closedInPeriod = reportOnTime ? "on_time" : "late";
        if (e.kind === "flag_false_report")
          falseReports.push({
            deptId: next.leadDept,
            itemId: next.id,
            content: next.content,
            reason: String((e.payload as { reason?: string }).reason ?? ""),
            at: e.at,
            seriousConsequence: e.payload.seriousConsequence !== false,
          });
      }
      item = next;
    }
    if (!item) continue;
    if (OPEN.has(item.status)) openInPeriod = true;
    totals[item.status]++;
    total++;
    const d = dept(item.leadDept);
    if (openInPeriod || closedInPeriod) d.handled++;
    if (closedInPeriod) {
      d.closed++;
      if (closedInPeriod === "on_time") d.closedOnTime++;
      else d.closedLate++;
    }
    const e = entry(item, input.to);
    if (e.overdueDays > 0) {
      d.overdue++;
      overdueItems.push(e);
    }
    // 六、(三) 专项、特急或特别重大: special items are reported at once too.
    if ((item.urgency !== "normal" || item.source === "special") && (openInPeriod || closedInPeriod))
      urgentItems.push(e);
    for (const v of item.siteVisits ?? [])
      if (v.date >= input.from && v.date <= input.to)
        siteVisits.push({
          itemId: item.id,
          noticeNumber: item.noticeNumber,
          content: item.content,
          leadDept: item.leadDept,
          date: v.date,
          place: v.place,
          participants: v.participants,
          findings: v.findings,
          followUp: v.followUp,
        });
  }
  const departments = [...depts.values()].map((d) => ({
    ...d,
    onTimeRate: rate(d.closedOnTime, d.closed + d.overdue),
  }));
  const sum = (k: "closedOnTime" | "closed" | "overdue") => departments.reduce((a, d) => a + d[k], 0);
  const byOverdue = (a: BulletinItem, b: BulletinItem) =>
    b.overdueDays - a.overdueDays || a.itemId.localeCompare(b.itemId);
  overdueItems.sort(byOverdue);
  return {
    from: input.from,
    to: input.to,
    totals: { ...totals, total },
    departments,
    onTimeRate: rate(sum("closedOnTime"), sum("closed") + sum("overdue")),
    overdueItems,
    criticized: [...overdueItems],
    urgentItems: urgentItems.sort(
      (a, b) => URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || a.itemId.localeCompare(b.itemId),
    ),
    falseReports,
    siteVisits: siteVisits.sort((a, b) => a.date.localeCompare(b.date) || a.itemId.localeCompare(b.itemId)),
    accountability: (input.accountability ?? [])
      .filter((r) => {
        const t = Date.parse(r.createdAt);
        return t >= start && t <= end;
      })
      .map((r) => ({ ...r, measureLabel: MEASURE_LABELS[r.measure] }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
  };
}

const URGENCY_RANK: Record<Urgency, number> = { critical: 0, urgent: 1, normal: 2 };

/**
 * 评优评先 for a year (七、(一)(二)), as it stands now: lost by a 严重失实且造成较大后果 flag on a report of that
 * year's work (even when flagged the next January), or by a 取消评优评先 record of that year not revoked.
 */
export function awardEligibility(input: {
  year: number;
  histories: readonly (readonly ItemEvent[])[];
  departments: readonly Department[];
  accountability: readonly AccountabilityRecord[];
}): AwardEligibility[] {
  const reasons = new Map<string, string[]>();
  const add = (deptId: string, text: string) => reasons.set(deptId, [...(reasons.get(deptId) ?? []), text]);
  for (const events of input.histories) {
    let item: Item | null = null;
    for (const e of events) {
      item = applyEvent(item, e);
      if (e.kind !== "flag_false_report" || e.payload.seriousConsequence === false) continue;
      const after = e.changes.falseReport?.after as { reportYear?: number | null } | null | undefined;
      const workYear = after?.reportYear ?? Number(e.at.slice(0, 4));
      if (workYear === input.year)
        add(
          item.leadDept,
          `「${item.content}」上报内容严重失实且造成较大后果（${String(e.payload.reason ?? "")}）`,
        );
    }
  }
  for (const r of input.accountability)
    if (r.measure === "award_loss" && !r.revoked && Number(r.month.slice(0, 4)) === input.year)
      add(r.deptId, `问责：取消评优评先（${r.person}，${r.reason}）`);
  const ids = [
    ...input.departments.map((d) => d.id),
    ...[...reasons.keys()].filter((id) => !input.departments.some((d) => d.id === id)).sort(),
  ];
  return ids.map((deptId) => ({
    deptId,
    name: input.departments.find((d) => d.id === deptId)?.name ?? deptId,
    eligible: !reasons.has(deptId),
    reasons: reasons.get(deptId) ?? [],
  }));
}

/** A one-line title for the period, e.g. 2026年1月1日至2026年11月30日. */
export const periodTitle = (from: string, to: string) =>
  `${formatChineseDate(from)}至${formatChineseDate(to)}`;
