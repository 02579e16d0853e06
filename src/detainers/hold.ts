import { HOUR } from "../platform/clock.js";

/**
 * The detainer hold: at most 48 hours beyond the time the subject would have been released,
 * "excluding Saturdays, Sundays, and holidays" (8 CFR 287.7(d)). Federal holidays per
 * 5 U.S.C. 6103, with a Saturday holiday observed on the Friday before and a Sunday one on the
 * Monday after. Days are counted in UTC; a deployment spanning time zones would count in the
 * holding agency's zone (not done yet).
 */
export const HOLD_HOURS = 48;

/** The federal holidays (observed dates, YYYY-MM-DD) of a year. */
export function federalHolidays(year: number): Set<string> {
  const fixed = (month: number, day: number) => observed(new Date(Date.UTC(year, month - 1, day)));
  const nth = (month: number, weekday: number, n: number) => {
    const first = new Date(Date.UTC(year, month - 1, 1));
    const offset = (weekday - first.getUTCDay() + 7) % 7;
    return new Date(Date.UTC(year, month - 1, 1 + offset + (n - 1) * 7));
  };
  const lastMonday = (month: number) => {
    const last = new Date(Date.UTC(year, month, 0));
    return new Date(Date.UTC(year, month - 1, last.getUTCDate() - ((last.getUTCDay() + 6) % 7)));
  };
  const days = [
    fixed(1, 1),
    nth(1, 1, 3), // Birthday of Martin Luther King, Jr.
    nth(2, 1, 3), // Washington's Birthday
    lastMonday(5), // Memorial Day
    fixed(6, 19), // Juneteenth
    fixed(7, 4),
    nth(9, 1, 1), // Labor Day
    nth(10, 1, 2), // Columbus Day
    fixed(11, 11),
    nth(11, 4, 4), // Thanksgiving Day
    fixed(12, 25),
  ];
  const set = new Set(days.map(isoDay));
  // New Year's Day of next year falling on a Saturday is observed on 31 December.
  const nextNewYear = observed(new Date(Date.UTC(year + 1, 0, 1)));
  if (nextNewYear.getUTCFullYear() === year) set.add(isoDay(nextNewYear));
  return set;
}

function observed(date: Date): Date {
  const day = date.getUTCDay();
  if (day === 6) return new Date(date.getTime() - 24 * HOUR);
  if (day === 0) return new Date(date.getTime() + 24 * HOUR);
  return date;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function isHoldDay(date: Date): boolean {
  const day = date.getUTCDay();
  return day !== 0 && day !== 6 && !federalHolidays(date.getUTCFullYear()).has(isoDay(date));
}

/** When a hold that starts at `from` ends: 48 hours counted on business days only. */
export function holdEnds(from: Date, hours = HOLD_HOURS): Date {
  let remaining = hours * HOUR;
  let cursor = from.getTime();
  for (;;) {
    const at = new Date(cursor);
    const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
    if (!isHoldDay(at)) {
      cursor = midnight;
      continue;
    }
    const available = midnight - cursor;
    if (remaining <= available) return new Date(cursor + remaining);
    remaining -= available;
    cursor = midnight;
  }
}
