import type { OutputFormat } from '../cli/args.js';
import type { Report } from '../model.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

/** Several clusters: a fleet summary, then one section per cluster. */
export function renderFleet(reports: readonly Report[], format: OutputFormat, color: boolean): string {
  if (format === 'json') return renderJson(reports as unknown as Report);
  const one = (r: Report): string => (format === 'markdown' ? renderMarkdown(r) : renderText(r, { color }));
  return reports.map(one).join('\n');
}
