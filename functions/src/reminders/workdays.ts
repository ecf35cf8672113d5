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

/**
 * A year's 法定节假日 and 调休 working days as the 督办工作办公室 entered them from the State Council's notice
 * (PUT /api/calendar/{year}), for a year the package does not know yet.
 */
export interface OfficeCalendarYear {
  /** Days off, each with its holiday's name (元旦, 春节…). */
  holidays: { date: string; name: string }[];
  /** 调休: weekend days that are working days. */
  workdays: string[];
  updatedAt: string;
  updatedBy: string;
}

export interface CalendarStatus {
  /** Where the year's working days come from; "weekdays" when nobody knows its holidays yet. */
  source: "chinese-days" | "office" | "weekdays";
  lastYear: number;
  /** false when the year is neither in the package nor entered by the office: Monday to Friday. */
  covered: boolean;
  note: string;
}

/** The working days of the 催办 reminders: the package's calendar, then the years the office entered. */
export interface WorkCalendar {
  isWorkingDay(date: string): boolean;
  /** The holiday's Chinese name on `date` (国庆节, 春节…), or null. */
  holidayName(date: string): string | null;
  /** Working days d with from < d ≤ to (0 when to ≤ from). */
  workingDaysBetween(from: string, to: string): number;
  status(date: string): CalendarStatus;
}

/** `office`: the years the office entered (only years past the package's last year are used). */
export function workCalendar(office: ReadonlyMap<number, OfficeCalendarYear> = new Map()): WorkCalendar {
  const entered = new Map(
    [...office].map(([year, y]) => [
      year,
      { holidays: new Map(y.holidays.map((h) => [h.date, h.name])), workdays: new Set(y.workdays), y },
    ]),
  );
  const isWorkingDay = (date: string): boolean => {
    const year = Number(date.slice(0, 4));
    if (year <= CALENDAR_LAST_YEAR) {
      if (workingWeekends.has(date)) return true;
      if (holidays.has(date)) return false;
    } else {
      const y = entered.get(year);
      if (y?.workdays.has(date)) return true;
      if (y?.holidays.has(date)) return false;
    }
    const d = weekday(date);
    return d !== 0 && d !== 6;
  };
  return {
    isWorkingDay,
    holidayName(date) {
      const entry = data.holidays[date];
      if (entry) return entry.split(",")[1] ?? null;
      return entered.get(Number(date.slice(0, 4)))?.holidays.get(date) ?? null;
    },
    workingDaysBetween(from, to) {
      let n = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
      return n;
    },
    status(date) {
      const year = Number(date.slice(0, 4));
      if (year <= CALENDAR_LAST_YEAR)
        return {
          source: "chinese-days",
          lastYear: CALENDAR_LAST_YEAR,
          covered: true,
          note: `节假日日历覆盖到 ${CALENDAR_LAST_YEAR} 年`,
        };
      const y = entered.get(year)?.y;
      if (y)
        return {
          source: "office",
          lastYear: CALENDAR_LAST_YEAR,
          covered: true,
          note: `${year} 年的节假日安排由${y.updatedBy}录入（${y.holidays.length} 个放假日，${y.workdays.length} 个调休上班日）`,
        };
      return {
        source: "weekdays",
        lastYear: CALENDAR_LAST_YEAR,
        covered: false,
        note:
          `节假日日历只覆盖到 ${CALENDAR_LAST_YEAR} 年，${year} 年暂按周一至周五为工作日计算；` +
          `国务院公布 ${year} 年放假安排后，请在「文书 › 催办 › 节假日安排」中录入（或升级 chinese-days）`,
      };
    },
  };
}

/** The package's calendar alone (years past it: Monday to Friday). */
const packageOnly = workCalendar();

/** Is `date` (CST "YYYY-MM-DD") a working day? Past the calendar's last year: Monday to Friday. */
export const isWorkingDay = (date: string): boolean => packageOnly.isWorkingDay(date);

/** The holiday's Chinese name on `date` (国庆节, 春节…), or null. */
export const holidayName = (date: string): string | null => packageOnly.holidayName(date);

/** Working days d with from < d ≤ to (0 when to ≤ from). */
export const workingDaysBetween = (from: string, to: string): number =>
  packageOnly.workingDaysBetween(from, to);

/** Whether the package's calendar covers the CST year of `date`. */
export const calendarStatus = (date: string): CalendarStatus => packageOnly.status(date);

/** Day of week of a "YYYY-MM-DD" date: 0 Sunday … 6 Saturday. */
export const weekdayOf = weekday;

/** The package's holidays (with their Chinese names) and 调休 working days of `year`, in date order. */
export function packageYear(year: number): {
  holidays: { date: string; name: string }[];
  workdays: string[];
} {
  const prefix = `${year}-`;
  return {
    holidays: Object.entries(data.holidays)
      .filter(([date]) => date.startsWith(prefix))
      .map(([date, entry]) => ({ date, name: entry.split(",")[1] ?? "" }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    workdays: [...workingWeekends].filter((d) => d.startsWith(prefix)).sort(),
  };
}
