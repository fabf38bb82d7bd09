// The k8s-file log: parsing (partial lines joined), tail/since/streams, follow across a rotation.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, appendFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { K8sLineParser, parseTimestampNs, dockerTimestamp } from './k8s-file';
import { readLog } from './log-reader';

const dirs: string[] = [];
after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });
async function tmp(): Promise<string> { const d = await mkdtemp(join(tmpdir(), 'berth-log-')); dirs.push(d); return d; }

const ts = (s: number): string => `2026-01-01T00:00:0${s}.000000001+00:00`;

test('timestamps: nanoseconds kept, Docker rendering in UTC', () => {
  assert.equal(parseTimestampNs('2026-01-01T00:00:01.5+00:00'), 1767225601500000000n);
  assert.equal(parseTimestampNs('2026-01-01T01:00:01.000000007+01:00'), 1767225601000000007n);
  assert.equal(dockerTimestamp(1767225601500000000n), '2026-01-01T00:00:01.5Z');
  assert.equal(dockerTimestamp(1767225601000000000n), '2026-01-01T00:00:01Z');
});

test('parser joins partial chunks of one stream; flush returns an unterminated line', () => {
  const p = new K8sLineParser();
  assert.equal(p.push(`${ts(1)} stdout P hel`), undefined);
  assert.deepEqual(p.push(`${ts(1)} stdout F lo`)?.text, 'hello\n');
  assert.equal(p.push('garbage'), undefined);
  assert.equal(p.push(`${ts(2)} stderr P no newline`), undefined);
  assert.equal(p.flush()?.text, 'no newline');
  // A TTY's output carries \r before the newline: kept, not dropped.
  assert.equal(p.push(`${ts(3)} stdout F tty line\r`)?.text, 'tty line\r\n');
});

test('read: streams, tail, since, until', async () => {
  const f = join(await tmp(), 'ctr.log');
  await writeFile(f, [1, 2, 3, 4].map((i) => `${ts(i)} ${i % 2 ? 'stdout' : 'stderr'} F l${i}`).join('\n') + '\n');
  const texts = async (o: Parameters<typeof readLog>[1]): Promise<string[]> => { const out: string[] = []; for await (const e of readLog(f, o)) out.push(e.text.trim()); return out; };
  assert.deepEqual(await texts({}), ['l1', 'l2', 'l3', 'l4']);
  assert.deepEqual(await texts({ stderr: false }), ['l1', 'l3']);
  assert.deepEqual(await texts({ tail: 1 }), ['l4']);
  assert.deepEqual(await texts({ tail: 0 }), []);
  assert.deepEqual(await texts({ sinceNs: parseTimestampNs(ts(3)) }), ['l3', 'l4']);
  assert.deepEqual(await texts({ untilNs: parseTimestampNs(ts(2)) }), ['l1']);
  assert.deepEqual(await texts({ stdout: true }), ['l1', 'l2', 'l3', 'l4']);
  assert.deepEqual(await readLog(join(f, '..', 'missing.log'), {}).next(), { done: true, value: undefined });
});

test('follow: new lines arrive, a rotation (new file at the path) is followed, stop ends it', async () => {
  const dir = await tmp();
  const f = join(dir, 'ctr.log');
  await writeFile(f, `${ts(1)} stdout F first\n`);
  let stop!: () => void;
  const stopped = new Promise<void>((r) => { stop = r; });
  const seen: string[] = [];
  const reading = (async () => { for await (const e of readLog(f, { follow: true, stopped, pollMs: 50 })) seen.push(e.text.trim()); })();
  await new Promise((r) => setTimeout(r, 100));
  await appendFile(f, `${ts(2)} stdout F second\n`);
  await new Promise((r) => setTimeout(r, 150));
  await writeFile(join(dir, 'new.log'), `${ts(3)} stdout F third\n`);
  await rename(join(dir, 'new.log'), f); // what conmon does at --log-size-max
  await new Promise((r) => setTimeout(r, 150));
  await appendFile(f, `${ts(4)} stdout F fourth\n`);
  stop();
  await reading;
  assert.deepEqual(seen, ['first', 'second', 'third', 'fourth']);
});

test('follow: an abort signal ends the read', async () => {
  const f = join(await tmp(), 'ctr.log');
  await writeFile(f, '');
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const t0 = Date.now();
  for await (const e of readLog(f, { follow: true, signal: ac.signal, pollMs: 1000 })) void e;
  assert.ok(Date.now() - t0 < 900);
});
