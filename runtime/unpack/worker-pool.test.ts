// Unpacking on worker threads (worker-pool.ts, worker-main.ts, record-blob.ts), with real
// workers running the TypeScript entry: the same tree and diff id as applyLayer on this thread,
// the blob recorded whole even when the layer is refused, a failed download failing the job with
// its own error, a dead worker failing only its job, and idle workers ending.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, readlink, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { EngineError } from '../errors';
import { createSyscalls } from '../mount/syscalls';
import { UnpackWorkers, applyRecorded, type RecordedBlob } from './index';
import { tarBuffer, sha256 } from '../../test/fixtures/tar';
import { diskUsage } from '../snapshots/usage';

const entry = fileURLToPath(new URL('./worker-entry.ts', import.meta.url));
/** The TypeScript entry run in a worker through tsx's require hook (the daemon runs the bundle's). */
const tsWorker = (script: string, o: WorkerOptions): Worker => new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { ...o, eval: true });
const pool = new UnpackWorkers(entry, { max: 2, idleMs: 60_000, spawn: tsWorker });
const roots: string[] = [];
after(async () => {
  await pool.close();
  for (const r of roots) await rm(r, { recursive: true, force: true });
});
async function tmp(): Promise<string> { const d = await mkdtemp(join(tmpdir(), 'berth-unpack-worker-')); roots.push(d); return d; }

const layer = async (): Promise<{ tar: Buffer; gz: Buffer }> => {
  const tar = await tarBuffer([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/hello', content: 'hello from a worker\n' },
    { name: 'big.bin', content: Buffer.alloc(3 << 20, 7) },
    { name: 'link', type: 'symlink', linkname: 'etc/hello' },
  ]);
  return { tar, gz: gzipSync(tar) };
};

/** The bytes in chunks, as a download delivers them. */
const chunked = (b: Buffer, size = 64 * 1024): Readable => Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));

test('a worker unpacks the same tree with the same diff id as this thread, and records the blob', async () => {
  const { tar, gz } = await layer();
  const d = await tmp();
  await mkdir(join(d, 'w'));
  await mkdir(join(d, 'here'));
  let blob: RecordedBlob | undefined;
  const res = await pool.apply(chunked(gz), join(d, 'w'), { whiteouts: 'overlay', blob: { path: join(d, 'blob'), done: (b) => { blob = b; } } });
  const here = await applyRecorded(chunked(gz), join(d, 'here'), { whiteouts: 'overlay', sys: createSyscalls() });
  assert.equal(res.diffId, sha256(tar));
  assert.equal(res.diffId, here.diffId);
  assert.equal(res.entries, here.entries);
  assert.equal(await readFile(join(d, 'w/etc/hello'), 'utf8'), 'hello from a worker\n');
  assert.equal(await readlink(join(d, 'w/link')), 'etc/hello');
  assert.deepEqual(await readFile(join(d, 'w/big.bin')), Buffer.alloc(3 << 20, 7));
  assert.deepEqual(blob, { digest: `sha256:${createHash('sha256').update(gz).digest('hex')}`, size: gz.length });
  assert.deepEqual(await readFile(join(d, 'blob')), gz);
});

test('a 20 MiB blob in whole 1 MiB reads (plain-get.ts) or small ones: the same tree, the blob written back and recorded whole', async () => {
  const content = randomBytes(20 << 20);
  const tar = await tarBuffer([{ name: 'r.bin', content }, { name: 's', content: 'small\n' }]);
  const gz = gzipSync(tar, { level: 1 });
  const d = await tmp();
  for (const [name, size] of [['big', 1 << 20], ['small', 16 * 1024]] as const) {
    await mkdir(join(d, name));
    let blob: RecordedBlob | undefined;
    const res = await pool.apply(chunked(gz, size), join(d, name), { whiteouts: 'overlay', blob: { path: join(d, `${name}.blob`), done: (b) => { blob = b; } } });
    assert.equal(res.diffId, sha256(tar), name);
    assert.equal(res.diskSize, (await diskUsage(join(d, name))).size, 'the worker measures the tree as the snapshot commit would');
    assert.deepEqual(await readFile(join(d, name, 'r.bin')), content);
    assert.equal(await readFile(join(d, name, 's'), 'utf8'), 'small\n');
    assert.deepEqual(blob, { digest: `sha256:${createHash('sha256').update(gz).digest('hex')}`, size: gz.length });
    assert.deepEqual(await readFile(join(d, `${name}.blob`)), gz);
  }
});

test('a refused layer is refused with its reason, and its blob is still recorded whole', async () => {
  const tar = await tarBuffer([{ name: '../escape', content: 'x' }, { name: 'after.bin', content: Buffer.alloc(2 << 20, 1) }]);
  const gz = gzipSync(tar);
  const d = await tmp();
  await mkdir(join(d, 'root'));
  let blob: RecordedBlob | undefined;
  await assert.rejects(pool.apply(chunked(gz), join(d, 'root'), { whiteouts: 'overlay', blob: { path: join(d, 'blob'), done: (b) => { blob = b; } } }),
    (e: unknown) => e instanceof EngineError && e.code === 'INVALID_ARGUMENT' && /unsafe layer entry/.test(e.message));
  assert.equal(blob?.size, gz.length);
  assert.deepEqual(await readFile(join(d, 'blob')), gz);
  await assert.rejects(readFile(join(d, 'escape')));
});

test('a download that fails mid-way fails the job with its own error; the worker takes the next job', async () => {
  const { gz } = await layer();
  const d = await tmp();
  await mkdir(join(d, 'a'));
  await mkdir(join(d, 'b'));
  const failing = Readable.from((async function* () {
    yield gz.subarray(0, 100_000);
    throw new Error('connection lost');
  })());
  await assert.rejects(pool.apply(failing, join(d, 'a'), { whiteouts: 'overlay', blob: { path: join(d, 'blob-a'), done: () => assert.fail('no blob from a failed download') } }), /connection lost/);
  const res = await pool.apply(chunked(gz), join(d, 'b'), { whiteouts: 'overlay' });
  assert.equal(await readFile(join(d, 'b/etc/hello'), 'utf8'), 'hello from a worker\n');
  assert.ok(res.entries >= 4);
});

test('a worker that dies fails only its job; idle workers end, and the pool says when none is left', async () => {
  const { gz } = await layer();
  const d = await tmp();
  await mkdir(join(d, 'a'));
  await mkdir(join(d, 'b'));
  const started: Worker[] = [];
  const spawn = (script: string, o: WorkerOptions): Worker => { const w = tsWorker(script, o); started.push(w); return w; };
  let emptied = 0;
  const short = new UnpackWorkers(entry, { max: 1, idleMs: 300, spawn, onEmpty: () => { emptied++; } });
  try {
    // A stream that never ends keeps the job open while its worker is ended under it.
    const stuck = new Readable({ read() { /* nothing more */ } });
    stuck.push(gz.subarray(0, 1000));
    const job = short.apply(stuck, join(d, 'a'), { whiteouts: 'overlay' });
    assert.equal(started.length, 1);
    await started[0]!.terminate();
    await assert.rejects(job, (e: unknown) => e instanceof EngineError && e.code === 'INTERNAL' && /unpack worker/.test(e.message));
    await short.apply(chunked(gz), join(d, 'b'), { whiteouts: 'overlay' });
    assert.equal(await readFile(join(d, 'b/etc/hello'), 'utf8'), 'hello from a worker\n');
    assert.equal(started.length, 2, 'a new worker took the next job');
    assert.equal(short.size, 1);
    const before = emptied;
    const until = Date.now() + 5000;
    // The pool says so once the ended worker's thread is gone (after it left the count).
    while (emptied === before && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.equal(emptied, before + 1, 'the pool said so when the last one ended');
    assert.equal(short.size, 0, 'the idle worker ended');
  } finally {
    await short.close();
  }
});
