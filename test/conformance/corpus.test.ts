// Every case of the shared compose corpus against Berth: parse, merge, normalize, load, config,
// dotenv and interpolate stages against the loader in process; runtime cases through bin/berth
// against one real engine started for this file (closed in `after`, also on failure).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readCase } from '../../core/host/corpus';
import { runCase } from './corpus-stages';
import { RuntimeSuite } from './corpus-runtime';
import { caseIds } from './run';
import { runStep } from './runtime-steps';

let suite: RuntimeSuite | undefined;
before(async () => { suite = await RuntimeSuite.start(); });
after(async () => { await suite?.close(); });

for (const id of caseIds()) {
  const c = readCase(id);
  test(`${id} (${c.stage})`, async (t) => {
    const o = await runCase(c, suite);
    if (o.status === 'skip') return t.skip(o.reason);
    if (o.reason && c.stage === 'runtime') t.diagnostic(o.reason);
    assert.equal(o.status, 'pass', o.reason ?? '');
  });
}

test('the runner can fail: a wrong expectation is reported', async () => {
  const c = readCase('cg-depends-on-long');
  const o = await runCase({ ...c, expect: 'invalid', error_contains: 'anything' });
  assert.equal(o.status, 'fail');
});

test('the runtime runner can fail: a missing output, a wrong exit code and a wrong state are reported', async () => {
  assert.ok(suite);
  const ctx = { dir: suite.engine.t.dir, engineEnv: suite.engineEnv(), caseEnv: {}, project: 'nothing-here', files: [], vars: new Map<string, string>(), exec: (args: string[]) => suite!.berth(args, suite!.engine.t.dir) };
  const base = { label: 'ls', args: ['ls'] };
  assert.equal(await runStep({ ...base, exitCode: 0 }, ctx), undefined);
  assert.match((await runStep({ ...base, outputContains: ['no-such-line'] }, ctx)) ?? '', /output lacks "no-such-line"/);
  assert.match((await runStep({ ...base, exitCode: 1 }, ctx)) ?? '', /exit 0, expected 1/);
  assert.match((await runStep({ ...base, state: { web: 'running' } }, ctx)) ?? '', /service web is absent/);
});
