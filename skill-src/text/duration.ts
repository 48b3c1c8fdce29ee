// Spans of time as the report prints them: compact, coarse enough to read at a glance.

/** 9s, 1m9s, 2h15m, 3d4h. */
export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.round(total));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}d${h}h`;
  return h > 0 ? `${h}h${m}m` : m > 0 ? `${m}m${sec}s` : `${sec}s`;
}
