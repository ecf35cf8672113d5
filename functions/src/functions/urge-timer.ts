import type { InvocationContext, Timer } from "@azure/functions";
import { cstDate, daysBetween } from "../domain/dates.js";
import { decide } from "../domain/lifecycle.js";
import type { Department, Item, Principal, Settings } from "../domain/types.js";
import { overdueDaysOf } from "../domain/view.js";
import { type Deps, defaultDeps } from "../deps.js";
import { functionsApi, IN_FUNCTIONS_HOST } from "../http/endpoint.js";
import { ApiError } from "../http/problem.js";
import { ATTR, failSpan, traced } from "../telemetry.js";
import { reminderMail } from "../reminders/mail.js";
import { redactUrl } from "../reminders/senders.js";
import { workCalendarFor } from "../http/workCalendar.js";
import {
  boundLines,
  errorText,
  MAX_ATTEMPTS,
  type Reminder,
  type ReminderKind,
  type ReminderLine,
  type StoredReminder,
} from "../storage/reminders-repo.js";

/** The timer acts as the office, under a name the history shows as automatic. */
export const SYSTEM_PRINCIPAL: Principal = { id: "system", name: "系统自动催办", roles: ["office"] };

/** 08:00 CST is 00:00 UTC (NCRONTAB: second minute hour day month weekday, in UTC on Azure). */
export const URGE_SCHEDULE = "0 0 0 * * *";

/** A run that took a row to send it within this time is still sending: others leave the row alone. */
const CLAIM_MS = 10 * 60_000;

export interface UrgeResult {
  date: string;
  /** false on a non-working day with remindOnWorkingDaysOnly: nothing urged, nothing sent. */
  workingDay: boolean;
  urged: number;
  skipped: number;
  /** Outbox rows written by this run (one per department and kind with items). */
  reminders: number;
  /** Mails delivered by this run. */
  sent: number;
  /** Reminders this run could not deliver (left `failed`, retried by the next run). */
  failed: number;
  /** Reminders recorded without a configured transport. */
  notConfigured: number;
  /** Departments or items the run could not handle (storage errors); the others were handled. */
  errors: string[];
}

const RUNNING = ["notified", "in_progress", "extension_requested"] as const;

/** The line an item makes in a reminder. */
function lineOf(item: Item, days: number): ReminderLine {
  return {
    itemId: item.id,
    noticeNumber: item.noticeNumber,
    content: item.content,
    deadline: item.effectiveDeadline,
    days,
    latestProgress: item.latestProgress,
  };
}

const recipientsOf = (dept: Department | undefined) => ({
  to: dept?.email ? [dept.email] : [],
  cc: (dept?.ccEmails ?? []).filter((a) => a && a !== dept?.email),
});

/**
 * Send one outbox row if it is due: not sent yet, fewer than MAX_ATTEMPTS automatic tries (unless `force`, the
 * office's 重新发送), not being sent by another run. The row is taken first (ETag), then sent, then marked
 * `sent` or `failed` with the reason. Answers the row as it was left.
 */
export async function deliver(
  deps: Deps,
  stored: StoredReminder,
  options: { force?: boolean; departments?: Department[]; settings?: Settings } = {},
): Promise<{ reminder: Reminder; outcome: "sent" | "failed" | "not_configured" | "unchanged" }> {
  let { reminder, etag } = stored;
  if (reminder.state === "sent") return { reminder, outcome: "unchanged" };
  const now = deps.now().toISOString();
  const departments = options.departments ?? (await deps.reference.getDepartments()).value;
  const settings = options.settings ?? (await deps.reference.getSettings()).value;
  const dept = departments.find((d) => d.id === reminder.deptId);
  const { to, cc } = recipientsOf(dept);
  const save = async (next: Reminder) => {
    const tag = await deps.reminders.update(next, etag);
    if (tag === null) return false;
    etag = tag;
    reminder = next;
    return true;
  };

  if (!deps.sender) {
    if (reminder.state !== "not_configured")
      await save({
        ...reminder,
        to,
        cc,
        state: "not_configured",
        lastError: "未配置发信方式（MAIL_SMTP_URL 或 MAIL_GRAPH_SENDER）",
        updatedAt: now,
      });
    return { reminder, outcome: "not_configured" };
  }
  if (to.length === 0) {
    const lastError = `部门「${reminder.deptName}」未设置邮箱，无法发送`;
    if (reminder.state !== "failed" || reminder.lastError !== lastError)
      await save({ ...reminder, to, cc, state: "failed", lastError, updatedAt: now });
    return { reminder, outcome: "failed" };
  }
  if (!options.force && reminder.attempts >= MAX_ATTEMPTS) return { reminder, outcome: "unchanged" };
  if (
    reminder.state === "pending" &&
    reminder.claimedAt &&
    Date.parse(now) - Date.parse(reminder.claimedAt) < CLAIM_MS
  )
    return { reminder, outcome: "unchanged" };

  // Take the row: a run that lost the race leaves it to the one that won.
  const claimed = await save({
    ...reminder,
    to,
    cc,
    state: "pending",
    attempts: reminder.attempts + 1,
    claimedAt: now,
    updatedAt: now,
  });
  if (!claimed) return { reminder, outcome: "unchanged" };
  try {
    await deps.sender.send(reminderMail(reminder, settings.companyName, to, cc));
  } catch (e) {
    const message = redactUrl(e instanceof Error ? e.message : String(e));
    await save({
      ...reminder,
      state: "failed",
      lastError: errorText(`${deps.sender.transport} 发送失败：${message}`),
      claimedAt: null,
      updatedAt: deps.now().toISOString(),
    });
    return { reminder, outcome: "failed" };
  }
  const sentAt = deps.now().toISOString();
  await save({ ...reminder, state: "sent", lastError: null, sentAt, claimedAt: null, updatedAt: sentAt });
  return { reminder, outcome: "sent" };
}

/**
 * 自动催办, daily at 08:00 CST: on a working day (or every day when remindOnWorkingDaysOnly is off) record an urge
 * event on every overdue item (at most one automatic urge per item and CST day), then write the day's outbox — per
 * lead department at most one `overdue` and one `due_soon` reminder (items due within remindBeforeDays working
 * days) — and send every row not yet sent. One department's or item's failure never stops the others.
 */
export async function runDailyUrge(deps: Deps, log: (message: string) => void): Promise<UrgeResult> {
  const now = deps.now();
  const today = cstDate(now);
  await deps.tables.ensureTables();
  // This year and the next: a deadline a few working days ahead may lie past New Year.
  const year = Number(today.slice(0, 4));
  const calendar = await workCalendarFor(deps, [year, year + 1]);
  const result: UrgeResult = {
    date: today,
    workingDay: calendar.isWorkingDay(today),
    urged: 0,
    skipped: 0,
    reminders: 0,
    sent: 0,
    failed: 0,
    notConfigured: 0,
    errors: [],
  };
  const [{ value: settings }, { value: departments }] = await Promise.all([
    deps.reference.getSettings(),
    deps.reference.getDepartments(),
  ]);
  const beforeDays = settings.remindBeforeDays ?? 3;
  if ((settings.remindOnWorkingDaysOnly ?? true) && !result.workingDay) {
    const name = calendar.holidayName(today);
    log(`自动催办 ${today}: ${name ? `${name}假期` : "休息日"}，不催办、不发提醒`);
    return result;
  }

  const lines = new Map<string, ReminderLine[]>(); // `${deptId}\n${kind}`
  const add = (deptId: string, kind: ReminderKind, line: ReminderLine) => {
    const key = `${deptId}\n${kind}`;
    lines.set(key, [...(lines.get(key) ?? []), line]);
  };
  for (const status of RUNNING) {
    let token: string | undefined;
    do {
      const page = await deps.items.list({ status }, token, 500);
      for (const stored of page.items) {
        const { item } = stored;
        const deadline = item.effectiveDeadline;
        if (!deadline) continue;
        const overdue = overdueDaysOf(item, today);
        if (overdue <= 0) {
          if (
            beforeDays > 0 &&
            deadline >= today &&
            calendar.workingDaysBetween(today, deadline) <= beforeDays
          )
            add(item.leadDept, "due_soon", lineOf(item, daysBetween(today, deadline)));
          continue;
        }
        add(item.leadDept, "overdue", lineOf(item, overdue));
        try {
          await urge(deps, stored, overdue, now, today, result);
        } catch (e) {
          result.errors.push(`${item.id}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      token = page.continuationToken ?? undefined;
    } while (token);
  }

  // The outbox first: every (department, kind) has its row before any mail leaves.
  for (const [key, list] of lines) {
    const [deptId, kind] = key.split("\n") as [string, ReminderKind];
    list.sort(
      (a, b) => (a.deadline ?? "").localeCompare(b.deadline ?? "") || a.itemId.localeCompare(b.itemId),
    );
    const dept = departments.find((d) => d.id === deptId);
    const reminder: Reminder = {
      date: today,
      deptId,
      deptName: dept?.name ?? deptId,
      kind,
      ...boundLines(list),
      ...recipientsOf(dept),
      state: "pending",
      attempts: 0,
      lastError: null,
      sentAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      claimedAt: null,
    };
    try {
      if ((await deps.reminders.ensure(reminder)).created) result.reminders++;
    } catch (e) {
      result.errors.push(`${deptId} ${kind}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // Then every row of the day not yet sent: today's new ones and those an earlier run could not deliver.
  let rows: StoredReminder[] = [];
  try {
    rows = await deps.reminders.storedForDate(today);
  } catch (e) {
    result.errors.push(`outbox: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const row of rows) {
    try {
      const { outcome } = await deliver(deps, row, { departments, settings });
      if (outcome === "sent") result.sent++;
      else if (outcome === "failed") result.failed++;
      else if (outcome === "not_configured") result.notConfigured++;
    } catch (e) {
      result.failed++;
      result.errors.push(
        `${row.reminder.deptId} ${row.reminder.kind}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  log(
    `自动催办 ${today}: 催办 ${result.urged} 项，跳过 ${result.skipped} 项；提醒 ${result.reminders} 份，` +
      `发送 ${result.sent}，失败 ${result.failed}，未配置 ${result.notConfigured}` +
      (result.errors.length
        ? `；出错 ${result.errors.length} 处：${result.errors.slice(0, 5).join("；")}`
        : ""),
  );
  return result;
}

/** Record the day's automatic urge on an overdue item, once per CST day. */
async function urge(
  deps: Deps,
  stored: { item: Item; etag: string },
  days: number,
  now: Date,
  today: string,
  result: UrgeResult,
) {
  const { item } = stored;
  const events = await deps.items.allEvents(item.id);
  if (events.some((e) => e.kind === "urge" && e.actorId === SYSTEM_PRINCIPAL.id && cstDate(e.at) === today)) {
    result.skipped++;
    return;
  }
  const decision = decide(
    item,
    "urge",
    { note: `系统自动催办：已超期 ${days} 天` },
    { principal: SYSTEM_PRINCIPAL, at: now.toISOString() },
  );
  if (!decision.ok) return;
  try {
    await deps.items.commit(decision.item, decision.event, stored.etag);
    result.urged++;
  } catch (e) {
    // Someone changed the item meanwhile: tomorrow's run urges it if it is still overdue.
    if (e instanceof ApiError && e.status === 412) result.skipped++;
    else throw e;
  }
}

export async function dailyUrge(_timer: Timer, context: InvocationContext): Promise<void> {
  // With telemetry on, each run is a request of its own in Application Insights: counts only, no names.
  await traced(
    "server",
    "dailyUrge",
    { [ATTR.job]: "dailyUrge" },
    async (span) => {
      const result = await runDailyUrge(defaultDeps(), (m) => context.log(m));
      span?.setAttributes({
        "duban.urge.date": result.date,
        "duban.urge.urged": result.urged,
        "duban.urge.reminders": result.reminders,
        "duban.urge.sent": result.sent,
        "duban.urge.failed": result.failed,
        "duban.urge.errors": result.errors.length,
      });
      if (result.errors.length > 0) failSpan(span);
    },
    context.traceContext,
  );
}

/**
 * Registered as `urgeTimer`, the name DESIGN §3 gives: on Azure, `POST /admin/functions/urgeTimer` with
 * `{"input":""}` (the host's convention for running a non-HTTP function now) reaches this timer by that name.
 */
export const URGE_FUNCTION_NAME = "urgeTimer";

if (IN_FUNCTIONS_HOST)
  functionsApi?.app.timer(URGE_FUNCTION_NAME, { schedule: URGE_SCHEDULE, handler: dailyUrge });
