// 节假日安排: a year's 法定节假日 and 调休上班日 for the 催办 reminders (GET/PUT /api/calendar/{year}), read as
// ranges and edited as lines of text — one holiday or range a line, one 调休上班日 a line — checked line by line
// before anything is sent, and the server's field errors ("holidays.5.date") led back to the line they came from.
// No React here.
import { addDays, cstYear, isValidDate } from "../../../../functions/src/domain/dates";
import { ApiError, type CalendarYear, type FieldError, type Tagged } from "../../api/client";
import { formatCst } from "../common/format";
import type { PaneDeps } from "../common/deps";
import type { PaneError } from "../common/errors";

/** What PUT /api/calendar/{year} accepts (calendarYearSchema). */
export const CALENDAR_LIMITS = { holidays: 80, workdays: 30, name: 20 } as const;

export type CalendarBody = Pick<CalendarYear, "holidays" | "workdays">;

/** The years a clerk looks after: this CST year and the next (the State Council publishes each November). */
export function calendarYears(now: Date): number[] {
  const year = cstYear(now);
  return [year, year + 1];
}

export const yearLabel = (year: number, now: Date): string =>
  year === cstYear(now)
    ? `${year} 年（今年）`
    : year === cstYear(now) + 1
      ? `${year} 年（明年）`
      : `${year} 年`;

// ---------------------------------------------------------------- reading

const WEEKDAYS = "日一二三四五六";
/** 0 Sunday … 6 Saturday of a "YYYY-MM-DD" date, whatever the machine's zone. */
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
export const weekdayLabel = (date: string): string => `周${WEEKDAYS[weekday(date)]}`;

/** "2027-02-06" → "2月6日" */
export const shortDate = (date: string): string =>
  `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** A holiday's consecutive days off under one name. */
export interface HolidayRange {
  name: string;
  from: string;
  to: string;
  days: number;
}

/** Consecutive days with the same name as one range, in date order. */
export function holidayRanges(holidays: readonly { date: string; name: string }[]): HolidayRange[] {
  const ranges: HolidayRange[] = [];
  for (const h of [...holidays].sort((a, b) => a.date.localeCompare(b.date))) {
    const last = ranges[ranges.length - 1];
    if (last && last.name === h.name && addDays(last.to, 1) === h.date) {
      last.to = h.date;
      last.days += 1;
    } else ranges.push({ name: h.name, from: h.date, to: h.date, days: 1 });
  }
  return ranges;
}

/** "春节：2月6日至12日，7 天" */
export function rangeLine(r: HolidayRange): string {
  if (r.days === 1) return `${r.name}：${shortDate(r.from)}（${weekdayLabel(r.from)}），1 天`;
  const to = r.from.slice(0, 7) === r.to.slice(0, 7) ? `${Number(r.to.slice(8, 10))}日` : shortDate(r.to);
  return `${r.name}：${shortDate(r.from)}至${to}，${r.days} 天`;
}

/** "2月7日（周日）" */
export const workdayLine = (date: string): string => `${shortDate(date)}（${weekdayLabel(date)}）`;

/** Where the year's working days come from, as the clerk reads it. */
export function sourceLine(c: CalendarYear): string {
  switch (c.source) {
    case "chinese-days":
      return `内置 chinese-days：${c.year} 年的放假安排随系统提供，不能在此修改。`;
    case "office":
      return `由 ${c.updatedBy ?? "督办工作办公室"}${c.updatedAt ? ` 于 ${formatCst(c.updatedAt)}` : ""} 录入。`;
    case "weekdays":
      return "尚未录入：按周一至周五计算，国务院公布放假安排后请录入。";
  }
}

export const loadCalendar = (deps: PaneDeps, year: number, signal?: AbortSignal) =>
  deps.api.getCalendar(year, signal);

// ---------------------------------------------------------------- the draft

/** The two text areas as typed. */
export interface CalendarDraft {
  holidays: string;
  workdays: string;
}

/** What is stored, as the clerk would type it: one line per holiday range, one per 调休上班日. */
export function draftFrom(c: CalendarYear): CalendarDraft {
  return {
    holidays: holidayRanges(c.holidays)
      .map((r) => (r.days === 1 ? `${r.from} ${r.name}` : `${r.from}至${r.to} ${r.name}`))
      .join("\n"),
    workdays: [...c.workdays].sort().join("\n"),
  };
}

/** A message about one line of a text area (1-based, counting empty lines as the clerk sees them). */
export interface LineError {
  line: number;
  message: string;
}

export interface DraftErrors {
  holidays: LineError[];
  workdays: LineError[];
}

export const NO_ERRORS: DraftErrors = { holidays: [], workdays: [] };

export const hasErrors = (e: DraftErrors): boolean => e.holidays.length > 0 || e.workdays.length > 0;

/** "第 3 行：…", in line order. */
export const lineMessages = (errors: readonly LineError[]): string[] =>
  [...errors].sort((a, b) => a.line - b.line).map((e) => `第 ${e.line} 行：${e.message}`);

/** Which line of the draft each entry of the body came from, to lead the server's errors back to it. */
export interface SentLines {
  holidays: number[];
  workdays: number[];
}

export type ParsedDraft =
  { ok: true; body: CalendarBody; lines: SentLines } | { ok: false; errors: DraftErrors };

const FULL_WIDTH = /[０-９－／．～]/g;
/** A date as typed: 2027-02-06, 2027/2/6, 2027.2.6 or 2027年2月6日. */
const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/;
/** Between the two dates of a range. */
const RANGE_SEPARATOR = /^\s*(?:至|到|~|-|—|–)\s*/;
const HOLIDAY_EXAMPLE = "如「2027-01-01 元旦」或「2027-02-06至2027-02-12 春节」";
/** A weekday a clerk may add after a 调休上班日, as the State Council's notice writes it. */
const WEEKDAY_NOTE = /^[（(]?(?:周|星期)[一二三四五六日天][）)]?$/;

/** Full-width digits and punctuation as ASCII (full-width spaces are whitespace to the patterns already). */
const normalize = (line: string): string =>
  line.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();

/** A date at the start of `text`: its normalised form and how many characters it took. */
function leadingDate(text: string): { date: string; length: number } | null {
  const m = DATE.exec(text);
  if (!m) return null;
  return { date: `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`, length: m[0].length };
}

/** What is wrong with a date of `year`'s calendar, or null. */
function dateProblem(date: string, year: number): string | null {
  if (!isValidDate(date)) return `${date} 不是有效日期`;
  if (!date.startsWith(`${year}-`)) return `${date} 不在 ${year} 年之内`;
  return null;
}

const lines = (text: string): { line: number; text: string }[] =>
  text
    .split(/\r\n|\r|\n/)
    .map((raw, i) => ({ line: i + 1, text: normalize(raw) }))
    .filter((l) => l.text !== "");

/** "2027-02-06、2027-02-07 与第 2 行重复" (at most three dates named). */
function duplicateMessage(dates: readonly string[], line: number, where = ""): string {
  const shown = dates.length > 3 ? `${dates.slice(0, 3).join("、")} 等 ${dates.length} 天` : dates.join("、");
  return `${shown} 与${where}第 ${line} 行重复`;
}

/** One line of 放假安排: its days, or what is wrong with it. */
function parseHolidayLine(text: string, year: number): { dates: string[]; name: string } | { error: string } {
  const start = leadingDate(text);
  if (!start) return { error: `应以日期开头，${HOLIDAY_EXAMPLE}` };
  let rest = text.slice(start.length);
  let end = start;
  const separator = RANGE_SEPARATOR.exec(rest);
  if (separator) {
    const second = leadingDate(rest.slice(separator[0].length));
    if (!second) return { error: `「${separator[0].trim()}」之后应为结束日期，${HOLIDAY_EXAMPLE}` };
    end = second;
    rest = rest.slice(separator[0].length + second.length);
  }
  const name = rest.trim();
  if (leadingDate(name)) return { error: `两个日期之间请用「至」连接，${HOLIDAY_EXAMPLE}` };
  const problem = dateProblem(start.date, year) ?? dateProblem(end.date, year);
  if (problem) return { error: problem };
  if (end.date < start.date) return { error: `结束日期 ${end.date} 早于开始日期 ${start.date}` };
  if (!name) return { error: `缺少假日名称，${HOLIDAY_EXAMPLE}` };
  if (name.length > CALENDAR_LIMITS.name)
    return { error: `假日名称「${name}」超过 ${CALENDAR_LIMITS.name} 个字` };
  const dates: string[] = [];
  for (let d = start.date; d <= end.date; d = addDays(d, 1)) dates.push(d);
  return { dates, name };
}

/** 放假安排: one holiday or range a line, each range spread into one entry a day. */
export function parseHolidays(
  text: string,
  year: number,
): { holidays: CalendarBody["holidays"]; lines: number[]; errors: LineError[]; dates: Map<string, number> } {
  const holidays: CalendarBody["holidays"] = [];
  const sent: number[] = [];
  const errors: LineError[] = [];
  /** date → the line it came from */
  const seen = new Map<string, number>();
  for (const { line, text: typed } of lines(text)) {
    const parsed = parseHolidayLine(typed, year);
    if ("error" in parsed) {
      errors.push({ line, message: parsed.error });
      continue;
    }
    const before = holidays.length;
    const repeated = new Map<number, string[]>();
    for (const date of parsed.dates) {
      const earlier = seen.get(date);
      if (earlier !== undefined) {
        repeated.set(earlier, [...(repeated.get(earlier) ?? []), date]);
        continue;
      }
      seen.set(date, line);
      holidays.push({ date, name: parsed.name });
      sent.push(line);
    }
    for (const [earlier, dates] of repeated) errors.push({ line, message: duplicateMessage(dates, earlier) });
    const total = holidays.length;
    if (total > CALENDAR_LIMITS.holidays && before <= CALENDAR_LIMITS.holidays)
      errors.push({
        line,
        message: `放假日期累计 ${total} 天，最多 ${CALENDAR_LIMITS.holidays} 天，请检查日期范围`,
      });
  }
  return { holidays, lines: sent, errors, dates: seen };
}

/** 调休上班日: one date a line, a Saturday or Sunday of the year that is not also a day off. */
export function parseWorkdays(
  text: string,
  year: number,
  holidayDates: ReadonlyMap<string, number> = new Map(),
): { workdays: string[]; lines: number[]; errors: LineError[] } {
  const workdays: string[] = [];
  const sent: number[] = [];
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  for (const { line, text: typed } of lines(text)) {
    const found = leadingDate(typed);
    const note = found ? typed.slice(found.length).trim() : "";
    if (!found || (note && !WEEKDAY_NOTE.test(note))) {
      errors.push({ line, message: "每行写一个日期，如 2027-02-07" });
      continue;
    }
    const date = found.date;
    const problem = dateProblem(date, year);
    const earlier = seen.get(date);
    const holiday = holidayDates.get(date);
    const day = problem ? -1 : weekday(date);
    const message =
      problem ??
      (earlier !== undefined
        ? duplicateMessage([date], earlier)
        : holiday !== undefined
          ? `${date} 已列在放假安排第 ${holiday} 行，不能同时是调休上班日`
          : day !== 0 && day !== 6
            ? `${date} 是${weekdayLabel(date)}，调休上班日应为周六或周日`
            : null);
    if (message) {
      errors.push({ line, message });
      continue;
    }
    seen.set(date, line);
    workdays.push(date);
    sent.push(line);
    if (workdays.length === CALENDAR_LIMITS.workdays + 1)
      errors.push({ line, message: `调休上班日最多 ${CALENDAR_LIMITS.workdays} 天` });
  }
  return { workdays, lines: sent, errors };
}

/** The body to send and where each entry came from, or every wrong line; nothing is sent while one is wrong. */
export function parseDraft(draft: CalendarDraft, year: number): ParsedDraft {
  const h = parseHolidays(draft.holidays, year);
  const w = parseWorkdays(draft.workdays, year, h.dates);
  if (h.errors.length || w.errors.length)
    return { ok: false, errors: { holidays: h.errors, workdays: w.errors } };
  return {
    ok: true,
    body: { holidays: h.holidays, workdays: w.workdays },
    lines: { holidays: h.lines, workdays: w.lines },
  };
}

// ---------------------------------------------------------------- the server's answer

/** The server's errors on their lines; `other`: those naming no line. */
export type PlacedErrors = DraftErrors & { other: FieldError[] };

/**
 * The server's field errors of a 400 on the lines that produced them: holidays.5.date (or .name) is the line of
 * the 6th day sent, workdays.1 the line of the 2nd 调休上班日. Errors naming no line stay in `other`.
 */
export function serverLineErrors(fields: readonly FieldError[], sent: SentLines): PlacedErrors {
  const out: PlacedErrors = { holidays: [], workdays: [], other: [] };
  const add = (list: LineError[], line: number, message: string) => {
    if (!list.some((e) => e.line === line && e.message === message)) list.push({ line, message });
  };
  for (const field of fields) {
    const holiday = /^holidays\.(\d+)(?:\.(?:date|name))?$/.exec(field.path);
    const workday = /^workdays\.(\d+)$/.exec(field.path);
    const line = holiday
      ? sent.holidays[Number(holiday[1])]
      : workday
        ? sent.workdays[Number(workday[1])]
        : undefined;
    if (line === undefined) out.other.push(field);
    else add(holiday ? out.holidays : out.workdays, line, field.message);
  }
  return out;
}

/** A refused save's 400 on the lines that were sent; null for any other failure (412, 403, no answer…). */
export function refusedLines(error: unknown, sent: SentLines): PlacedErrors | null {
  return error instanceof ApiError && error.status === 400 ? serverLineErrors(error.errors, sent) : null;
}

/**
 * Someone saved the year since it was read: 412 for a stale ETag, 428 when the year was still empty here but has
 * been entered meanwhile (a first save carries no ETag). Either way 刷新, never an overwrite.
 */
export const isConflict = (error: PaneError): boolean => error.stale || error.status === 428;

/** PUT the parsed draft with the ETag it was read with (none before the year's first save). */
export const saveCalendar = (
  deps: PaneDeps,
  year: number,
  body: CalendarBody,
  read: Tagged<CalendarYear>,
  signal?: AbortSignal,
): Promise<Tagged<CalendarYear>> => deps.api.putCalendar(year, body, read.etag, signal);

/** The confirmation after a save. */
export function savedSummary(saved: Tagged<CalendarYear>) {
  const c = saved.value;
  const ranges = holidayRanges(c.holidays);
  return {
    intent: "success" as const,
    title: `已保存 ${c.year} 年节假日安排`,
    lines: [
      `放假 ${c.holidays.length} 天（${ranges.length} 个假期），调休上班 ${c.workdays.length} 天`,
      "催办提醒自即日起按此安排计算工作日。",
    ],
  };
}
