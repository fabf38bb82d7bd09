// The dashboard's log buffer: a fixed-size ring, so a chatty project keeps memory bounded (the
// oldest lines go first, as `docker logs --tail` would cut them). Sequence numbers let the UI tell
// how many lines arrived while its view was paused.
import type { LogLine } from './types';

export class LogRing {
  private readonly buf: LogLine[] = [];
  private start = 0;
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`log ring capacity ${capacity}: expected a positive integer`);
  }

  push(line: Omit<LogLine, 'seq'>): void {
    const entry = { ...line, seq: this.next++ };
    if (this.buf.length < this.capacity) { this.buf.push(entry); return; }
    this.buf[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest first. */
  lines(): LogLine[] {
    return this.start === 0 ? this.buf.slice() : [...this.buf.slice(this.start), ...this.buf.slice(0, this.start)];
  }

  /** Sequence number the next line gets (= lines ever pushed). */
  get total(): number {
    return this.next;
  }

  clear(): void {
    this.buf.length = 0;
    this.start = 0;
  }
}
