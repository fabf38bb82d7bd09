import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { nounCommand } from './noun';

function sink(): { stream: Writable; text: () => string } {
  let s = '';
  const stream = new Writable({ write(chunk, _enc, cb) { s += String(chunk); cb(); } });
  return { stream, text: () => s };
}

test('a noun command runs its subcommand with the rest of the arguments, and explains the others', async () => {
  const seen: string[][] = [];
  const run = nounCommand('widget', { make: async () => ({ run: async (args) => { seen.push(args); return 7; } }) });
  const out = sink();
  const err = sink();
  const ctx = { stdout: out.stream, stderr: err.stream, env: {}, cwd: '/' };
  assert.equal(await run(['make', '-x', 'y'], ctx), 7);
  assert.deepEqual(seen, [['-x', 'y']]);
  assert.equal(await run(['frob'], ctx), 1);
  assert.match(err.text(), /berth widget: unknown command "frob"/);
  assert.equal(await run(['toString'], ctx), 1, 'only own subcommands');
  assert.equal(await run(['--help'], ctx), 0);
  assert.match(out.text(), /^Usage: berth widget COMMAND\n\nCommands: make\n/);
});
