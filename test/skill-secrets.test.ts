// Nothing in the skill text or the command files prints or decodes Secret data, or turns off the MCP
// server's Secret masking: agents copy these commands, and their output lands in a model's context.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SKILL_MD } from '../build/paths.js';

const FILES = [
  SKILL_MD,
  path.join(ROOT, 'reference.md'),
  path.join(ROOT, '.github', 'prompts', 'flux-status.prompt.md'),
  path.join(ROOT, '.claude', 'commands', 'flux-status.md'),
];

const SECRET_RESOURCE = /(?:^|\s)secrets?(?:$|[\s/,.])/i;
const OUTPUT_FLAG = /\s(?:-o\S*|--output\b|--template\b|--show-managed-fields\b)/;

/** One rule over a single shell command (a line is split at pipes, `;` and `&&`). */
const FORBIDDEN: { name: string; test: (cmd: string) => boolean }[] = [
  { name: 'kubectl get secret with an output format', test: (c) => /\bkubectl\b/.test(c) && /\sget\s/.test(c) && SECRET_RESOURCE.test(c) && OUTPUT_FLAG.test(c) },
  { name: 'kubectl describe secret', test: (c) => /\bkubectl\b.*\sdescribe\s+secrets?\b/i.test(c) },
  { name: 'kubectl edit or view-secret on a secret', test: (c) => /\bkubectl\b.*\s(?:edit\s+secrets?\b|view-secret\b)/i.test(c) },
  { name: 'base64 decoding', test: (c) => /\bbase64\b.*(?:\s-d\b|\s-D\b|--decode\b)|\bb64decode\b|\batob\(/i.test(c) },
  { name: 'a Secret manifest printed by a create command', test: (c) => /\bcreate\s+secret\b.*(?:--export\b|--dry-run\b|\s-o\s|--output\b)/i.test(c) },
  { name: 'jsonpath, jq or a template reading .data or .stringData', test: (c) => /(?:jsonpath|\bjq\b|template)[^\n]*\.(?:data|stringData)\b/i.test(c) },
  { name: 'the raw kubeconfig (credentials included)', test: (c) => /\bconfig\s+view\b.*--raw\b/i.test(c) },
  { name: 'SOPS decryption to stdout', test: (c) => /\bsops\b.*(?:\s-d\b|--decrypt\b)/i.test(c) },
  { name: 'MCP Secret masking turned off', test: (c) => /--mask-secrets(?:=|\s+)(?:false|0|f)\b/i.test(c) },
];

function offending(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const commands = line.split(/\s*(?:\||;|&&)\s*/);
    for (const f of FORBIDDEN) if (commands.some((c) => f.test(` ${c} `))) out.push(`line ${i + 1}: ${f.name}: ${line.trim()}`);
  });
  return out;
}

describe('Secret-printing detector', () => {
  const bad = [
    'kubectl get secret flux-system -n flux-system -o yaml',
    'kubectl -n flux-system get secrets -o json',
    "kubectl get secret/flux-system -o jsonpath='{.data.password}'",
    'kubectl get secret flux-system -oyaml',
    'kubectl get -o yaml secret flux-system',
    'kubectl get secret x --template={{.data.token}}',
    'kubectl describe secret flux-system -n flux-system',
    'kubectl -n flux-system describe secrets',
    'kubectl edit secret webhook-token',
    'kubectl view-secret flux-system',
    'echo $X | base64 -d',
    'base64 --decode token.txt',
    'flux-operator create secret basic-auth x --username=a --password-stdin --export',
    'kubectl create secret generic x --from-literal=a=b --dry-run=client -o yaml',
    "kubectl get cm x -o jsonpath='{.data.token}'",
    'kubectl config view --raw',
    'sops -d secrets.enc.yaml',
    'flux-operator-mcp serve --mask-secrets=false',
  ];
  const fine = [
    'kubectl get secret flux-system -n flux-system',
    'kubectl get gitrepository -A -o wide',
    'kubectl get fluxreport flux -n flux-system -o yaml',
    'kubectl create secret generic webhook-token -n flux-system --from-literal=token="$TOKEN"',
    'echo "$GITHUB_TOKEN" | flux-operator create secret basic-auth flux-system --password-stdin',
    'kubectl config view --minify',
    'never turn masking off',
  ];

  for (const line of bad) {
    it(`catches: ${line}`, () => {
      expect(offending(line).length).toBeGreaterThan(0);
    });
  }

  it('lets metadata-only and unrelated commands through', () => {
    expect(fine.flatMap(offending)).toEqual([]);
  });
});

describe('skill text and command files', () => {
  for (const file of FILES) {
    it(`${path.relative(ROOT, file)} prints no Secret data`, () => {
      expect(offending(fs.readFileSync(file, 'utf8'))).toEqual([]);
    });
  }
});
