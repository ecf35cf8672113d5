/**
 * China's official working days (法定节假日 and 调休 working weekends) from the npm package `chinese-days`, for
 * the 催办 reminders (DESIGN §4). The calendar is published year by year; past the last year the package knows,
 * working days are Monday to Friday and `calendarStatus` says so (GET /api/health shows it).
 */
// A static import, so the deployed bundle carries the calendar (37 KB) instead of looking for the package.
import calendar from "chinese-days/dist/chinese-days.json" with { type: "json" };
import { addDays } from "../domain/dates.js";

interface CalendarData {
  /** date → "English,中文,days" */
  holidays: Record<string, string>;
  /** 调休: weekend days that are working days */
  workdays: Record<string, string>;
}

const data = calendar as CalendarData;
const holidays = new Set(Object.keys(data.holidays));
const workingWeekends = new Set(Object.keys(data.workdays));

/** The last year the calendar covers (its latest holiday). */
export const CALENDAR_LAST_YEAR = Math.max(...[...holidays].map((d) => Number(d.slice(0, 4))));

/** Day of week of a "YYYY-MM-DD" date: 0 Sunday … 6 Saturday (independent of the machine's zone). */
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** Is `date` (CST "YYYY-MM-DD") a working day? Past the calendar's last year: Monday to Friday. */
export function isWorkingDay(date: string): boolean {
  if (Number(date.slice(0, 4)) <= CALENDAR_LAST_YEAR) {
    if (workingWeekends.has(date)) return true;
    if (holidays.has(date)) return false;
  }
  const d = weekday(date);
  return d !== 0 && d !== 6;
}

/** The holiday's Chinese name on `date` (国庆节, 春节…), or null. */
export function holidayName(date: string): string | null {
  const entry = data.holidays[date];
  return entry ? (entry.split(",")[1] ?? null) : null;
}

/** Working days d with from < d ≤ to (0 when to ≤ from). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

export interface CalendarStatus {
  source: "chinese-days";
  lastYear: number;
  /** false when `year` lies past the calendar: working days fall back to Monday to Friday. */
  covered: boolean;
  note: string;
}

/** Whether the calendar covers the CST year of `date`. */
export function calendarStatus(date: string): CalendarStatus {
  const year = Number(date.slice(0, 4));
  const covered = year <= CALENDAR_LAST_YEAR;
  return {
    source: "chinese-days",
    lastYear: CALENDAR_LAST_YEAR,
    covered,
    note: covered
      ? `节假日日历覆盖到 ${CALENDAR_LAST_YEAR} 年`
      : `节假日日历只覆盖到 ${CALENDAR_LAST_YEAR} 年，${year} 年暂按周一至周五为工作日计算；请升级 chinese-days`,
  };
}
