import type { Deps } from "../deps.js";
import { cstDate } from "../domain/dates.js";
import { type Call, register } from "../http/endpoint.js";
import { workCalendarFor } from "../http/workCalendar.js";
import { calendarStatus, type CalendarStatus } from "../reminders/workdays.js";

interface StorageCheck {
  reachable: boolean;
  latencyMs: number;
  checkedAt: string;
  error?: string;
}

/** How long one storage check answers every health call: anonymous load costs at most one round trip per period. */
const CHECK_TTL_MS = 2_000;
const checks = new WeakMap<Deps, { until: number; check: Promise<StorageCheck> }>();

/** One round trip that proves the service answers; it touches no cache that other requests rely on. */
async function checkStorage(deps: Deps): Promise<StorageCheck> {
  const started = Date.now();
  const checkedAt = new Date(started).toISOString();
  try {
    await deps.tables.ping();
    return { reachable: true, latencyMs: Date.now() - started, checkedAt };
  } catch {
    return { reachable: false, latencyMs: Date.now() - started, checkedAt, error: "存储服务无法连接" };
  }
}

function sharedCheck(deps: Deps): Promise<StorageCheck> {
  const kept = checks.get(deps);
  if (kept && kept.until > Date.now()) return kept.check;
  const check = checkStorage(deps);
  checks.set(deps, { until: Date.now() + CHECK_TTL_MS, check });
  return check;
}

/**
 * GET /api/health — liveness and whether Table Storage answers. Always 200 while the app runs; `status` says the
 * rest. Anonymous and cheap: concurrent and repeated calls share one storage check for two seconds.
 */
export async function health(call: Call) {
  const storage = await sharedCheck(call.deps);
  const today = cstDate(call.now);
  return {
    body: {
      status: storage.reachable ? "ok" : "degraded",
      storage,
      time: call.now.toISOString(),
      devMode: call.deps.config.devMode,
      version: call.deps.config.version,
      // 催办 working days: past the holiday calendar's last year, the year the office entered, else Monday–Friday
      // (DESIGN §4). Storage that cannot be read leaves the package's answer.
      calendar: storage.reachable ? await enteredStatus(call, today) : calendarStatus(today),
    },
  };
}

async function enteredStatus(call: Call, today: string): Promise<CalendarStatus> {
  try {
    return (await workCalendarFor(call.deps, [Number(today.slice(0, 4))])).status(today);
  } catch {
    return calendarStatus(today);
  }
}

export default register({
  name: "health",
  methods: ["GET"],
  route: "health",
  anonymous: true,
  handler: health,
});
