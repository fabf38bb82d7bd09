// Rule extraction, ignore matching, classification and batching, with an injected clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathFilter } from './ignore';
import { Batcher, type TimerClock } from './batcher';
import { classify } from './classify';
import { watchRules, type WatchRule } from './rules';
import { ignoreLines } from './filters';
import { loadProject } from '../spec';
import { createMemoryHost } from '../host/memory-host';

function project(yaml: string) {
  return loadProject({ files: ['/p/compose.yaml'] }, createMemoryHost({ files: { '/p/compose.yaml': yaml }, cwd: '/p' }));
}

test('rules: paths made absolute, targets normalised, exec commands as lists; unusable rules reported, others kept', () => {
  const p = project(`services:
  web:
    image: x
    build: .
    volumes: [./data:/srv/data]
    develop:
      watch:
        - {path: ./src, action: sync, target: /app/, ignore: [a], include: "*.js", initial_sync: true}
        - {path: ./Dockerfile, action: rebuild}
        - {path: ./d, action: sync, target: /srv/data/x}
        - {path: ./h, action: sync+exec, target: /h, exec: {command: "kill -HUP 1", user: app, environment: {A: "1"}}}
  api:
    image: y
    develop:
      watch:
        - {path: ./api, action: rebuild}
        - {path: ./api, action: restart}
`);
  const { rules, problems } = watchRules(p);
  assert.deepEqual(rules.map((r) => [r.service, r.action, r.path, r.target]), [
    ['web', 'sync', '/p/src', '/app/'], ['web', 'rebuild', '/p/Dockerfile', undefined], ['web', 'sync+exec', '/p/h', '/h'], ['api', 'restart', '/p/api', undefined],
  ]);
  assert.deepEqual(rules[0]!.include, ['*.js']);
  assert.equal(rules[0]!.initialSync, true);
  assert.deepEqual(rules[2]!.exec, { command: ['kill', '-HUP', '1'], user: 'app', privileged: false, workingDir: undefined, environment: ['A=1'] });
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /web: develop.watch\[2\] .*inside the bind mount \/srv\/data/);
  assert.match(problems[1]!, /api: develop.watch\[0\] \(rebuild .*\): rebuild needs a build section/);
  assert.match(watchRules(p, ['nope']).problems[0]!, /no such service: nope/);
});

test('ignore: editor temporaries and .git at any depth, the rule ignore, the context .dockerignore, include for files only', () => {
  const f = pathFilter({ root: '/p/src', ignore: ['node_modules/', 'build/*.o'], include: ['**/*.js', '*.js'], context: { dir: '/p', patterns: ['src/secret', '**/*.log'] } });
  for (const ign of ['/p/src/.git/HEAD', '/p/src/a/.main.js.swp', '/p/src/4913', '/p/src/x.js~', '/p/src/#x.js#', '/p/src/.#x.js',
    '/p/src/x.js___jb_tmp___', '/p/src/node_modules/m/i.js', '/p/src/build/a.o', '/p/src/secret', '/p/src/a/b.log', '/p/src/readme.md', '/p/other.js']) {
    assert.equal(f.ignores(ign), true, ign);
  }
  for (const keep of ['/p/src/a.js', '/p/src/lib/b.js']) assert.equal(f.ignores(keep), false, keep);
  assert.equal(f.ignores('/p/src/lib', true), false, 'include does not hide directories');
  assert.equal(f.prunes('/p/src/node_modules'), true);
  assert.equal(f.prunes('/p/src/lib'), false);
  assert.deepEqual(ignoreLines('# c\n\n  a/b \r\n!c\n'), ['a/b', '!c']);
});

const rule = (o: Partial<WatchRule>): WatchRule => ({ service: 'web', index: 0, action: 'sync', path: '/p/src', target: '/app', ignore: [], include: [], initialSync: false, ...o });

test('classify: syncs mapped to container paths, restarts and exec hooks per service, a rebuild supersedes the rest', () => {
  const sync = rule({});
  const sr = rule({ index: 1, action: 'sync+restart', path: '/p/conf', target: '/etc/x' });
  const ex = rule({ service: 'api', index: 0, action: 'sync+exec', path: '/p/src', target: '/srv', exec: { command: ['true'], environment: [] } });
  const rb = rule({ service: 'db', action: 'rebuild', path: '/p/db', target: undefined });
  const filters = new Map([[sync, pathFilter({ root: '/p/src', ignore: ['*.tmp'] })]]);
  const work = classify([
    { path: '/p/src/a/b.js', dir: false }, { path: '/p/src/x.tmp', dir: false }, { path: '/p/conf/c', dir: false },
    { path: '/p/db/schema.sql', dir: false }, { path: '/elsewhere/z', dir: false },
  ], [sync, sr, ex, rb], filters);
  assert.deepEqual(work.map((w) => [w.service, w.rebuild, w.restart, w.syncs.map((s) => s.container), w.execs.length]), [
    ['api', false, false, ['/srv/a/b.js', '/srv/x.tmp'], 1],
    ['db', true, false, [], 0],
    ['web', false, true, ['/app/a/b.js', '/etc/x/c'], 0],
  ]);
  const file = rule({ path: '/p/nginx.conf', target: '/etc/nginx/nginx.conf' });
  assert.deepEqual(classify([{ path: '/p/nginx.conf', dir: false }], [file], new Map())[0]!.syncs.map((s) => s.container), ['/etc/nginx/nginx.conf']);
});

class HandClock implements TimerClock {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private next = 0;
  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown { const id = ++this.next; this.timers.push({ at: this.t + ms, fn, id }); return id; }
  clearTimeout(h: unknown): void { this.timers = this.timers.filter((x) => x.id !== h); }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.t = due.at;
      this.timers = this.timers.filter((x) => x !== due);
      due.fn();
    }
    this.t = end;
  }
}

test('batching: events closer than the quiet period make one batch, deduplicated; a steady stream flushes at the max wait', () => {
  const clock = new HandClock();
  const batches: string[][] = [];
  const b = new Batcher<string>(clock, (items) => batches.push(items), 20, 2000);
  for (let i = 0; i < 500; i++) { b.add(`f${i % 300}`, `f${i % 300}`); clock.advance(1); }
  assert.equal(batches.length, 0, 'nothing flushed while events keep coming within the quiet period');
  clock.advance(18); // the last event came at t=499 (the loop ends at 500)
  assert.equal(batches.length, 0);
  clock.advance(1);
  assert.equal(batches.length, 1, 'a branch switch of 500 events is one batch');
  assert.equal(batches[0]!.length, 300, 'each path once');
  const steady: string[][] = [];
  const s = new Batcher<string>(clock, (items) => steady.push(items), 20, 200);
  for (let i = 0; i < 100; i++) { s.add('busy', 'busy'); clock.advance(10); }
  assert.equal(steady.length, 5, 'a file rewritten every 10 ms for 1 s still syncs every 200 ms');
  b.add('last', 'last');
  b.fire();
  assert.deepEqual(batches.at(-1), ['last'], 'fire() flushes what is pending');
  assert.equal(b.pending, 0);
});

test('payload: what exists is written, what is gone deleted (outermost only); a new tree is sent once, not again file by file', async () => {
  const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { buildPayload } = await import('./payload');
  const dir = await mkdtemp(join(tmpdir(), 'berth-payload-'));
  try {
    await mkdir(join(dir, 'tree', 'sub'), { recursive: true });
    await writeFile(join(dir, 'tree', 'sub', 'a'), 'a');
    await writeFile(join(dir, 'f'), 'f');
    const r = rule({ path: dir, target: '/app' });
    const item = (rel: string) => ({ rule: r, host: join(dir, rel), container: `/app/${rel}` });
    const p = await buildPayload([item('tree'), item('tree/sub/a'), item('f'), item('gone'), item('gone/x'), item('f')], true);
    assert.deepEqual(p.writes.map((w) => [w.container, w.recursive]), [['/app/tree', true], ['/app/f', false]]);
    assert.deepEqual(p.deletes, ['/app/gone']);
    await rm(join(dir, 'f'));
    assert.deepEqual((await buildPayload([item('f')], true)).deletes, ['/app/f'], 'stat at sync time: a file deleted since its event is deleted');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('inotify exhaustion is explained: the sysctl, its value now, the watches this project needs; other errors pass through', async () => {
  const { explain, countDirs } = await import('./fs-watcher');
  const { mkdtemp, mkdir, rm, readFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'berth-inotify-'));
  try {
    for (const d of ['a/b', 'a/c', 'node_modules/x/y']) await mkdir(join(dir, d), { recursive: true });
    const dirs = await countDirs([dir], (p) => p.endsWith('node_modules'));
    assert.equal(dirs, 4, 'root, a, a/b, a/c; node_modules pruned');
    const enospc = Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
    const err = await explain(enospc, () => Promise.resolve(dirs));
    const limit = (await readFile('/proc/sys/fs/inotify/max_user_watches', 'utf8')).trim();
    assert.match(err.message, new RegExp(`fs\\.inotify\\.max_user_watches = ${limit}; this watch needs about 4`));
    assert.match(err.message, /sysctl fs\.inotify\.max_user_watches=\d+/);
    assert.equal((err as { cause?: unknown }).cause, enospc);
    const other = new Error('EACCES');
    assert.equal(await explain(Object.assign(other, { code: 'EACCES' }), () => Promise.resolve(1)), other);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
