// `npm run conformance`: every case of the shared corpus, one line each, and a total. Runtime
// cases run against one engine started for the run (removed at the end, also on failure).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, readCase } from '../../core/host/corpus';
import { runCase } from './corpus-stages';
import { RuntimeSuite } from './corpus-runtime';

export function caseIds(): string[] {
  const dir = corpusDir();
  return readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort();
}

async function main(): Promise<number> {
  const counts = { pass: 0, fail: 0, skip: 0 };
  const suite = await RuntimeSuite.start();
  try {
    for (const id of caseIds()) {
      const c = readCase(id);
      const began = Date.now();
      const o = await runCase(c, suite);
      counts[o.status]++;
      const secs = c.stage === 'runtime' ? ` (${((Date.now() - began) / 1000).toFixed(1)}s)` : '';
      process.stdout.write(`${o.status.toUpperCase().padEnd(4)}  ${id.padEnd(48)} ${c.stage}${secs}${o.reason ? `  — ${o.reason}` : ''}\n`);
    }
  } finally {
    await suite.close();
  }
  process.stdout.write(`\ntotal ${counts.pass + counts.fail + counts.skip}: ${counts.pass} pass, ${counts.fail} fail, ${counts.skip} skipped\n`);
  return counts.fail === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\//, ''))) {
  main().then((code) => { process.exitCode = code; });
}
