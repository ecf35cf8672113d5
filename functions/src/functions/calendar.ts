/**
 * GET/PUT /api/calendar/{year} — the year's 法定节假日 and 调休 working days for the 催办 reminders. The package
 * `chinese-days` knows the years up to its last one; for a later year the 督办工作办公室 enters the State Council's
 * notice once it is published (each November), so that reminders do not go out on 元旦 or during 春节 meanwhile.
 */
import { isBusinessYear } from "../domain/dates.js";
import { calendarYearSchema, type FieldError } from "../domain/validation.js";
import { requireReader, requireRole } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { badRequest, conflict } from "../http/problem.js";
import { forgetOfficeCalendars } from "../http/workCalendar.js";
import {
  CALENDAR_LAST_YEAR,
  packageYear,
  weekdayOf,
  type OfficeCalendarYear,
} from "../reminders/workdays.js";

function yearParam(call: Call): number {
  const raw = call.params.year ?? "";
  if (!/^\d{4}$/.test(raw) || !isBusinessYear(raw))
    throw badRequest([{ path: "year", message: "年份应为 2000–2099 的四位数字" }]);
  return Number(raw);
}

const etagHeader = (etag: string | null): Record<string, string> => (etag ? { ETag: etag } : {});

/** GET /api/calendar/{year}: where the year's working days come from, its holidays and 调休 working days. */
export async function getCalendar(call: Call) {
  requireReader(call.principal);
  const year = yearParam(call);
  if (year <= CALENDAR_LAST_YEAR)
    return { body: { year, source: "chinese-days", editable: false, ...packageYear(year) } };
  const doc = await call.deps.reference.getCalendar(year);
  if (!doc.value) return { body: { year, source: "weekdays", editable: true, holidays: [], workdays: [] } };
  return { headers: etagHeader(doc.etag), body: { year, source: "office", editable: true, ...doc.value } };
}

/** PUT /api/calendar/{year}: the office enters (or corrects) a year the package does not know. */
export async function putCalendar(call: Call) {
  requireRole(call.principal, ["office", "leader"], "维护节假日安排");
  const year = yearParam(call);
  const input = await call.parse(calendarYearSchema);
  if (year <= CALENDAR_LAST_YEAR)
    throw conflict(`${year} 年的节假日安排已由 chinese-days 提供，不能修改`, { code: "calendar_built_in" });
  const errors: FieldError[] = [];
  const seen = new Map<string, string>();
  const check = (date: string, path: string) => {
    if (!date.startsWith(`${year}-`)) errors.push({ path, message: `日期 ${date} 不在 ${year} 年之内` });
    else if (seen.has(date)) errors.push({ path, message: `日期 ${date} 与「${seen.get(date)}」重复` });
    seen.set(date, path.startsWith("holidays") ? "放假日期" : "调休上班日");
  };
  input.holidays.forEach((h, i) => check(h.date, `holidays.${i}.date`));
  input.workdays.forEach((d, i) => {
    check(d, `workdays.${i}`);
    const day = weekdayOf(d);
    if (day !== 0 && day !== 6)
      errors.push({ path: `workdays.${i}`, message: `调休上班日 ${d} 不是周六或周日（工作日本来就上班）` });
  });
  if (errors.length) throw badRequest(errors);
  const value: OfficeCalendarYear = {
    holidays: [...input.holidays].sort((a, b) => a.date.localeCompare(b.date)),
    workdays: [...input.workdays].sort(),
    updatedAt: call.now.toISOString(),
    updatedBy: call.principal.name,
  };
  const doc = await call.deps.reference.putCalendar(year, value, call.ifMatchOptional());
  forgetOfficeCalendars();
  return {
    headers: etagHeader(doc.etag),
    body: { year, source: "office", editable: true, ...doc.value },
  };
}

export const routes = [
  register({ name: "getCalendar", methods: ["GET"], route: "calendar/{year}", handler: getCalendar }),
  register({ name: "putCalendar", methods: ["PUT"], route: "calendar/{year}", handler: putCalendar }),
];
