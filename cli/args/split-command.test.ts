import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCommand } from './compose-flags';

test('splitCommand finds the command after global flags and their values', () => {
  assert.deepEqual(splitCommand(['--project-directory', 'x', 'config', '--services']), {
    command: 'config', args: ['--project-directory', 'x', '--services'],
  });
  assert.deepEqual(splitCommand(['--version']), { args: ['--version'] });
});

test('-f and -p before the command stay file and project, whatever the command does with the letters', () => {
  // `logs -f` follows and `rm -f` forces; before the command they are compose's global flags.
  assert.deepEqual(splitCommand(['-f', 'a.yaml', '-p', 'demo', 'logs', '-f', 'web']), {
    command: 'logs', args: ['--file', 'a.yaml', '--project-name', 'demo', '-f', 'web'],
  });
});
