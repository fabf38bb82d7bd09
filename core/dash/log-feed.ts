// The combined logs of a project for the dashboard: one follow per container (timestamps on, so
// the UI can toggle them and a restarted container is followed again from its last line), lines
// into the ring with their service. A container is (re)followed whenever a refresh finds it
// running without an open stream, so replicas that appear later and restarts are picked up, as
// `logs -f` does.
import { Writable } from 'node:stream';
import { demuxStream, rawStream } from '../engine/demux';
import type { ComposeSession } from '../compose/session';
import type { LogRing } from './log-ring';

export interface FollowTarget { id: string; service: string; name: string; running: boolean }

const TS = /^(\d{4}-\d\d-\d\dT\S+) (.*)$/s;

export class LogFeed {
  private readonly open = new Map<string, AbortController>();
  /** Last timestamp read per container: a new follow starts after it. */
  private readonly last = new Map<string, string>();
  /** Containers read at least once (a stopped one is not read again). */
  private readonly seen = new Set<string>();

  constructor(private readonly s: ComposeSession, private readonly ring: LogRing, private readonly onChange: () => void, private readonly tail = '200') {}

  sync(targets: FollowTarget[]): void {
    for (const t of targets) {
      if (this.open.has(t.id)) continue;
      // a stopped container's lines are read once; a running one is followed
      if (!t.running && this.seen.has(t.id)) continue;
      this.follow(t);
    }
  }

  private follow(t: FollowTarget): void {
    const ctl = new AbortController();
    this.open.set(t.id, ctl);
    const since = this.last.get(t.id);
    const read = async (): Promise<void> => {
      const { stream, multiplexed } = await this.s.client.getContainer(t.id).logs({
        follow: t.running, stdout: true, stderr: true, timestamps: true,
        tail: since === undefined ? this.tail : undefined, since: since === undefined ? undefined : afterStamp(since),
      }, ctl.signal);
      const sink = this.lineSink(t);
      await (multiplexed ? demuxStream(stream, sink, sink) : rawStream(stream, sink));
    };
    read().catch(() => undefined).finally(() => {
      if (this.open.get(t.id) === ctl) this.open.delete(t.id);
      this.seen.add(t.id);
    });
  }

  private lineSink(t: FollowTarget): Writable {
    let buf = '';
    const emit = (raw: string): void => {
      const m = TS.exec(raw);
      const timestamp = m?.[1] ?? '';
      if (timestamp !== '') this.last.set(t.id, timestamp);
      this.ring.push({ service: t.service, name: t.name, timestamp, text: m?.[2] ?? raw });
      this.onChange();
    };
    return new Writable({
      write(chunk: Buffer, _enc, done) {
        buf += chunk.toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) { emit(buf.slice(0, nl)); buf = buf.slice(nl + 1); }
        done();
      },
      final(done) { if (buf !== '') emit(buf); done(); },
    });
  }

  close(): void {
    for (const ctl of this.open.values()) ctl.abort();
    this.open.clear();
  }
}

/** The engine's `since` (unix seconds, fractional) just after an RFC3339 stamp with nanoseconds. */
export function afterStamp(ts: string): string {
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return '0';
  const frac = /\.(\d+)/.exec(ts)?.[1] ?? '';
  const ns = BigInt(Math.floor(ms / 1000)) * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9)) + 1n;
  const s = ns.toString().padStart(10, '0');
  return `${s.slice(0, -9)}.${s.slice(-9)}`;
}
