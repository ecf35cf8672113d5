/**
 * The 催办 outbox (DESIGN §4): `GET /api/reminders?date=` (office, leader) lists a day's reminders with their
 * states; `POST /api/reminders/{date}/{deptId}/{kind}/resend` (office) sends a failed or unconfigured one again
 * now (the pane's 重新发送), whatever its number of automatic attempts.
 */
import { cstDate } from "../domain/dates.js";
import { dateString, validate } from "../domain/validation.js";
import { requireRole } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { ApiError, badRequest, conflict, notFound } from "../http/problem.js";
import { workCalendarFor } from "../http/workCalendar.js";
import { REMINDER_KINDS, type Reminder, type ReminderKind } from "../storage/reminders-repo.js";
import { deliver } from "./urge-timer.js";

/** A reminder as the API answers it. */
export function reminderView(r: Reminder) {
  return {
    date: r.date,
    deptId: r.deptId,
    deptName: r.deptName,
    kind: r.kind,
    itemIds: r.itemIds,
    itemCount: r.itemCount,
    to: r.to,
    cc: r.cc,
    state: r.state,
    attempts: r.attempts,
    lastError: r.lastError,
    sentAt: r.sentAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function dateParam(value: string | null | undefined, fallback: string, path = "date"): string {
  const date = value ?? fallback;
  if (!validate(dateString, date).ok)
    throw badRequest([{ path, message: "日期应为有效日期，格式 YYYY-MM-DD" }]);
  return date;
}

/** GET /api/reminders?date= — the day's outbox (default: today, CST), by department and kind. */
export async function listReminders(call: Call) {
  requireRole(call.principal, ["office", "leader"], "查看催办提醒");
  const date = dateParam(call.query.get("date"), cstDate(call.now));
  const order = (r: Reminder) => `${r.deptId}\n${REMINDER_KINDS.indexOf(r.kind)}`;
  const rows = (await call.deps.reminders.forDate(date)).sort((a, b) => order(a).localeCompare(order(b)));
  return {
    body: {
      date,
      transport: call.deps.sender?.transport ?? null,
      calendar: (await workCalendarFor(call.deps, [Number(date.slice(0, 4))])).status(date),
      items: rows.map(reminderView),
      continuationToken: null,
    },
  };
}

/** POST /api/reminders/{date}/{deptId}/{kind}/resend — send a reminder that is not `sent` again, now. */
export async function resendReminder(call: Call) {
  requireRole(call.principal, ["office"], "重新发送催办提醒");
  const date = dateParam(call.params.date, "", "date");
  const kind = call.params.kind as ReminderKind;
  if (!REMINDER_KINDS.includes(kind))
    throw badRequest([{ path: "kind", message: "提醒类别应为 due_soon 或 overdue" }]);
  const stored = await call.deps.reminders.get(date, call.params.deptId ?? "", kind);
  if (!stored) throw notFound("没有这份催办提醒");
  if (stored.reminder.state === "sent") throw conflict("这份提醒已发送，不再重复发送");
  const { reminder } = await deliver(call.deps, stored, { force: true });
  if (reminder.state === "pending")
    throw new ApiError(409, "reminder_busy", "这份提醒正在由另一次运行发送，请稍后刷新查看");
  return { body: reminderView(reminder) };
}

export const listRemindersRoute = register({
  name: "listReminders",
  methods: ["GET"],
  route: "reminders",
  handler: listReminders,
});

export const resendReminderRoute = register({
  name: "resendReminder",
  methods: ["POST"],
  route: "reminders/{date}/{deptId}/{kind}/resend",
  handler: resendReminder,
});

export const routes = [listRemindersRoute, resendReminderRoute];
