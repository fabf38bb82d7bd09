// One corpus case → pass / fail / skip, by its stage (see /work/shared/compose-corpus/README.md).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { type CorpusCase, caseHost, caseOptions } from '../../core/host/corpus';
import { loadModel } from '../../core/spec/model-loader';
import { projectFromModel, type ProjectOptions } from '../../core/spec/load';
import { printable, printProject } from '../../core/spec/canonical/print';
import { parseYaml } from '../../core/spec/yaml/parse';
import { SourceMap } from '../../core/spec/yaml/source-index';
import { diff, runCheck, type Check } from './compare';
import { runConfigSteps } from './corpus-config';
import { runRuntimeCase, type RuntimeSuite } from './corpus-runtime';
import { runDotenvTable, runInterpolationTable } from './corpus-tables';
import { type Outcome, prepared, substitute } from './corpus-case';

export type { Outcome } from './corpus-case';

function readExpected(c: CorpusCase, name: string, project: string): unknown {
  return parseYamlText(substitute(readFileSync(join(c.dir, name), 'utf8'), c, project));
}

function optionsOf(c: CorpusCase): ProjectOptions {
  const o = (c.upstream_options ?? {}) as Record<string, unknown>;
  return {
    skipNormalization: o.SkipNormalization === true,
    skipConsistency: o.SkipConsistencyCheck === true,
    skipPathResolution: o.ResolvePaths === false,
  };
}

function loadStage(c: CorpusCase): Outcome {
  const host = caseHost(c);
  const model = loadModel(caseOptions(c), host);
  const project = projectFromModel(model, optionsOf(c), host) as unknown as Record<string, unknown>;
  if (c.expect === 'invalid') return { status: 'fail', reason: `loaded although upstream expects: ${c.error_contains ?? 'an error'}` };
  const files = c.expected_files ?? [];
  if (files.includes('expected.yaml')) {
    // Compare what `config` prints (modes in octal, extra_hosts as lines...), read back as data.
    const printed = parseYamlText(printProject(project, 'yaml')) as unknown;
    const d = diff(printed, readExpected(c, 'expected.yaml', project.name as string));
    return d ? { status: 'fail', reason: d } : { status: 'pass' };
  }
  if (files.includes('expected.assert.yaml')) {
    for (const check of readExpected(c, 'expected.assert.yaml', project.name as string) as Check[]) {
      const d = runCheck(project, check);
      if (d) return { status: 'fail', reason: d };
    }
  }
  return { status: 'pass' };
}

function mergeStage(c: CorpusCase): Outcome {
  const model = loadModel({ ...caseOptions(c), skipInterpolation: true }, caseHost(c));
  const d = diff(model.tree, readExpected(c, 'expected.yaml', model.projectName));
  return d ? { status: 'fail', reason: d } : { status: 'pass' };
}

/** compose-go Normalize on the parsed tree; the expectation goes through the same long-syntax step. */
function normalizeStage(c: CorpusCase): Outcome {
  const host = caseHost(c);
  const loaded = loadModel(caseOptions(c), host);
  // Upstream calls Normalize(model) with the model's own name, not the CLI's normalised one.
  const model = { ...loaded, projectName: typeof loaded.tree.name === 'string' ? loaded.tree.name : loaded.projectName };
  const actual = projectFromModel(model, { skipPathResolution: true, skipConsistency: true }, host);
  const expectedTree = readExpected(c, 'expected.yaml', model.projectName) as Record<string, unknown>;
  const expected = projectFromModel({ ...model, tree: expectedTree }, { skipNormalization: true, skipConsistency: true, skipPathResolution: true }, host);
  const d = diff(printable(actual as never), printable(expected as never));
  return d ? { status: 'fail', reason: d } : { status: 'pass' };
}

function parseStage(c: CorpusCase): Outcome {
  for (const f of c.compose_files) parseYaml(readFileSync(join(c.dir, f), 'utf8'), f, new SourceMap());
  return c.expect === 'invalid' ? { status: 'fail', reason: 'parsed although invalid' } : { status: 'pass' };
}

/** `runtime` cases need `suite` (an engine); without one they are skipped. */
export async function runCase(raw: CorpusCase, suite?: RuntimeSuite): Promise<Outcome> {
  const c = prepared(raw);
  if (c.stage === 'runtime') return runRuntimeCase(c, suite);
  try {
    if (c.stage === 'dotenv') return runDotenvTable(c);
    if (c.stage === 'interpolate') return runInterpolationTable(c);
    if (c.stage === 'config') return await runConfigSteps(c);
    if (c.stage === 'parse') return parseStage(c);
    if (c.stage === 'merge') return mergeStage(c);
    if (c.stage === 'normalize') return normalizeStage(c);
    return loadStage(c);
  } catch (err) {
    if (c.expect === 'invalid') return { status: 'pass', reason: `rejected: ${(err as Error).message.split('\n')[0]}` };
    return { status: 'fail', reason: `${(err as Error).name}: ${(err as Error).message.split('\n')[0]}` };
  }
}

export function hasFile(c: CorpusCase, name: string): boolean {
  return existsSync(join(c.dir, name));
}
