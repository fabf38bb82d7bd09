// Global engine flags end where a command's arguments begin: `container run busybox echo -H x`
// keeps `-H x` for the container, while `-H`/`--root` before the image are berth's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeEngineFlags } from '../../core/engine/index';
import { parseArgs, splitAtPositional } from './engine-args';
import { CREATE_FLAGS } from './container-create-flags';

function split(argv: string[]): { globals: ReturnType<typeof takeEngineFlags>['flags']; positionals: string[] } {
  const { head, tail } = splitAtPositional(argv, CREATE_FLAGS);
  const { flags, rest } = takeEngineFlags(head);
  return { globals: flags, positionals: parseArgs([...rest, ...tail], CREATE_FLAGS, true).positionals };
}

test('a container\'s own -H, --host and --root stay its arguments', () => {
  assert.deepEqual(split(['busybox', 'echo', '-H', 'hello']), { globals: {}, positionals: ['busybox', 'echo', '-H', 'hello'] });
  assert.deepEqual(split(['--rm', 'busybox', 'ls', '--root', '/x', '--host=y']), { globals: {}, positionals: ['busybox', 'ls', '--root', '/x', '--host=y'] });
});

test('global flags before the image are berth\'s, also after a flag that takes a value', () => {
  assert.deepEqual(split(['-H', 'unix:///s', '--name', 'web', '--root', '/r', 'busybox', 'echo', '-H']), {
    globals: { host: 'unix:///s', root: '/r' }, positionals: ['busybox', 'echo', '-H'],
  });
  // a value that looks like an image is still the flag's value
  assert.deepEqual(split(['-e', 'A=1', '-it', '--host=unix:///s', 'busybox', 'sh']), { globals: { host: 'unix:///s' }, positionals: ['busybox', 'sh'] });
  assert.deepEqual(split(['--', 'busybox', '-H']), { globals: {}, positionals: ['busybox', '-H'] });
});
