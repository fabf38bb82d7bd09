// Every case of the shared compose corpus (parse, merge, normalize, load, config, dotenv,
// interpolate stages) against our loader; runtime cases are skipped until `berth up` exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCase } from '../../core/host/corpus';
import { runCase } from './corpus-stages';
import { caseIds } from './run';

for (const id of caseIds()) {
  const c = readCase(id);
  test(`${id} (${c.stage})`, async (t) => {
    const o = await runCase(c);
    if (o.status === 'skip') return t.skip(o.reason);
    assert.equal(o.status, 'pass', o.reason ?? '');
  });
}

test('the runner can fail: a wrong expectation is reported', async () => {
  const c = readCase('cg-depends-on-long');
  const o = await runCase({ ...c, expect: 'invalid', error_contains: 'anything' });
  assert.equal(o.status, 'fail');
});
