// A GET over plain HTTP (loopback and insecure registries, where layers are big and the link is
// fast) read straight into 1 MiB buffers with net's `onread`, without node:http's parser and its
// stream layers: under --lite-mode those cost ~2.2 ms of the daemon's thread per MB of blob
// (a 72 MB blob: ~160 ms through node:http, ~35 ms here). Each full buffer is handed on whole,
// so an unpack worker gets it moved, not copied. Only the plain answer is read here: a status
// line, headers, and a Content-Length body; anything else (chunked, a redirect, a challenge) is
// left to the caller to ask again through node:http (session.ts).
import { connect, type Socket } from 'node:net';

export interface PlainResponse {
  status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  headers: Record<string, string>;
  /** The body, ending early (not failing) when the server closes before Content-Length. */
  body: AsyncIterable<Uint8Array>;
  destroy(): void;
}

const BUFFER = 1 << 20;
const MAX_HEAD = 64 * 1024;
/** Buffers waiting for the reader before the socket stops reading. */
const QUEUED = 4;
/** RFC 9110 field names and (visible ASCII, space, tab, obs-text) values. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function plainGet(url: URL, headers: Record<string, string>, timeoutMs = 60_000): Promise<PlainResponse> {
  if (url.protocol !== 'http:') return Promise.reject(new Error(`plainGet is for http: URLs, not ${url.protocol}`));
  return new Promise((resolve, reject) => new PlainGet(url, headers, timeoutMs, resolve, reject).open());
}

class PlainGet {
  // Not zeroed (allocUnsafe owns a fresh ArrayBuffer at this size): only bytes a read wrote go out.
  private buf: Uint8Array = Buffer.allocUnsafe(BUFFER);
  private fill = 0;
  /** Where the body starts in `buf` (after the head, in the first buffer). */
  private start = 0;
  private head = false;
  private remaining = 0;
  private readonly queue: Uint8Array[] = [];
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;
  private socket: Socket | undefined;

  constructor(
    private readonly url: URL,
    private readonly headers: Record<string, string>,
    private readonly timeoutMs: number,
    private readonly resolve: (r: PlainResponse) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  private connect(): void {
    const s = connect({
      host: this.url.hostname.replace(/^\[|\]$/g, ''), port: Number(this.url.port || 80),
      onread: { buffer: () => this.buf.subarray(this.fill), callback: (n: number) => this.onRead(n) },
    });
    this.socket = s;
    s.setTimeout(this.timeoutMs, () => s.destroy(new Error(`no answer from ${this.url.host} within ${this.timeoutMs / 1000}s`)));
    s.once('connect', () => s.write(this.requestHead()));
    s.once('end', () => this.finish());
    s.once('close', () => this.finish());
    s.once('error', (err) => this.fail(err));
  }

  private requestHead(): string {
    const lines = [`GET ${this.url.pathname}${this.url.search} HTTP/1.1`, `Host: ${this.url.host}`, 'Connection: close'];
    for (const [k, v] of Object.entries(this.headers)) lines.push(`${k}: ${v}`);
    return `${lines.join('\r\n')}\r\n\r\n`;
  }

  open(): void {
    // As node:http does: a value from elsewhere (a token server's token) must not add headers.
    const bad = Object.entries(this.headers).find(([k, v]) => !TOKEN.test(k) || !VALUE.test(v));
    if (bad) return this.reject(new Error(`invalid header ${JSON.stringify(bad[0])} for ${this.url.host}`));
    this.connect();
  }

  private onRead(n: number): boolean {
    this.fill += n;
    if (!this.head && !this.parseHead()) return true;
    if (this.fill - this.start >= this.remaining) {
      this.fill = this.start + this.remaining; // a server that sends more than it said is cut off
      this.flush();
      this.finish();
      this.socket?.destroy();
    } else if (this.fill === BUFFER) this.flush();
    return true;
  }

  /** The status line and headers once all of them are in; false while they are not. */
  private parseHead(): boolean {
    const text = Buffer.from(this.buf.buffer, 0, this.fill);
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.fill >= MAX_HEAD) this.socket?.destroy(new Error(`${this.url.host} sent a response head over ${MAX_HEAD} bytes`));
      return false;
    }
    const [status, ...lines] = text.toString('latin1', 0, end).split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(status);
    if (!m) {
      this.socket?.destroy(new Error(`${this.url.host} answered something that is not HTTP/1.1`));
      return false;
    }
    const headers: Record<string, string> = {};
    for (const l of lines) {
      const i = l.indexOf(':');
      if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    this.head = true;
    this.start = end + 4;
    const length = Number(headers['content-length']);
    // Without a length (or chunked) the caller asks again through node:http: read nothing more.
    this.remaining = Number.isSafeInteger(length) && length >= 0 && headers['transfer-encoding'] === undefined ? length : 0;
    this.resolve({ status: Number(m[1]), headers, body: this.body(), destroy: () => this.socket?.destroy() });
    return true;
  }

  /** Hands the filled part of the buffer on and starts a new one. */
  private flush(): void {
    const n = this.fill - this.start;
    if (n > 0) this.queue.push(this.buf.subarray(this.start, this.fill));
    this.remaining -= n;
    this.buf = Buffer.allocUnsafe(BUFFER);
    this.fill = 0;
    this.start = 0;
    if (this.queue.length >= QUEUED) this.socket?.pause();
    this.notify();
  }

  private finish(): void {
    if (this.ended) return;
    if (this.head && this.fill > this.start) this.flush(); // closed early: the reader sees a short body
    this.ended = true;
    if (!this.head) this.reject(this.error ?? new Error(`${this.url.host} closed the connection before answering`));
    this.notify();
  }

  private fail(err: Error): void {
    this.error = err;
    if (!this.head) this.reject(err);
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async *body(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const c = this.queue.shift();
        if (c) {
          if (this.queue.length < QUEUED / 2 && !this.ended) this.socket?.resume();
          yield c;
        } else if (this.error && this.remaining > 0) throw this.error;
        else if (this.ended) return;
        else await new Promise<void>((r) => { this.wake = r; });
      }
    } finally {
      this.socket?.destroy();
    }
  }
}
