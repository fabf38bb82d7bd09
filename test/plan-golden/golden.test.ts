// Runs every case under cases/: the plan text must equal plan.txt (or the error error.txt), the
// plan's edges must point backwards, and for `up` the simulated outcome must reconcile to nothing.
// BERTH_UPDATE_GOLDEN=1 writes the files instead of comparing (review every diff it makes).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkPlanOrder, renderPlan, type Plan } from '../../core/plan';
import { reconcile, reconcileDown, reconcileRestart, upOptions } from '../../core/reconcile';
import { CoreError } from '../../core/errors';
import { loadCase, type GoldenCase } from './harness';
import { simulate } from './simulate';

const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'cases');
const update = process.env.BERTH_UPDATE_GOLDEN === '1';

function run(c: GoldenCase): Plan {
  if (c.command === 'restart') return reconcileRestart(c.project, c.observed, { services: c.up.services });
  return c.command === 'down' ? reconcileDown(c.project, c.observed, c.down) : reconcile(c.project, c.observed, c.up);
}

function outcome(dir: string): { file: string; text: string; plan?: Plan; c?: GoldenCase } {
  try {
    const c = loadCase(dir);
    const plan = run(c);
    return { file: 'plan.txt', text: renderPlan(plan), plan, c };
  } catch (err) {
    if (!(err instanceof CoreError)) throw err;
    return { file: 'error.txt', text: `${err.code}: ${err.message}\n` };
  }
}

describe('golden plans', () => {
  const names = readdirSync(casesDir).sort();
  it('has at least 40 cases', () => assert.ok(names.length >= 40, `only ${names.length} cases`));
  for (const name of names) {
    it(name, () => {
      const dir = join(casesDir, name);
      const got = outcome(dir);
      if (update) writeFileSync(join(dir, got.file), got.text);
      const expectedFile = existsSync(join(dir, 'plan.txt')) ? 'plan.txt' : 'error.txt';
      assert.equal(got.file, expectedFile, `expected ${expectedFile}, got:\n${got.text}`);
      assert.equal(got.text, readFileSync(join(dir, expectedFile), 'utf8'));
      if (got.plan === undefined || got.c === undefined) return;
      assert.deepEqual(checkPlanOrder(got.plan), []);
      if (got.c.command === 'up') assertConverged(got.c, got.plan);
    });
  }
});

/** After the plan runs, the same `up` without --force-recreate plans nothing (--no-recreate kept). */
function assertConverged(c: GoldenCase, plan: Plan): void {
  const after = simulate(c.project, c.observed, plan);
  const again = reconcile(c.project, after, upOptions({
    services: c.up.services, noDeps: c.up.noDeps, noRecreate: c.up.recreate === 'never', scale: c.up.scale, noStart: c.up.noStart, removeOrphans: c.up.removeOrphans, oneOff: c.up.oneOff,
  }));
  assert.deepEqual(again.operations.map((op) => op.id), [], `second up is not empty:\n${renderPlan(again)}`);
}
