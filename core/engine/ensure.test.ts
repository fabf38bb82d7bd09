import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listening } from './ensure';

test('listening: true while a server accepts on the socket, false for a missing path, a plain file, or after close', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-ensure-'));
  const sock = join(dir, 's.sock');
  let accepted = 0;
  const server = createServer((c) => { accepted++; c.destroy(); });
  try {
    assert.equal(await listening(sock), false, 'nothing there yet');
    await new Promise<void>((r) => server.listen(sock, r));
    assert.equal(await listening(sock), true);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(accepted, 1, 'the probe is one connection, closed at once');
    await new Promise<void>((r) => server.close(() => r()));
    assert.equal(await listening(sock), false, 'closed server');
    await writeFile(join(dir, 'plain'), '');
    assert.equal(await listening(join(dir, 'plain')), false, 'not a socket');
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
