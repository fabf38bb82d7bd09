// Rebuild, pull and watch through fake hooks (the real ones are cli/commands/dash-hooks.ts, driven
// in test/dash/dash.e2e.test.ts): which hook each action calls, the CLI line it prints, and the
// watch feed that puts the detached watcher's syncs on the events line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComposeSession } from '../compose/session';
import type { Project } from '../spec';
import { ACTIONS, actionInfos, cliLine, type ActionTarget, type DashHooks } from './actions';
import { WatchFeed, watchLinesOf, type WatchLine } from './watch-feed';

const project = { name: 'demo', services: { web: {} } } as unknown as Project;
const session = {} as ComposeSession;

function target(hooks: DashHooks, watching = false): ActionTarget {
  return { session, project, projectName: 'demo', withService: () => project, hooks, replicas: () => 1, watching };
}

function recordingHooks(calls: string[]): DashHooks {
  return {
    pull: async (s, p, svcs) => { assert.equal(s, session); calls.push(`pull ${p.name} ${svcs.join(',')}`); },
    build: async (_s, p, svcs) => { calls.push(`build ${p.name} ${svcs.join(',')}`); },
    watch: {
      status: async () => undefined,
      start: async (_s, p) => { calls.push(`watch start ${p.name}`); },
      stop: async (name) => { calls.push(`watch stop ${name}`); },
    },
  };
}

test('with the hooks passed, rebuild, pull and watch are available', () => {
  const infos = actionInfos(recordingHooks([]), true);
  for (const id of ['rebuild', 'pull', 'watch'] as const) assert.equal(infos.find((a) => a.id === id)!.unavailable, undefined, id);
});

test('pull runs the pull hook for the one service; watch starts a watcher, or stops the one that runs', async () => {
  const calls: string[] = [];
  const hooks = recordingHooks(calls);
  await ACTIONS.pull.run(target(hooks), 'web', project);
  await ACTIONS.watch.run(target(hooks, false), '', project);
  await ACTIONS.watch.run(target(hooks, true), '', project);
  assert.deepEqual(calls, ['pull demo web', 'watch start demo', 'watch stop demo']);
});

test('the CLI lines of rebuild, pull and watch (on and off)', () => {
  const hooks = recordingHooks([]);
  assert.equal(cliLine('rebuild', 'web', target(hooks), false), 'berth up -d --build --force-recreate --no-deps web');
  assert.equal(cliLine('pull', 'web', target(hooks), true), 'berth -p demo pull web');
  assert.equal(cliLine('watch', '', target(hooks, false), false), 'berth up -d --watch');
  assert.equal(cliLine('watch', '', target(hooks, true), false), 'berth watch --stop');
});

test('watch log: batch lines with their service; build output and warnings left out', () => {
  const text = ['Watch enabled', 'Synced web: 2 files (12 ms)', '#5 RUN echo hi', 'WARN Sync web failed: x', 'Rebuilt api (1.2 s)',
    'Restarted web, api (300 ms)', 'Ran "touch /x" in web (20 ms)', 'Synced web: 1 file (container started, 5 ms)', ''].join('\n');
  assert.deepEqual(watchLinesOf(text).map((l) => `${l.service}|${l.text}`), [
    'web|Synced web: 2 files (12 ms)', 'api|Rebuilt api (1.2 s)', 'web|Restarted web, api (300 ms)', 'web|Ran "touch /x" in web (20 ms)',
    'web|Synced web: 1 file (container started, 5 ms)',
  ]);
});

/** A timer the test fires by hand. */
function manualTimer(): { timer: (fn: () => void, ms: number) => () => void; fire: () => void; armed: () => boolean } {
  let pending: (() => void) | undefined;
  return {
    timer: (fn) => { pending = fn; return () => { pending = undefined; }; },
    fire: () => { const fn = pending; pending = undefined; fn?.(); },
    armed: () => pending !== undefined,
  };
}

/** The feed reads asynchronously (stat, open, read): wait for what it does, bounded. */
async function until(cond: () => boolean): Promise<void> {
  for (const end = Date.now() + 5000; !cond(); await new Promise((r) => setTimeout(r, 5))) if (Date.now() > end) assert.fail('timed out');
}

test('watch feed: reads what the log gained since the watcher was seen, whole lines only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-dash-watch-'));
  try {
    const log = join(dir, 'demo.log');
    writeFileSync(log, 'Synced web: 9 files (old, 1 ms)\n');
    const got: WatchLine[][] = [];
    const t = manualTimer();
    const feed = new WatchFeed({ timer: t.timer, onLines: (l) => got.push(l) });
    await feed.sync(log);
    appendFileSync(log, 'Watch enabled\nSynced web: 1 file (3 ms)\nSynced ap');
    t.fire();
    await until(() => got.length === 1);
    await until(() => t.armed());
    appendFileSync(log, 'i: 2 files (4 ms)\n');
    t.fire();
    await until(() => got.length === 2);
    assert.deepEqual(got.map((b) => b.map((l) => l.text)), [['Synced web: 1 file (3 ms)'], ['Synced api: 2 files (4 ms)']]);
    await feed.sync(undefined);
    appendFileSync(log, 'Synced web: 1 file (5 ms)\n');
    t.fire();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(got.length, 2, 'no reads once no watcher runs');
    feed.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
