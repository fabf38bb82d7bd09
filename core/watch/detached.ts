// `up -d --watch` (compose refuses -d with --watch): the watcher runs as a detached `berth watch
// --no-up` process, recorded beside the engine's socket (`<socket dir>/watchers/<project>.json`)
// with its pid and the start time of that pid, so a recycled pid is never mistaken for it.
// `watch --stop` and `down` end it; `ls` shows it. Only a recorded, verified watcher is signalled.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface WatcherRecord {
  project: string;
  pid: number;
  /** Field 22 of /proc/<pid>/stat: the process's start time in clock ticks since boot. */
  startTicks: string;
  log: string;
  startedAt: string;
  /** What it watches (cli/commands/watch-detached.ts), so a second `up -d --watch` can keep it. */
  fingerprint?: string;
}

export const watcherDir = (socketPath: string): string => join(dirname(socketPath), 'watchers');
const recordPath = (dir: string, project: string): string => join(dir, `${project}.json`);

async function startTicks(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // the command name (field 2) may hold spaces and parentheses: count fields after the last ')'
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** The project's watcher when its process is alive and is the one recorded. */
export async function liveWatcher(dir: string, project: string): Promise<WatcherRecord | undefined> {
  const text = await readFile(recordPath(dir, project), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const rec = JSON.parse(text) as WatcherRecord;
  if ((await startTicks(rec.pid)) === rec.startTicks) return rec;
  await rm(recordPath(dir, project), { force: true });
  return undefined;
}

/** Starts `argv` (a `berth watch --no-up ...` command) detached, its output in a log beside the record. */
export async function startDetachedWatcher(dir: string, project: string, argv: string[], env: NodeJS.ProcessEnv, fingerprint?: string): Promise<WatcherRecord> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const log = join(dir, `${project}.log`);
  mkdirSync(dirname(log), { recursive: true });
  const logStart = (await stat(log).catch(() => undefined))?.size ?? 0;
  const fd = openSync(log, 'a');
  const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('the watcher process did not start');
  const rec: WatcherRecord = { project, pid, startTicks: (await startTicks(pid)) ?? '', log, startedAt: new Date().toISOString(), fingerprint };
  const tmp = `${recordPath(dir, project)}.tmp`;
  await writeFile(tmp, JSON.stringify(rec));
  await rename(tmp, recordPath(dir, project));
  await watching(rec, logStart);
  return rec;
}

/**
 * Returns once the watcher says it watches (so `up -d --watch` returns with edits already seen),
 * or fails with its log's tail when it ended first; bounded.
 */
async function watching(rec: WatcherRecord, logStart: number, limitMs = 60_000): Promise<void> {
  for (let waited = 0; waited < limitMs; waited += 50) {
    const said = (await readFile(rec.log).catch(() => Buffer.alloc(0))).subarray(logStart).toString('utf8');
    if (said.includes('Watch enabled')) return;
    if ((await startTicks(rec.pid)) !== rec.startTicks) throw new Error(`the watcher ended: ${said.trim().split('\n').slice(-5).join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ends the project's watcher (SIGTERM, then SIGKILL after `graceMs`); false when none ran. */
export async function stopWatcher(dir: string, project: string, graceMs = 5000, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<boolean> {
  const rec = await liveWatcher(dir, project);
  if (rec === undefined) return false;
  process.kill(rec.pid, 'SIGTERM');
  for (let waited = 0; waited < graceMs; waited += 50) {
    if ((await startTicks(rec.pid)) !== rec.startTicks) break;
    await sleep(50);
  }
  if ((await startTicks(rec.pid)) === rec.startTicks) process.kill(rec.pid, 'SIGKILL');
  await rm(recordPath(dir, project), { force: true });
  return true;
}
