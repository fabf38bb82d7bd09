import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { emptyObservedState } from '../observe';
import { divergedVolumes } from './infra';
import type { DesiredProject } from './input';

describe('divergedVolumes', () => {
  const project: DesiredProject = {
    name: 'demo', services: {}, networks: {}, profiles: [],
    volumes: {
      data: { key: 'data', name: 'demo_data', external: false, labels: {}, configHash: 'new' },
      logs: { key: 'logs', name: 'demo_logs', external: false, labels: {}, configHash: 'same' },
      legacy: { key: 'legacy', name: 'legacy', external: false, labels: {}, configHash: 'x' },
      ext: { key: 'ext', name: 'ext', external: true, labels: {} },
    },
  };

  it('lists volumes whose recorded hash differs, never unhashed or external ones', () => {
    const observed = {
      ...emptyObservedState('demo'),
      volumes: [
        { name: 'demo_data', key: 'data', configHash: 'old', managed: true },
        { name: 'demo_logs', key: 'logs', configHash: 'same', managed: true },
        { name: 'legacy', managed: false },
        { name: 'ext', managed: false },
      ],
    };
    assert.deepEqual(divergedVolumes(project, observed), ['data']);
    assert.deepEqual(divergedVolumes(project, emptyObservedState('demo')), []);
  });
});
