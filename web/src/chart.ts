/**
 * Geometry for the statistics page's column charts. Pure: no DOM, tested under node
 * (test/console-logic.test.ts).
 */

/** A round axis maximum at or above `value` (1, 2 or 5 times a power of ten; at least 1). */
export function niceMax(value: number): number {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export interface DayFigures {
  date: string;
  inquiries: number;
  answeredInSla: number;
}

export interface DayColumn {
  date: string;
  x: number;
  width: number;
  /** The column for all inquiries received that day (top y and height). */
  total: { y: number; height: number };
  /** The part answered in its SLA, drawn over the total from the baseline. */
  inSla: { y: number; height: number };
}

/** Columns for one value per day in a plot `width` × `height` (baseline at `height`). */
export function dayColumns(
  days: readonly DayFigures[],
  width: number,
  height: number,
): { max: number; columns: DayColumn[] } {
  const max = niceMax(Math.max(0, ...days.map((day) => day.inquiries)));
  const slot = days.length === 0 ? width : width / days.length;
  const gap = slot > 4 ? Math.min(2, slot * 0.2) : 0;
  const scale = (value: number) => (value / max) * height;
  return {
    max,
    columns: days.map((day, index) => {
      const total = scale(day.inquiries);
      const inSla = scale(Math.min(day.answeredInSla, day.inquiries));
      return {
        date: day.date,
        x: index * slot + gap / 2,
        width: slot - gap,
        total: { y: height - total, height: total },
        inSla: { y: height - inSla, height: inSla },
      };
    }),
  };
}
