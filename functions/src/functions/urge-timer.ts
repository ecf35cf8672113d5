import type { InvocationContext, Timer } from "@azure/functions";
import { cstDate } from "../domain/dates.js";
import { decide } from "../domain/lifecycle.js";
import type { Principal } from "../domain/types.js";
import { overdueDaysOf } from "../domain/view.js";
import { type Deps, defaultDeps } from "../deps.js";
import { IN_FUNCTIONS_HOST } from "../http/endpoint.js";
import { ApiError } from "../http/problem.js";
import type { Reminder } from "../storage/reminders-repo.js";

/** The timer acts as the office, under a name the history shows as automatic. */
export const SYSTEM_PRINCIPAL: Principal = { id: "system", name: "系统自动催办", roles: ["office"] };

/** 08:00 CST is 00:00 UTC (NCRONTAB: second minute hour day month weekday, in UTC on Azure). */
export const URGE_SCHEDULE = "0 0 0 * * *";

export interface UrgeResult {
  date: string;
  urged: number;
  skipped: number;
  reminders: number;
}

/**
 * 自动催办: record an urge event on every overdue item (at most one automatic urge per item and CST day) and
 * one reminder per lead department, handed to the configured sender.
 */
export async function runDailyUrge(deps: Deps, log: (message: string) => void): Promise<UrgeResult> {
  const now = deps.now();
  const today = cstDate(now);
  await deps.tables.ensureTables();
  const byDept = new Map<string, Reminder["items"]>();
  let urged = 0;
  let skipped = 0;
  let token: string | undefined;
  do {
    const page = await deps.items.list({ overdueOn: today }, token, 500);
    for (const stored of page.items) {
      const { item } = stored;
      const days = overdueDaysOf(item, today);
      const list = byDept.get(item.leadDept) ?? [];
      list.push({
        itemId: item.id,
        noticeNumber: item.noticeNumber,
        content: item.content,
        effectiveDeadline: item.effectiveDeadline,
        overdueDays: days,
      });
      byDept.set(item.leadDept, list);
      const events = await deps.items.allEvents(item.id);
      if (
        events.some((e) => e.kind === "urge" && e.actorId === SYSTEM_PRINCIPAL.id && cstDate(e.at) === today)
      ) {
        skipped++;
        continue;
      }
      const decision = decide(
        item,
        "urge",
        { note: `系统自动催办：已超期 ${days} 天` },
        { principal: SYSTEM_PRINCIPAL, at: now.toISOString() },
      );
      if (!decision.ok) continue;
      try {
        await deps.items.commit(decision.item, decision.event, stored.etag);
        urged++;
      } catch (e) {
        // Someone changed the item meanwhile: tomorrow's run urges it if it is still overdue.
        if (e instanceof ApiError && e.status === 412) skipped++;
        else throw e;
      }
    }
    token = page.continuationToken ?? undefined;
  } while (token);

  const { value: departments } = await deps.reference.getDepartments();
  let reminders = 0;
  for (const [deptId, items] of byDept) {
    const reminder: Reminder = {
      date: today,
      deptId,
      deptName: departments.find((d) => d.id === deptId)?.name ?? deptId,
      items,
      createdAt: now.toISOString(),
    };
    // Send first, then record: a failed send is retried by the next run instead of being marked done.
    if ((await deps.reminders.forDate(today)).some((r) => r.deptId === deptId)) continue;
    await deps.sender.send(reminder, log);
    if (await deps.reminders.add(reminder)) reminders++;
  }
  log(`自动催办 ${today}: 催办 ${urged} 项，跳过 ${skipped} 项，提醒 ${reminders} 个部门`);
  return { date: today, urged, skipped, reminders };
}

export async function dailyUrge(_timer: Timer, context: InvocationContext): Promise<void> {
  await runDailyUrge(defaultDeps(), (m) => context.log(m));
}

if (IN_FUNCTIONS_HOST) {
  const { app } = await import("@azure/functions");
  app.timer("dailyUrge", { schedule: URGE_SCHEDULE, handler: dailyUrge });
}
