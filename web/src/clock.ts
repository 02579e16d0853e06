/**
 * Clocks as the desk reads them: countdowns, the share of a clock used, and the 50 % / 80 % /
 * overdue levels the queue and the hit board colour and alert on. Pure: no DOM, tested under
 * node (test/console-logic.test.ts).
 */
export function formatDuration(ms: number): string {
  const negative = ms < 0;
  let seconds = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const two = (n: number) => String(n).padStart(2, "0");
  const text = hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
  return negative ? `-${text}` : text;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)}Z`;
}

/** Share of a clock used: 0 at start, 1 at the deadline. */
export function clockShare(startIso: string, deadlineIso: string, now: number): number {
  const start = Date.parse(startIso);
  const end = Date.parse(deadlineIso);
  if (end <= start) return 1;
  return (now - start) / (end - start);
}

export function shareLevel(share: number): "ok" | "warn" | "late" | "over" {
  if (share >= 1) return "over";
  if (share >= 0.8) return "late";
  if (share >= 0.5) return "warn";
  return "ok";
}

/** The alert threshold a clock has crossed: the board alerts once at each of 50, 80 and 100. */
export function crossedThreshold(share: number): 0 | 50 | 80 | 100 {
  return share >= 1 ? 100 : share >= 0.8 ? 80 : share >= 0.5 ? 50 : 0;
}

export const LEVEL_TEXT = { ok: "on time", warn: "past 50 %", late: "past 80 %", over: "overdue" } as const;
