// Business dates for the pane's pickers, always in China Standard Time (DESIGN §1 Time), computed from the
// current instant and never from the machine's zone. Pure: every function takes `now`.
import { cstDate, cstMonth, cstYear, previousMonth } from "../../../../functions/src/domain/dates";

/** Today's CST date, "2026-11-30". */
export const todayCst = (now: Date): string => cstDate(now);

/** The CST month that is running at `now`, "2026-11". */
export const currentMonth = (now: Date): string => cstMonth(now);

/** The last CST month that has ended at `now`: at 2026-12-01 00:30 CST that is 2026-11, at 23:30 on 30 Nov 2026-10. */
export const lastFinishedMonth = (now: Date): string => previousMonth(cstMonth(now));

/** Whether the CST month "YYYY-MM" has ended at `now`. */
export const isFinishedMonth = (month: string, now: Date): boolean => month < cstMonth(now);

/** The finished CST months of `year` at `now`, January first ("2026-01" … up to the last finished month). */
export function finishedMonthsOf(year: number, now: Date): string[] {
  const months: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, "0")}`;
    if (isFinishedMonth(month, now)) months.push(month);
  }
  return months;
}

/** "2026-11" → "2026年11月" */
export function monthLabel(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

/** The months offered in a month picker: the running month and the `count − 1` before it, newest first. */
export function monthOptions(now: Date, count = 24): { value: string; label: string }[] {
  const running = cstMonth(now);
  const out: { value: string; label: string }[] = [];
  let month = running;
  for (let i = 0; i < count; i++) {
    out.push({
      value: month,
      label: month === running ? `${monthLabel(month)}（本月，未结束）` : monthLabel(month),
    });
    month = previousMonth(month);
  }
  return out;
}

/** This CST year and the `count − 1` before it, newest first. */
export function yearOptions(now: Date, count = 5): number[] {
  const year = cstYear(now);
  return Array.from({ length: count }, (_, i) => year - i);
}

/** 督办通报's default period: from the first day of the running CST month to today. */
export function monthSoFar(now: Date): { from: string; to: string } {
  const to = cstDate(now);
  return { from: `${to.slice(0, 7)}-01`, to };
}
