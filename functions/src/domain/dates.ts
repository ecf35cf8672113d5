/**
 * China Standard Time (UTC+8, no daylight saving) calendar arithmetic, independent of the process's
 * time zone: every computation goes through UTC getters on an instant shifted by +8 h.
 * A business date is a "YYYY-MM-DD" string; a deadline date is inclusive (overdue from the next day 00:00 CST).
 */

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export type Instant = Date | string | number;

function toMs(at: Instant): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === "number" ? at : Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`无效的时间: ${String(at)}`);
  return ms;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is false). */
export function isValidDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** Years a business date may fall in: older or later dates are typing errors, not 督办 work. */
export const BUSINESS_YEARS = { min: 2000, max: 2099 } as const;

/** Whether a year (number or the first four digits of a date or month) is within BUSINESS_YEARS. */
export function isBusinessYear(year: number | string): boolean {
  const y = typeof year === "number" ? year : Number(year.slice(0, 4));
  return Number.isInteger(y) && y >= BUSINESS_YEARS.min && y <= BUSINESS_YEARS.max;
}

export function isValidMonth(text: string): boolean {
  const m = MONTH_RE.exec(text);
  return !!m && Number(m[1]) >= 1900 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The CST calendar date of an instant. */
export function cstDate(at: Instant): string {
  const d = new Date(toMs(at) + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The CST month "YYYY-MM" of an instant. */
export function cstMonth(at: Instant): string {
  return cstDate(at).slice(0, 7);
}

export function cstYear(at: Instant): number {
  return Number(cstDate(at).slice(0, 4));
}

function dateParts(date: string): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`无效的日期: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The instant at which a CST date begins (00:00 CST). */
export function startOfCstDay(date: string): Date {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d) - CST_OFFSET_MS);
}

/** The last millisecond of a CST date (23:59:59.999 CST). */
export function endOfCstDay(date: string): Date {
  return new Date(startOfCstDay(date).getTime() + DAY_MS - 1);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** b − a in whole days (both CST dates). */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = dateParts(a);
  const [yb, mb, db] = dateParts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / DAY_MS);
}

/** First and last CST date, first instant and last instant (inclusive) of a month "YYYY-MM". */
export function cstMonthRange(month: string): { firstDay: string; lastDay: string; start: Date; end: Date } {
  const m = MONTH_RE.exec(month);
  if (!m || !isValidMonth(month)) throw new RangeError(`无效的月份: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const firstDay = `${m[1]}-${m[2]}-01`;
  const lastDay = `${m[1]}-${m[2]}-${pad(daysInMonth(y, mo))}`;
  return { firstDay, lastDay, start: startOfCstDay(firstDay), end: endOfCstDay(lastDay) };
}

export function cstYearRange(year: number): { start: Date; end: Date } {
  return { start: startOfCstDay(`${year}-01-01`), end: endOfCstDay(`${year}-12-31`) };
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/** Days past an inclusive deadline on date `on` (0 when not past). Deadline 2026-10-10, on 2026-10-31 → 21. */
export function overdueDays(deadline: string | null, on: string): number {
  if (!deadline) return 0;
  return Math.max(0, daysBetween(deadline, on));
}

/** 2026-12-31 → 2026年12月31日 */
export function formatChineseDate(date: string): string {
  const [y, m, d] = dateParts(date);
  return `${y}年${m}月${d}日`;
}

/** Excel date serial (days since 1899-12-30) of a CST date, and back. */
export function dateToExcelSerial(date: string): number {
  const [y, m, d] = dateParts(date);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / DAY_MS);
}

export function excelSerialToDate(serial: number): string {
  const t = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * DAY_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}
