import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parallelLimit, parseCommandLine, splitCommand } from './compose-flags';

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
  assert.deepEqual(r.globals, { files: ['a.yaml', 'b.yaml'], projectName: 'proj', projectDirectory: undefined, envFiles: ['.env2'], profiles: ['a', 'b'], parallel: undefined });
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

test('--parallel: a positive limit, -1 for unlimited (compose\'s default), anything else an error', () => {
  assert.equal(parseCommandLine(['--parallel', '2', 'up'], {}).globals.parallel, 2);
  assert.equal(parseCommandLine(['--parallel=-1'], {}).globals.parallel, Infinity);
  assert.equal(parseCommandLine([], {}).globals.parallel, undefined);
  assert.deepEqual(splitCommand(['--parallel', '3', 'down', '-v']), { command: 'down', args: ['--parallel', '3', '-v'] });
  for (const bad of ['0', '-2', 'x', '1.5']) {
    assert.throws(() => parallelLimit(bad, '--parallel'), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && e.message.includes(bad));
  }
});
