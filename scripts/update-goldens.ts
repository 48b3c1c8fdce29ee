// npm run update-goldens [-- NAME...]: the only way goldens change. Review the diff before committing.
import fs from 'node:fs';
import { FORMATS, GOLDEN_DIR, REAL_GOLDEN_DIR, goldenPath, normalize, produce, realScenarios, scenarios } from '../test/helpers/golden.js';
import { REVISION_CASES, REVISION_GOLDEN_DIR, normalizeRevision, produceRevision, revisionGoldenPath } from '../test/helpers/revision-goldens.js';

const only = new Set(process.argv.slice(2));
fs.mkdirSync(GOLDEN_DIR, { recursive: true });
fs.mkdirSync(REAL_GOLDEN_DIR, { recursive: true });
let written = 0;
// The recorded scenarios, then the real-world corpus (test/goldens/real/).
for (const s of [...scenarios(), ...realScenarios()]) {
  if (only.size > 0 && !only.has(s.name)) continue;
  for (const f of FORMATS) {
    const out = await produce(s, f);
    if (out.exitCode !== 0 && out.exitCode !== 1) {
      console.error(`update-goldens: ${s.name} (${f.flag}) exited ${out.exitCode}: ${out.stderr.trim()}`);
      process.exitCode = 1;
      continue;
    }
    const file = goldenPath(s, f);
    const text = normalize(out.stdout, s.side.recordedAt);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (before !== text) {
      fs.writeFileSync(file, text);
      written++;
      console.log(`${before === undefined ? 'new    ' : 'changed'} ${file}`);
    }
  }
}
// validate.sh revision, one golden per case (test/goldens/revision/); exits 0, 1 and 3 are all answers there.
fs.mkdirSync(REVISION_GOLDEN_DIR, { recursive: true });
for (const c of REVISION_CASES) {
  if (only.size > 0 && !only.has(`revision/${c.name}`)) continue;
  for (const f of FORMATS) {
    const out = await produceRevision(c, f);
    if (out.exitCode !== c.exitCode) {
      console.error(`update-goldens: revision/${c.name} (${f.flag}) exited ${out.exitCode}, expected ${c.exitCode}: ${out.stderr.trim()}`);
      process.exitCode = 1;
      continue;
    }
    const file = revisionGoldenPath(c, f);
    const text = normalizeRevision(out.stdout);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (before !== text) {
      fs.writeFileSync(file, text);
      written++;
      console.log(`${before === undefined ? 'new    ' : 'changed'} ${file}`);
    }
  }
}
console.log(`update-goldens: ${written} file(s) written; review with git diff test/goldens before committing`);
