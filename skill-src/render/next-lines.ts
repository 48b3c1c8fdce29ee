// A next step as the renderers show it: the command line, the note and the docs link, each apart, so that
// the command is a single command and nothing else can be copied with it.
import type { NextStep } from '../model.js';
import { commandLine } from '../report/next-step.js';

export interface NextParts {
  command?: string;
  note?: string;
  docs: string;
}

export function nextParts(next: NextStep | undefined): NextParts | undefined {
  if (!next) return undefined;
  const out: NextParts = { docs: next.docs };
  if (next.argv && next.argv.length > 0) out.command = commandLine(next.argv);
  if (next.note) out.note = next.note;
  return out;
}
