// One API request as a handler sees it. A request arrives either as a normal HTTP request
// (a ServerResponse to answer) or as an `Upgrade: tcp` request (the raw socket, as the docker CLI
// sends for attach and exec start); the helpers below answer both ways, so handlers don't care.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex, Readable, Writable } from 'node:stream';
import { EngineError } from '../../errors';

export type Sink =
  | { kind: 'response'; res: ServerResponse }
  | { kind: 'upgrade'; socket: Duplex; head: Buffer };

/** A taken-over connection: what the client sends (stdin) and where the stream goes. */
export interface Hijacked {
  input: Readable;
  output: Writable;
  /** Ends the output side (the client sees EOF). */
  close(): void;
  /** Calls `fn` once the client is gone (the connection closed), not when its body ends. */
  onGone(fn: () => void): void;
}

export class ApiContext {
  private started = false;

  constructor(
    readonly req: IncomingMessage,
    private readonly sink: Sink,
    readonly params: Record<string, string>,
    readonly query: URLSearchParams,
    /** The API version of the request: from the `/vX.Y` prefix, else the server's maximum. */
    readonly apiVersion: string,
    /** Headers Docker puts on every response (Api-Version, Ostype, Server...). */
    private readonly common: Record<string, string> = {},
    /** How long an upgraded request's body may stall before the request is refused. */
    private readonly bodyTimeoutMs = 30_000,
  ) {}

  /** True once a status line went out: an error can no longer become a response. */
  get headersSent(): boolean {
    return this.started;
  }

  param(name: string): string {
    const v = this.params[name];
    if (v === undefined) throw new EngineError('INVALID_ARGUMENT', `missing path parameter ${name}`);
    return v;
  }

  json(body: unknown, status = 200): void {
    const data = Buffer.from(JSON.stringify(body) + '\n');
    this.respond(status, { 'Content-Type': 'application/json', 'Content-Length': String(data.length) }, data);
  }

  empty(status = 204): void {
    this.respond(status, status === 204 || status === 304 ? {} : { 'Content-Length': '0' }, Buffer.alloc(0));
  }

  send(status: number, headers: Record<string, string>, data: Buffer | string): void {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    this.respond(status, { ...headers, 'Content-Length': String(buf.length) }, buf);
  }

  private respond(status: number, headers: Record<string, string>, data: Buffer): void {
    this.started = true;
    if (this.sink.kind === 'response') {
      this.sink.res.writeHead(status, headers);
      this.sink.res.end(data);
      return;
    }
    const head = statusLine(status, { ...this.common, ...headers, Connection: 'close' });
    this.sink.socket.end(Buffer.concat([Buffer.from(head), data]));
  }

  /**
   * Starts a streamed body (events, logs, stats, load progress) and returns where to write it;
   * headers go out at once, so a client knows the request was accepted (docker's `wait` relies on
   * that: the CLI sends `start` only after the wait's headers arrived).
   */
  stream(contentType: string, status = 200, headers: Record<string, string> = {}): Writable {
    this.started = true;
    if (this.sink.kind === 'response') {
      const res = this.sink.res;
      res.writeHead(status, { 'Content-Type': contentType, ...headers });
      res.flushHeaders();
      return res;
    }
    const socket = this.sink.socket;
    socket.write(statusLine(status, { ...this.common, 'Content-Type': contentType, Connection: 'close', ...headers }));
    return socket;
  }

  /**
   * Takes the connection over for a bidirectional raw stream, as Docker's hijack does: `101
   * UPGRADED` when the client asked to upgrade, else `200` with the stream as the body and the
   * request body as input.
   */
  hijack(contentType: string): Hijacked {
    this.started = true;
    if (this.sink.kind === 'upgrade') {
      const { socket, head } = this.sink;
      const headers = { ...this.common, 'Content-Type': contentType, Connection: 'Upgrade', Upgrade: 'tcp' };
      socket.write(statusLine(101, headers, 'UPGRADED'));
      if (head.length > 0) socket.unshift(head);
      return { input: socket, output: socket, close: () => socket.end(), onGone: (fn) => { socket.once('close', fn); } };
    }
    const res = this.sink.res;
    res.writeHead(200, { 'Content-Type': contentType });
    res.flushHeaders();
    // Without an upgrade the request body ends long before the stream does (an empty body at
    // once): the session lasts until the response is done or the client drops the connection.
    return { input: this.req, output: res, close: () => res.end(), onGone: (fn) => { res.once('close', fn); } };
  }

  /**
   * Reads and drops a request body nobody asked for (attach has none in the API), so that on an
   * upgraded connection its bytes are not taken for the container's stdin.
   */
  async discardBody(): Promise<void> {
    if (this.sink.kind === 'upgrade') await this.upgradeBody(16 * 1024 * 1024);
  }

  /** Reads the whole request body (bounded: JSON bodies are small). */
  async body(limit = 16 * 1024 * 1024): Promise<Buffer> {
    if (this.sink.kind === 'upgrade') return this.upgradeBody(limit);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new EngineError('INVALID_ARGUMENT', 'request body too large');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  /**
   * On an upgraded connection node hands over the raw socket: the body (Content-Length bytes, as
   * the docker CLI sends for exec start) is in `head` and possibly further on the socket. What
   * follows it stays for the hijacked stream.
   */
  private async upgradeBody(limit: number): Promise<Buffer> {
    const sink = this.sink as Extract<Sink, { kind: 'upgrade' }>;
    const len = Number(this.req.headers['content-length'] ?? 0);
    if (!Number.isSafeInteger(len) || len > limit) throw new EngineError('INVALID_ARGUMENT', 'request body too large');
    let buf = sink.head;
    while (buf.length < len) {
      const chunk = sink.socket.read() as Buffer | null;
      if (chunk) { buf = Buffer.concat([buf, chunk]); continue; }
      if (sink.socket.readableEnded || sink.socket.destroyed) break;
      await nextReadable(sink.socket, this.bodyTimeoutMs);
    }
    sink.head = buf.subarray(len);
    return buf.subarray(0, len);
  }

  /** The JSON body; an empty body reads as `{}` (docker-py sends none for some POSTs). */
  async jsonBody<T>(): Promise<T> {
    const raw = (await this.body()).toString('utf8').trim();
    if (raw === '') return {} as T;
    try {
      return JSON.parse(raw) as T;
    } catch (err) {
      throw new EngineError('INVALID_ARGUMENT', `invalid JSON body: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Calls `fn` when the client goes away before the response ended. */
  onClose(fn: () => void): void {
    const target = this.sink.kind === 'response' ? this.sink.res : this.sink.socket;
    target.once('close', fn);
  }
}

/**
 * Waits for more of an upgraded body. A peer that announced a body and then stalls (or goes away
 * without EOF) would otherwise hold the handler, and what it reserved, forever.
 */
function nextReadable(socket: Duplex, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      clearTimeout(timer);
      socket.off('readable', ok); socket.off('close', ok);
      if (err) reject(err); else resolve();
    };
    const ok = (): void => done();
    const timer = setTimeout(() => done(new EngineError('INVALID_ARGUMENT', `request body not received within ${timeoutMs} ms`)), timeoutMs);
    socket.once('readable', ok);
    socket.once('close', ok);
  });
}

function statusLine(status: number, headers: Record<string, string>, reason = STATUS_CODES[status] ?? ''): string {
  const lines = [`HTTP/1.1 ${status} ${reason}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  lines.push('', '');
  return lines.join('\r\n');
}
