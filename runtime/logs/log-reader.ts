// Reads a container's log for `docker logs`: stdout/stderr selection, --since/--until, --tail,
// and --follow. Follow survives conmon's size rotation, which swaps in a new file at the same path.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { K8sLineParser, type LogEntry } from './k8s-file';
import { rotatedFiles } from './rotation-keeper';

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

/**
 * Incremental reader of one file: the whole lines appended since the last call, at most about
 * `chunk` bytes of them per call, so a follower of a 100 MB burst never holds more than one chunk.
 */
class FileCursor {
  private pos = 0;
  private rest = '';
  private readonly buf: Buffer;
  constructor(readonly fh: FileHandle, readonly ino: number, chunk = 256 * 1024) { this.buf = Buffer.alloc(chunk); }
  /** The next lines; an empty list once the end of the file is reached. */
  async lines(): Promise<string[]> {
    for (;;) {
      const { bytesRead } = await this.fh.read(this.buf, 0, this.buf.length, this.pos);
      if (bytesRead === 0) return [];
      this.pos += bytesRead;
      const parts = (this.rest + this.buf.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.rest = parts.pop() ?? '';
      if (parts.length > 0) return parts;
      // One line longer than the chunk: conmon splits long lines (P entries), so this is bounded.
    }
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

/** Every entry of `cur` from where it stands to its end, one chunk of lines at a time. */
async function* drain(cur: FileCursor | undefined, parser: K8sLineParser, o: LogReadOptions): AsyncGenerator<LogEntry> {
  if (!cur) return;
  for (let lines = await cur.lines(); lines.length > 0; lines = await cur.lines()) {
    for (const line of lines) { const e = parser.push(line); if (e && wanted(e, o)) yield e; }
  }
}

/** The rotated files that exist (<log>.N ... <log>.1), oldest first. */
async function rotatedOldestFirst(path: string): Promise<string[]> {
  const found: string[] = [];
  for (const f of rotatedFiles(path, 1000)) {
    if (!(await stat(f).then(() => true, () => false))) break;
    found.push(f);
  }
  return found.reverse();
}

/** What is on disk now: rotated files then the live one; with `tail`, only the last N kept. */
async function* backlog(path: string, cur: FileCursor | undefined, parser: K8sLineParser, o: LogReadOptions): AsyncGenerator<LogEntry> {
  const ring: LogEntry[] = [];
  const tail = o.tail !== undefined && o.tail >= 0 ? o.tail : undefined;
  const take = (e: LogEntry): LogEntry | undefined => {
    if (tail === undefined) return e;
    ring.push(e);
    if (ring.length > tail) ring.shift();
    return undefined;
  };
  for (const f of await rotatedOldestFirst(path)) {
    const old = await openCursor(f);
    try { for await (const e of drain(old, parser, o)) { const out = take(e); if (out) yield out; } } finally { await old?.fh.close(); }
  }
  for await (const e of drain(cur, parser, o)) { const out = take(e); if (out) yield out; }
  if (!o.follow) { const last = parser.flush(); if (last && wanted(last, o)) { const out = take(last); if (out) yield out; } }
  yield* ring;
}

/** Yields log entries in file order; consumed at the reader's pace (one chunk read ahead at most). */
export async function* readLog(path: string, o: LogReadOptions = {}): AsyncGenerator<LogEntry> {
  const parser = new K8sLineParser();
  let cur = await openCursor(path);
  try {
    yield* backlog(path, cur, parser, o);
    if (!o.follow) return;
    let stopped = false;
    void o.stopped?.then(() => { stopped = true; }, () => { stopped = true; });
    for (;;) {
      if (o.signal?.aborted) return;
      const wasStopped = stopped;
      const ino = await stat(path).then((s) => s.ino, () => undefined);
      if (cur && ino !== undefined && ino !== cur.ino) { // rotated: drain the old file, then switch
        yield* drain(cur, parser, o);
        await cur.fh.close(); cur = undefined;
      }
      cur ??= await openCursor(path);
      yield* drain(cur, parser, o);
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
