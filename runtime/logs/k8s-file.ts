// conmon's `k8s-file` log format (the CRI format): one line per chunk,
//   2026-11-23T19:15:54.253634935+00:00 stdout F hello
// time in RFC 3339 with nanoseconds, the stream, P (partial: continues on the next line) or F.

export type LogStream = 'stdout' | 'stderr';

export interface LogEntry {
  /** The timestamp exactly as written (nanosecond precision, kept as text). */
  timestamp: string;
  /** Nanoseconds since the epoch, as bigint (Docker's --since accepts fractional seconds). */
  timeNs: bigint;
  stream: LogStream;
  /** The content, with its trailing newline when the line was complete (F). */
  text: string;
}

const LINE = /^(\S+) (stdout|stderr) ([PF]) ?([^\n]*)$/; // [^\n]: a TTY line ends in \r

/** "2026-11-23T19:15:54.253634935+00:00" → ns since the epoch. */
export function parseTimestampNs(ts: string): bigint {
  const m = /^(.*?T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return 0n;
  const secs = Math.floor(Date.parse(`${m[1]}${m[3]}`) / 1000);
  const frac = (m[2] ?? '').padEnd(9, '0').slice(0, 9);
  return BigInt(secs) * 1_000_000_000n + BigInt(frac || '0');
}

/** Docker's RFC3339Nano rendering of a k8s timestamp: UTC, "Z", trailing zeros trimmed. */
export function dockerTimestamp(timeNs: bigint): string {
  const secs = Number(timeNs / 1_000_000_000n);
  const frac = (timeNs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return new Date(secs * 1000).toISOString().replace(/\.\d{3}Z$/, frac ? `.${frac}Z` : 'Z');
}

/**
 * Turns complete lines of the file into entries, joining partial (P) chunks with what follows,
 * as Podman's logs reader does. Returns the entries and any dangling partial state.
 */
export class K8sLineParser {
  private pending: LogEntry | undefined;

  push(line: string): LogEntry | undefined {
    const m = LINE.exec(line);
    if (!m) return undefined;
    const [, timestamp, stream, tag, content] = m;
    const partial = tag === 'P';
    const piece = partial ? content : `${content}\n`;
    if (this.pending && this.pending.stream === stream) {
      this.pending.text += piece;
    } else {
      this.pending = { timestamp, timeNs: parseTimestampNs(timestamp), stream: stream as LogStream, text: piece };
    }
    if (partial) return undefined;
    const done = this.pending;
    this.pending = undefined;
    return done;
  }

  /** The partial entry still waiting for its end (output that ended without a newline). */
  flush(): LogEntry | undefined {
    const done = this.pending;
    this.pending = undefined;
    return done;
  }
}
