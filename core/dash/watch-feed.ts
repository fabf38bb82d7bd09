// The events line's watch syncs: the detached watcher (core/watch/detached) writes one line per
// batch ("Synced web: 2 files (…)", "Rebuilt web (…)", "Restarted web (…)") into its log beside
// the engine's socket; this reads what the log gained since it last looked, once a second while a
// watcher runs (one stat when nothing changed), and hands the batch lines on. Build output and
// warnings share that log and are left out.
import { open, stat } from 'node:fs/promises';

/** The lines of a watcher's log that say what a batch did. */
const BATCH = /^(Synced|Rebuilt|Restarted|Ran) /;

export interface WatchLine { service: string; text: string }

export function watchLinesOf(text: string): WatchLine[] {
  return text.split('\n').filter((l) => BATCH.test(l)).map((l) => {
    const service = /^(?:Synced|Rebuilt|Restarted) ([^:( ,]+)/.exec(l)?.[1] ?? /in ([^ ]+) \(/.exec(l)?.[1] ?? '';
    return { service, text: l };
  });
}

export interface WatchFeedDeps {
  timer: (fn: () => void, ms: number) => () => void;
  onLines: (lines: WatchLine[]) => void;
  everyMs?: number;
}

export class WatchFeed {
  private log: string | undefined;
  /** Bytes of the log already read; a line cut by the end of a read waits for its end. */
  private offset = 0;
  private cancel: (() => void) | undefined;
  private closed = false;

  constructor(private readonly d: WatchFeedDeps) {}

  /** The live watcher's log (undefined: none runs). A new log is read from its current end. */
  async sync(log: string | undefined): Promise<void> {
    if (log === this.log) return;
    this.cancel?.();
    this.cancel = undefined;
    this.log = log;
    if (log === undefined) return;
    this.offset = (await stat(log).catch(() => undefined))?.size ?? 0;
    this.tick();
  }

  private tick(): void {
    if (this.closed || this.log === undefined) return;
    this.cancel = this.d.timer(() => { void this.read().finally(() => this.tick()); }, this.d.everyMs ?? 1000);
  }

  private async read(): Promise<void> {
    const log = this.log;
    if (log === undefined) return;
    const size = (await stat(log).catch(() => undefined))?.size ?? 0;
    if (size < this.offset) this.offset = 0;
    if (size === this.offset) return;
    const fh = await open(log, 'r');
    try {
      const buf = Buffer.alloc(Math.min(size - this.offset, 1 << 20));
      const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
      const text = buf.subarray(0, bytesRead).toString('utf8');
      const whole = text.lastIndexOf('\n') + 1;
      // a line longer than a read is no batch line: skipped rather than read again forever
      this.offset += whole === 0 && bytesRead === buf.length ? bytesRead : Buffer.byteLength(text.slice(0, whole));
      const lines = watchLinesOf(text.slice(0, whole));
      if (lines.length > 0 && log === this.log) this.d.onLines(lines);
    } finally {
      await fh.close();
    }
  }

  close(): void {
    this.closed = true;
    this.cancel?.();
  }
}
