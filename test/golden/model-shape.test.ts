// The normalised project that loadProject returns has the shape the zod model of the
// normalised project declares (long syntax, maps, numbers), for every golden project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFsHost } from '../../core/host/fs-host';
import { loadProject } from '../../core/spec/index';
import { normalisedProject } from '../../core/spec/model/project';

const CASES = fileURLToPath(new URL('./cases', import.meta.url));

test('every golden project loads into the normalised model shape', () => {
  let checked = 0;
  for (const name of readdirSync(CASES).sort()) {
    const dir = join(CASES, name);
    if (existsSync(join(dir, 'args'))) continue;
    const project = loadProject({ files: [] }, createFsHost({ HOME: '/home/golden' }, dir));
    const r = normalisedProject.safeParse(project);
    assert.ok(r.success, `${name}: ${r.error?.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    checked++;
  }
  assert.ok(checked > 50, `checked ${checked}`);
});

test('services disabled by profiles are kept normalised in meta.disabledServices', () => {
  const dir = join(CASES, 'profiles-inactive');
  const project = loadProject({ files: [] }, createFsHost({ HOME: '/home/golden' }, dir));
  assert.deepEqual(Object.keys(project.services), ['web']);
  const debug = project.meta.disabledServices.debug;
  assert.ok(debug, 'debug kept');
  assert.deepEqual(debug.networks, { default: null });
  assert.deepEqual(debug.profiles, ['debug']);
});
