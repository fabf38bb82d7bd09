import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PlanBuilder, checkPlanOrder } from './builder';
import { describeCause } from './cause';
import { renderPlan } from './render';

describe('PlanBuilder', () => {
  it('refuses duplicate ids and edges to operations not yet in the plan', () => {
    const b = new PlanBuilder();
    b.add({ kind: 'CreateNetwork', id: 'create network n', key: 'n', name: 'n', cause: { kind: 'missing' }, after: [] });
    assert.throws(() => b.add({ kind: 'CreateNetwork', id: 'create network n', key: 'n', name: 'n', cause: { kind: 'missing' }, after: [] }), /already has/);
    assert.throws(() => b.add({ kind: 'RemoveImage', id: 'remove image x', image: 'x', cause: { kind: 'down' }, after: ['nope'] }), /unknown operation/);
    const op = b.add({ kind: 'RemoveNetwork', id: 'remove network n', key: 'n', name: 'n', cause: { kind: 'down' }, after: ['create network n', 'create network n'] });
    assert.deepEqual(op.after, ['create network n']);
  });

  it('checkPlanOrder reports forward edges', () => {
    const plan = { operations: [{ kind: 'RemoveImage' as const, id: 'x', image: 'x', cause: { kind: 'down' as const }, after: ['y'] }], warnings: [] };
    assert.deepEqual(checkPlanOrder(plan), ['"x" comes after "y", which is not earlier']);
  });
});

describe('plan text', () => {
  it('renders causes, services, edges and warnings; an empty plan says so', () => {
    const b = new PlanBuilder();
    b.add({ kind: 'CreateNetwork', id: 'create network demo_default', key: 'default', name: 'demo_default', cause: { kind: 'missing' }, after: [] });
    b.add({ kind: 'CreateContainer', id: 'create container demo-web-1', service: 'web', number: 1, name: 'demo-web-1', cause: { kind: 'missing' }, after: ['create network demo_default'] });
    b.warn('careful');
    assert.equal(renderPlan(b.build()), [
      'create network demo_default because missing',
      'create container demo-web-1 (service web) because missing; after create network demo_default',
      'warning: careful',
      '',
    ].join('\n'));
    assert.equal(renderPlan({ operations: [], warnings: [] }), 'nothing to do\n');
  });

  it('shortens hashes and digests to 12 characters', () => {
    assert.equal(describeCause({ kind: 'config-changed', old: 'a'.repeat(64), new: 'b'.repeat(64) }), `config changed (hash ${'a'.repeat(12)} -> ${'b'.repeat(12)})`);
    assert.equal(describeCause({ kind: 'image-changed', old: '', new: `sha256:${'c'.repeat(64)}` }), `image changed ((none) -> ${'c'.repeat(12)})`);
  });
});
