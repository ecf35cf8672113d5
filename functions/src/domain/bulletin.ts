/**
 * 督办通报 (policy 六(三)): the figures of a period — totals by status at the period's end, per department
 * 承办数 / 按期办结 / 逾期办结 / 逾期未办结 / 按期率, the items to criticise (通报批评: overdue and not
 * rectified at the end), and the 特急 / 特别重大 items. Replays events up to the period's last CST instant.
 */
import { endOfCstDay, formatChineseDate, overdueDays, startOfCstDay } from "./dates.js";
import { applyEvent } from "./lifecycle.js";
import {
  type Department,
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
  /** 上报内容严重失实 flags raised in the period (they remove the department's award eligibility for the year). */
  falseReports: { deptId: string; itemId: string; content: string; reason: string; at: string }[];
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
  };
}

export function buildBulletin(input: {
  from: string;
  to: string;
  histories: readonly (readonly ItemEvent[])[];
  departments: readonly Department[];
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
    if (item.urgency !== "normal" && (openInPeriod || closedInPeriod)) urgentItems.push(e);
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
    urgentItems: urgentItems.sort((a, b) =>
      a.urgency === b.urgency ? a.itemId.localeCompare(b.itemId) : a.urgency === "critical" ? -1 : 1,
    ),
    falseReports,
  };
}

/** A one-line title for the period, e.g. 2026年1月1日至2026年11月30日. */
export const periodTitle = (from: string, to: string) =>
  `${formatChineseDate(from)}至${formatChineseDate(to)}`;
