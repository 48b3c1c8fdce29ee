// Prints the pre-approved tools as SKILL.md, the Claude command and the Copilot prompt must list them (the
// one list is skill-src/report/allowed-commands.ts; test/next-steps.test.ts checks the three files agree).
import { preApprovedCommands, preApprovedRules } from '../skill-src/report/allowed-commands.js';

console.log(`SKILL.md allowed-tools: ${preApprovedRules().join(' ')}`);
console.log(`.claude/commands/flux-status.md allowed-tools: ${preApprovedRules().join(', ')}`);
console.log('.github/prompts/flux-status.prompt.md, between the pre-approved markers:');
for (const c of preApprovedCommands()) console.log(`- \`${c}\``);
