import type { Report } from '../model.js';

export interface TextOptions {
  color: boolean;
}

export function renderText(report: Report, _opts: TextOptions): string {
  const lines = [`${report.verdict.toUpperCase()}: ${report.summary.errors} errors, ${report.summary.warnings} warnings`];
  for (const c of report.checks) lines.push(`${c.status} ${c.id}: ${c.title}`);
  return `${lines.join('\n')}\n`;
}
