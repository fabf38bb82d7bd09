// Reads a container's log for `docker logs`: stdout/stderr selection, --since/--until, --tail,
// and --follow. Follow survives conmon's size rotation, which swaps in a new file at the same path.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { K8sLineParser, type LogEntry } from './k8s-file';

export interface LogReadOptions {
  stdout?: boolean;
  stderr?: boolean;
  /** Only entries at or after this many ns since the epoch. */
  sinceNs?: bigint;
  /** Only entries before this many ns since the epoch. */
  untilNs?: bigint;
  /** Only the last N entries present when the read starts (follow then continues). */
  tail?: number;
  follow?: boolean;
  /** With follow: resolves when no more output can come (the container stopped). */
  stopped?: Promise<unknown>;
  signal?: AbortSignal;
  pollMs?: number;
}

function wanted(e: LogEntry, o: LogReadOptions): boolean {
  if (e.stream === 'stdout' && o.stdout === false) return false;
  if (e.stream === 'stderr' && o.stderr === false) return false;
  if (o.sinceNs !== undefined && e.timeNs < o.sinceNs) return false;
  if (o.untilNs !== undefined && e.timeNs >= o.untilNs) return false;
  return true;
}

/** Incremental reader of one file: returns the whole lines appended since the last call. */
class FileCursor {
  private pos = 0;
  private rest = '';
  constructor(readonly fh: FileHandle, readonly ino: number) {}
  async lines(): Promise<string[]> {
    const out: string[] = [];
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await this.fh.read(buf, 0, buf.length, this.pos);
      if (bytesRead === 0) break;
      this.pos += bytesRead;
      const parts = (this.rest + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.rest = parts.pop() ?? '';
      out.push(...parts);
    }
    return out;
  }
}

async function openCursor(path: string): Promise<FileCursor | undefined> {
  try {
    const fh = await open(path, 'r');
    return new FileCursor(fh, (await fh.stat()).ino);
  } catch { return undefined; }
}

function nextChange(path: string, ms: number, extra: Array<Promise<unknown> | undefined>, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let w: FSWatcher | undefined;
    const done = (): void => { clearTimeout(t); w?.close(); signal?.removeEventListener('abort', done); resolve(); };
    const t = setTimeout(done, ms);
    try { w = fsWatch(path, done); w.on('error', done); } catch { /* file not there yet */ }
    signal?.addEventListener('abort', done, { once: true });
    for (const p of extra) p?.then(done, done);
  });
}

/** Yields log entries in file order. */
export async function* readLog(path: string, o: LogReadOptions = {}): AsyncGenerator<LogEntry> {
  const parser = new K8sLineParser();
  let cur = await openCursor(path);
  try {
    // The backlog, for --tail.
    const backlog: LogEntry[] = [];
    for (const line of cur ? await cur.lines() : []) {
      const e = parser.push(line);
      if (e && wanted(e, o)) backlog.push(e);
    }
    if (!o.follow) {
      const last = parser.flush();
      if (last && wanted(last, o)) backlog.push(last);
    }
    yield* o.tail !== undefined && o.tail >= 0 ? backlog.slice(Math.max(0, backlog.length - o.tail)) : backlog;
    if (!o.follow) return;
    let stopped = false;
    void o.stopped?.then(() => { stopped = true; }, () => { stopped = true; });
    for (;;) {
      if (o.signal?.aborted) return;
      const wasStopped = stopped;
      const ino = await stat(path).then((s) => s.ino, () => undefined);
      if (cur && ino !== undefined && ino !== cur.ino) { // rotated: drain the old file, then switch
        for (const line of await cur.lines()) { const e = parser.push(line); if (e && wanted(e, o)) yield e; }
        await cur.fh.close(); cur = undefined;
      }
      cur ??= await openCursor(path);
      for (const line of cur ? await cur.lines() : []) { const e = parser.push(line); if (e && wanted(e, o)) yield e; }
      // One more read after the stop signal, so output written just before the exit is not lost.
      if (wasStopped) {
        const last = parser.flush();
        if (last && wanted(last, o)) yield last;
        return;
      }
      await nextChange(path, o.pollMs ?? 250, [o.stopped], o.signal);
    }
  } finally {
    await cur?.fh.close();
  }
}
