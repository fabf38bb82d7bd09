// The zod model accepts and rejects exactly what the official JSON schema does, on every compose
// file of the corpus, every golden and error case of ours, and mutations of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { composeFile } from '../../core/spec/model/compose-file';
import { loadOracle, mutations } from './schema-oracle';
import { corpusDir } from '../../core/host/corpus';

const oracle = loadOracle();
const zodOk = (t: unknown): boolean => composeFile.safeParse(t).success;

function yamlFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name) && !name.startsWith('expected')) out.push(p);
  }
  return out;
}

function trees(): { file: string; tree: unknown }[] {
  const root = new URL('../../', import.meta.url).pathname;
  const files = [
    ...yamlFiles(corpusDir()),
    ...yamlFiles(join(root, 'test/golden/cases')),
    ...yamlFiles(join(root, 'test/spec-errors/cases')),
  ];
  const out: { file: string; tree: unknown }[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { merge: true, uniqueKeys: false })) {
      if (doc.errors.length) continue;
      try {
        const tree = doc.toJS({ maxAliasCount: 100 }) as unknown;
        if (tree && typeof tree === 'object' && !Array.isArray(tree)) out.push({ file, tree });
      } catch { /* alias bombs and other unparsable trees are the parser's business */ }
    }
  }
  return out;
}

test('zod model agrees with the JSON schema on every file and on mutations of each', (t) => {
  const all = trees();
  assert.ok(all.length > 60, `expected many compose files, found ${all.length}`);
  const disagreements: string[] = [];
  let checked = 0;
  for (const { file, tree } of all) {
    const cases = [{ label: 'as written', tree }, ...mutations(tree, 60)];
    for (const c of cases) {
      checked++;
      const want = oracle(c.tree);
      const got = zodOk(c.tree);
      if (want !== got) disagreements.push(`${file} [${c.label}]: schema ${want ? 'accepts' : 'rejects'}, zod ${got ? 'accepts' : 'rejects'}`);
    }
  }
  t.diagnostic(`${all.length} files, ${checked} trees checked, ${disagreements.length} disagreements`);
  assert.ok(checked > 1000, `checked only ${checked}`);
  assert.deepEqual(disagreements.slice(0, 20), [], `${disagreements.length} of ${checked} disagree`);
});
