// HTTP over the engine's unix socket (node:http with a keep-alive agent). Maps Docker error bodies
// back to CoreError codes, the inverse of runtime/api's mapping, and opens hijacked connections
// (`Upgrade: tcp`) for attach and exec.
//
// With a `startEngine` hook (ensureEngine's embedded engine), a request that finds no engine (the
// socket missing: ENOENT, or nobody listening: ECONNREFUSED) starts it and is sent again once it
// answers. Neither error can follow a byte sent, so even a POST is safe to repeat, and a command
// pays no probe round trip when the engine is up, which is almost always.
import { Agent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type RequestOptions as HttpRequestOptions } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { CoreError, type ErrorCode } from '../errors';

export interface RequestOptions {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  /** A JSON value (sent as application/json) or a stream (sent as-is, e.g. a tar). */
  body?: unknown;
  headers?: OutgoingHttpHeaders;
  signal?: AbortSignal;
}

export function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 400) return 'INVALID_ARGUMENT';
  if (status === 501) return 'NOT_IMPLEMENTED';
  if (status === 503) return 'UNAVAILABLE';
  return 'INTERNAL';
}

/** Starts the engine and resolves once it answers (ensureEngine's). */
export type EngineStarter = () => Promise<void>;

export class Transport {
  private readonly agent: Agent;
  /** One start shared by every request that found no engine (compose sends several at once). */
  private starting: Promise<void> | undefined;

  constructor(readonly socketPath: string, private readonly startEngine?: EngineStarter) {
    this.agent = new Agent({ keepAlive: true });
  }

  close(): void {
    this.agent.destroy();
  }

  /** Sends a request; statuses >= 400 become a CoreError with the engine's message. */
  async request(opts: RequestOptions): Promise<IncomingMessage> {
    const res = await this.startingIfAbsent(() => this.send(opts));
    if (res.statusCode !== undefined && res.statusCode >= 400) throw await errorFrom(res);
    return res;
  }

  async json<T>(opts: RequestOptions): Promise<T> {
    const res = await this.request(opts);
    const text = await readText(res);
    return (text.trim() === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Opens a hijacked connection: resolves with the raw socket once the engine answered 101. */
  hijack(opts: RequestOptions): Promise<{ socket: Duplex; contentType: string }> {
    return this.startingIfAbsent(() => this.hijackOnce(opts));
  }

  /** Runs `attempt`; when it found no engine and a starter is set, starts it and tries once more. */
  private async startingIfAbsent<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (err) {
      if (!this.startEngine || !engineAbsent(err)) throw err;
      this.starting ??= this.startEngine();
      await this.starting;
      return attempt();
    }
  }

  private hijackOnce(opts: RequestOptions): Promise<{ socket: Duplex; contentType: string }> {
    return new Promise((resolve, reject) => {
      const req = this.build(opts, true, reject);
      req.once('upgrade', (res: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (head.length > 0) socket.unshift(head);
        resolve({ socket, contentType: String(res.headers['content-type'] ?? '') });
      });
      req.once('response', (res: IncomingMessage) => {
        errorFrom(res).then(reject, reject);
      });
      this.writeBody(req, opts.body);
    });
  }

  private send(opts: RequestOptions): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = this.build(opts, false, reject);
      req.once('response', resolve);
      this.writeBody(req, opts.body);
    });
  }

  private build(opts: RequestOptions, upgrade: boolean, reject: (e: unknown) => void): ReturnType<typeof httpRequest> {
    const headers: OutgoingHttpHeaders = { ...opts.headers };
    if (opts.body !== undefined && !isStream(opts.body)) headers['Content-Type'] = 'application/json';
    if (isStream(opts.body)) headers['Content-Type'] ??= 'application/x-tar';
    if (upgrade) { headers.Connection = 'Upgrade'; headers.Upgrade = 'tcp'; }
    const options: HttpRequestOptions & { servername: string } = {
      socketPath: this.socketPath, method: opts.method, path: opts.path + queryString(opts.query),
      headers, agent: upgrade ? false : this.agent, signal: opts.signal,
      // Not TLS: an empty servername spares node's agent its isIP('localhost') check, whose IPv6
      // regex takes ~5 ms to compile on a CLI's first request (seen in a --cpu-prof here).
      servername: '',
    };
    const req = httpRequest(options);
    req.once('error', (err: NodeJS.ErrnoException) => reject(connectionError(err, this.socketPath)));
    return req;
  }

  private writeBody(req: ReturnType<typeof httpRequest>, body: unknown): void {
    if (body === undefined) { req.end(); return; }
    // A stream is piped only once connected: a request that found no engine is sent again
    // (startingIfAbsent), and it must still have its whole body to send.
    if (isStream(body)) { req.once('socket', (s) => { if (s.connecting) s.once('connect', () => body.pipe(req)); else body.pipe(req); }); return; }
    const data = Buffer.from(JSON.stringify(body));
    req.setHeader('Content-Length', data.length);
    req.end(data);
  }
}

function isStream(v: unknown): v is Readable {
  return typeof v === 'object' && v !== null && typeof (v as Readable).pipe === 'function';
}

export function queryString(q: RequestOptions['query']): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) v.forEach((x) => p.append(k, x));
    else p.append(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export async function readText(res: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function errorFrom(res: IncomingMessage): Promise<CoreError> {
  const status = res.statusCode ?? 500;
  const text = await readText(res).catch(() => '');
  let message = text.trim() || `engine answered ${status}`;
  try {
    const body = JSON.parse(text) as { message?: string };
    if (body.message) message = body.message;
  } catch { /* not JSON: keep the text */ }
  const err = new CoreError(codeForStatus(status), message);
  Object.assign(err, { status });
  return err;
}

/** Whether a request failed because no engine is there: socket missing or nobody listening. */
export function engineAbsent(err: unknown): boolean {
  const code = ((err as { cause?: NodeJS.ErrnoException } | undefined)?.cause)?.code;
  return err instanceof CoreError && (code === 'ENOENT' || code === 'ECONNREFUSED');
}

function connectionError(err: NodeJS.ErrnoException, socketPath: string): CoreError {
  if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') {
    return new CoreError('UNAVAILABLE', `no engine answers on ${socketPath}`, { cause: err });
  }
  if (err.name === 'AbortError') return new CoreError('UNAVAILABLE', 'request aborted', { cause: err });
  return new CoreError('UNAVAILABLE', `engine connection failed: ${err.message}`, { cause: err });
}
