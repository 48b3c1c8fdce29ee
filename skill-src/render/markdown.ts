import type { Report } from '../model.js';

export function renderMarkdown(report: Report): string {
  const lines = [`# Flux status: ${report.verdict}`, ''];
  for (const c of report.checks) lines.push(`- ${c.status} ${c.id}`);
  return `${lines.join('\n')}\n`;
}
