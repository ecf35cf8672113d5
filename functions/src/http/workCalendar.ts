/**
 * The working days the 催办 reminders use: `chinese-days`, then the years the office entered (PUT
 * /api/calendar/{year}). The entered years are read at most once per 30 s per storage, however many requests
 * (health is anonymous and polled) ask; a PUT forgets them at once.
 */
import type { Deps } from "../deps.js";
import {
  CALENDAR_LAST_YEAR,
  type OfficeCalendarYear,
  type WorkCalendar,
  workCalendar,
} from "../reminders/workdays.js";

const TTL_MS = 30_000;
type Kept = { until: number; generation: number; year: Promise<OfficeCalendarYear | null> };
const cache = new WeakMap<object, Map<number, Kept>>();
/** Bumped by every PUT: entries of an older generation are read again. */
let generation = 0;

function enteredYear(deps: Deps, year: number): Promise<OfficeCalendarYear | null> {
  let years = cache.get(deps.reference);
  if (!years) cache.set(deps.reference, (years = new Map()));
  const kept = years.get(year);
  if (kept && kept.until > Date.now() && kept.generation === generation) return kept.year;
  const read = deps.reference.getCalendar(year).then((doc) => doc.value);
  // A failed read is not kept: the next request asks storage again.
  read.catch(() => years.delete(year));
  years.set(year, { until: Date.now() + TTL_MS, generation, year: read });
  return read;
}

/** The calendar for `years` (CST years the caller will ask about); only years past the package are read. */
export async function workCalendarFor(deps: Deps, years: readonly number[]): Promise<WorkCalendar> {
  const wanted = [...new Set(years)].filter((y) => y > CALENDAR_LAST_YEAR);
  const found = await Promise.all(wanted.map(async (y) => [y, await enteredYear(deps, y)] as const));
  return workCalendar(new Map(found.filter((e): e is [number, OfficeCalendarYear] => e[1] !== null)));
}

/** After a PUT: every storage's entered years are read again. */
export function forgetOfficeCalendars(): void {
  generation++;
}
