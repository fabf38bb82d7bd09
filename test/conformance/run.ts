// `npm run conformance`: every case of the shared corpus, one line each, and a total.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, readCase } from '../../core/host/corpus';
import { runCase } from './corpus-stages';

export function caseIds(): string[] {
  const dir = corpusDir();
  return readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort();
}

async function main(): Promise<number> {
  const counts = { pass: 0, fail: 0, skip: 0 };
  for (const id of caseIds()) {
    const c = readCase(id);
    const o = await runCase(c);
    counts[o.status]++;
    process.stdout.write(`${o.status.toUpperCase().padEnd(4)}  ${id.padEnd(48)} ${c.stage}${o.reason ? `  — ${o.reason}` : ''}\n`);
  }
  process.stdout.write(`\ntotal ${counts.pass + counts.fail + counts.skip}: ${counts.pass} pass, ${counts.fail} fail, ${counts.skip} skipped (runtime, waiting for up)\n`);
  return counts.fail === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\//, ''))) {
  main().then((code) => { process.exitCode = code; });
}
