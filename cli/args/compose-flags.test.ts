import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, splitCommand } from './compose-flags';

test('global flags before the command are found and kept', () => {
  assert.deepEqual(splitCommand(['-f', 'a.yaml', '--project-name', 'x', 'config', '--services']), {
    command: 'config',
    args: ['--file', 'a.yaml', '--project-name', 'x', '--services'],
  });
  assert.deepEqual(splitCommand(['--profile', 'debug']), { args: ['--profile', 'debug'] });
});

test('globals and command options parse together, in any order', () => {
  const r = parseCommandLine(['-f', 'a.yaml', '--format', 'json', 'web', '-f', 'b.yaml', '-p', 'proj', '--profile', 'a,b', '--env-file=.env2', '-q'], {
    format: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  assert.deepEqual(r.globals, { files: ['a.yaml', 'b.yaml'], projectName: 'proj', projectDirectory: undefined, envFiles: ['.env2'], profiles: ['a', 'b'] });
  assert.equal(r.values.format, 'json');
  assert.equal(r.values.quiet, true);
  assert.deepEqual(r.positionals, ['web']);
});

test('unknown flags are errors with a code', () => {
  assert.throws(() => parseCommandLine(['--nope'], {}), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /nope/.test(e.message));
});

test('-f and -p before the command stay file and project, whatever the command does with the letters', () => {
  // `logs -f` follows and `rm -f` forces; before the command they are compose's global flags.
  assert.deepEqual(splitCommand(['-f', 'a.yaml', '-p', 'demo', 'logs', '-f', 'web']), {
    command: 'logs', args: ['--file', 'a.yaml', '--project-name', 'demo', '-f', 'web'],
  });
});
