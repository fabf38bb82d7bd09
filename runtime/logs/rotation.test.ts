// --log-opt max-size/max-file: options read as Docker's json-file reads them; files conmon's
// rotation replaces (a new file renamed over the log, as conmon does at --log-size-max) kept as
// <log>.1, .2 up to max-file, and read back oldest first, with tail across them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { EngineError } from '../errors';
import { logLimits, parseLogSize } from './log-options';
import { RotationKeeper } from './rotation-keeper';
import { readLog } from './log-reader';

const dirs: string[] = [];
after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

test('max-size and max-file as Docker reads them; bad values refused', () => {
  assert.equal(parseLogSize('10m'), 10 * 1024 * 1024);
  assert.equal(parseLogSize('512k'), 512 * 1024);
  assert.equal(parseLogSize('2048'), 2048);
  assert.equal(parseLogSize('1GB'), 1024 ** 3);
  assert.deepEqual(logLimits({ Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '3' } }), { maxSize: 1024 * 1024, maxFile: 3 });
  assert.deepEqual(logLimits(undefined), { maxFile: 1 });
  const bads: Array<Record<string, string>> = [{ 'max-size': 'lots' }, { 'max-size': '1m', 'max-file': '0' }, { 'max-size': '1m', 'max-file': 'x' }, { 'max-file': '3' }];
  for (const bad of bads) {
    assert.throws(() => logLimits({ Config: bad }), (e: EngineError) => e.code === 'INVALID_ARGUMENT', JSON.stringify(bad));
  }
});

const line = (i: number): string => `2026-01-01T00:00:00.${String(i).padStart(9, '0')}+00:00 stdout F line${i}\n`;

/** What conmon does at --log-size-max: a fresh file renamed over the log path. */
async function conmonRotate(path: string): Promise<void> {
  await writeFile(`${path}.tmp`, '');
  await rename(`${path}.tmp`, path);
}

async function until(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 20));
}

test('rotated files kept up to max-file and read back oldest first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-rot-'));
  dirs.push(dir);
  const path = join(dir, 'ctr.log');
  await writeFile(path, '');
  const keeper = new RotationKeeper(path, 3, 50);
  await keeper.start();
  let n = 0;
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < 5; i++) await appendFile(path, line(n++));
    await conmonRotate(path);
    // the keeper notices (watch, or its 50 ms poll) and links the new live file
    await until(async () => (await readdir(dir)).includes('ctr.log.live') && (round === 0 || (await readdir(dir)).includes('ctr.log.1')));
    await new Promise((r) => setTimeout(r, 100));
  }
  await appendFile(path, line(n++));
  await keeper.stop();
  const files = (await readdir(dir)).filter((f) => !f.endsWith('.live')).sort();
  assert.deepEqual(files, ['ctr.log', 'ctr.log.1', 'ctr.log.2'], 'max-file 3: the live file and two rotated ones');
  const texts: string[] = [];
  for await (const e of readLog(path, {})) texts.push(e.text.trim());
  // rounds 0 and 1 were dropped (past max-file); round 2 (.2), round 3 (.1), then the live line
  assert.deepEqual(texts, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((i) => `line${i}`));
  const tail: string[] = [];
  for await (const e of readLog(path, { tail: 7 })) tail.push(e.text.trim());
  assert.deepEqual(tail, [14, 15, 16, 17, 18, 19, 20].map((i) => `line${i}`), 'tail reaches into rotated files');
});
