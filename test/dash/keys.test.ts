// The key table and its pure helpers: vim keys and arrows, chunked input split into keys, the
// layout on small terminals, wrapped log lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandFor, KEYS, splitKeys } from '../../cli/dash/keys';
import { fitWrapped, mainLayout } from '../../cli/dash/layout';
import { windowOf } from '../../cli/dash/log-filter';
import { keyBar } from '../../cli/dash/help-view';

test('arrows and vim keys move; pgup/pgdn and ctrl-b/f scroll a page; unknown keys do nothing', () => {
  assert.deepEqual(commandFor({ input: 'j' }, 10), { kind: 'move', by: 1 });
  assert.deepEqual(commandFor({ input: '', upArrow: true }, 10), { kind: 'move', by: -1 });
  assert.deepEqual(commandFor({ input: 'b', ctrl: true }, 10), { kind: 'scroll', by: -10 });
  assert.deepEqual(commandFor({ input: '', pageDown: true }, 10), { kind: 'scroll', by: 10 });
  assert.equal(commandFor({ input: 'Z' }, 10), undefined);
  for (const k of KEYS.filter((x) => x.keys.length === 1 && x.keys !== 'j' && x.keys !== 'k')) assert.deepEqual(commandFor({ input: k.keys }, 10), k.command, k.keys);
});

test('a chunk of keys is split, Enter and Backspace included', () => {
  assert.deepEqual(splitKeys('ab\r', { return: false as boolean }).map((k) => [k.input, k.return === true]), [['a', false], ['b', false], ['', true]]);
  assert.equal(splitKeys('x\x7f', { backspace: false as boolean })[1]!.backspace, true);
  assert.deepEqual(splitKeys('s', { ctrl: false }), [{ ctrl: false, input: 's' }]);
});

test('layout: 80x24 leaves room for the table and the logs; tiny terminals keep a minimum', () => {
  assert.deepEqual(mainLayout(24, 3), { tableRows: 3, logRows: 13 });
  assert.deepEqual(mainLayout(24, 40), { tableRows: 8, logRows: 8 });
  assert.ok(mainLayout(5, 3).logRows >= 3);
  assert.ok(keyBar(80).length <= 80);
  assert.match(keyBar(80), /\? help$/);
});

test('logs window: newest when following, fixed when paused, scrolled back; wrapped lines fit', () => {
  const lines = Array.from({ length: 10 }, (_, i) => ({ seq: i, service: 's', name: 's-1', timestamp: '', text: `l${i}` }));
  assert.deepEqual(windowOf(lines, 3, undefined, 0).map((l) => l.seq), [7, 8, 9]);
  assert.deepEqual(windowOf(lines, 3, 5, 0).map((l) => l.seq), [3, 4, 5]);
  assert.deepEqual(windowOf(lines, 3, 5, 2).map((l) => l.seq), [1, 2, 3]);
  assert.deepEqual(windowOf(lines, 3, 5, 99).map((l) => l.seq), [0, 1, 2]);
  const long = [{ seq: 0, name: 'a', text: 'x'.repeat(50) }, { seq: 1, name: 'a', text: 'y'.repeat(50) }];
  assert.deepEqual(fitWrapped(long, 2, 40, 2).map((l) => l.seq), [1]);
});
