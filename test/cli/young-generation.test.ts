// bin/berth starts node without V8 flags (a flag makes node compile its own modules from source,
// ~20 ms a command); the long-lived commands re-exec themselves, same pid, with a 1 MB young
// generation. Checked on the running process's command line, against an engine socket that
// accepts and never answers, so each command waits there until the test ends it (by pid).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/berth', import.meta.url));

/** The command line of `args` once it waits on the engine socket. */
async function waitingCmdline(dir: string, sock: string, args: string[], accepted: Promise<unknown>): Promise<{ pid: number; cmdline: string[] }> {
  const env = { ...process.env, BERTH_HOST: `unix://${sock}`, BERTH_ROOT: join(dir, 'root') };
  const child = spawn(bin, args, { cwd: dir, env, stdio: 'ignore' });
  try {
    await accepted;
    const cmdline = (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
    return { pid: child.pid as number, cmdline };
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

test('logs -f runs with a 1 MB young generation in the same process; a short command without any V8 flag', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-young-'));
  const sock = join(dir, 'engine.sock');
  const held: Socket[] = [];
  let onAccept: () => void = () => undefined;
  const server = createServer((c) => { held.push(c); onAccept(); });
  server.listen(sock);
  await once(server, 'listening');
  try {
    await writeFile(join(dir, 'compose.yaml'), 'services:\n  a:\n    image: busybox\n');
    const accepted = (): Promise<void> => new Promise((r) => { onAccept = r; });
    const follow = await waitingCmdline(dir, sock, ['logs', '-f'], accepted());
    assert.deepEqual(follow.cmdline.slice(1, 2), ['--max-semi-space-size=1'], follow.cmdline.join(' '));
    assert.deepEqual(follow.cmdline.slice(-2), ['logs', '-f']);
    const short = await waitingCmdline(dir, sock, ['image', 'ls'], accepted());
    assert.ok(!short.cmdline.some((a) => a.startsWith('--max-semi-space-size')), short.cmdline.join(' '));
    assert.deepEqual(short.cmdline.slice(-2), ['image', 'ls']);
  } finally {
    for (const c of held) c.destroy();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a re-exec keeps stdin, stdout and stderr (node marks them close-on-exec)', () => {
  const out = spawnSync(bin, ['watch', '--help'], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /^Usage: {2}berth watch \[OPTIONS\]/);
  const err = spawnSync(bin, ['logs', '-f', '--bogus'], { encoding: 'utf8', input: '' });
  assert.notEqual(err.status, 0);
  assert.match(err.stderr, /--bogus/);
});
