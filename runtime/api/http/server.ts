// The API's HTTP server on a unix socket (node:http). Normal requests and `Upgrade: tcp` requests
// (attach, exec start) go through the same router; errors become Docker's `{"message": ...}` body
// with the status from the error's code. The socket file is created mode 0660, as dockerd's.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import { EngineError } from '../../errors';
import { ApiContext, type Sink } from './context';
import type { Router } from './router';
import { errorReply } from './status';

export interface ApiServerOptions {
  router: Router;
  /** Headers on every response (dockerd sends Api-Version, Docker-Experimental, Ostype, Server). */
  commonHeaders: Record<string, string>;
  /** Called with each failure that reached the client as a 500 (for the daemon's log). */
  onInternalError?: (err: unknown, req: IncomingMessage) => void;
  /** Called once the server has been idle for `idleMs` after a request (the daemon collects garbage then). */
  onIdle?: () => void;
  idleMs?: number;
  /** How long an upgraded request's announced body may stall (default 30 s). */
  bodyTimeoutMs?: number;
}

export class ApiServer {
  private readonly server: Server;
  private readonly sockets = new Set<Duplex>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ApiServerOptions) {
    this.server = createServer({ keepAlive: true }, (req, res) => {
      for (const [k, v] of Object.entries(opts.commonHeaders)) res.setHeader(k, v);
      void this.dispatch(req, { kind: 'response', res });
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // node hands an upgraded socket over without its own error listener: a client that resets
      // it (EPIPE/ECONNRESET while a container exits) would otherwise be an uncaught error.
      socket.on('error', () => socket.destroy());
      void this.dispatch(req, { kind: 'upgrade', socket, head });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
  }

  /** Listens on `path` (mode 0660). A stale socket nobody answers on is replaced; a live one is not. */
  async listen(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    if (await exists(path)) {
      if (await answers(path)) throw new EngineError('ALREADY_EXISTS', `an engine already listens on ${path}`);
      await rm(path, { force: true });
    }
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(path, () => { this.server.off('error', reject); resolve(); });
    });
    await chmod(path, 0o660);
  }

  /** Stops accepting, ends every open connection (streams included), resolves when closed. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  private touch(): void {
    const onIdle = this.opts.onIdle;
    if (!onIdle) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(onIdle, this.opts.idleMs ?? 2000);
    this.idleTimer.unref();
  }

  private async dispatch(req: IncomingMessage, sink: Sink): Promise<void> {
    this.touch();
    const url = new URL(req.url ?? '/', 'http://berth');
    let ctx: ApiContext | undefined;
    try {
      const m = this.opts.router.match(req.method ?? 'GET', url.pathname);
      ctx = new ApiContext(req, sink, m.params, url.searchParams, m.apiVersion, this.opts.commonHeaders, this.opts.bodyTimeoutMs);
      await m.handler(ctx);
    } catch (err) {
      this.fail(err, req, sink, ctx);
    }
  }

  private fail(err: unknown, req: IncomingMessage, sink: Sink, ctx: ApiContext | undefined): void {
    const { status, body } = errorReply(err);
    // A client that left mid-stream is not the engine's failure: nothing to log.
    const clientGone = ctx?.headersSent && (err as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
    if (status >= 500 && !clientGone) this.opts.onInternalError?.(err, req);
    if (ctx?.headersSent) {
      // Too late for a status: end the stream, as dockerd does when a stream fails midway.
      if (sink.kind === 'response') sink.res.destroy(); else sink.socket.destroy();
      return;
    }
    const reply = ctx ?? new ApiContext(req, sink, {}, new URLSearchParams(), '', this.opts.commonHeaders);
    reply.json(body, status);
    if (sink.kind === 'response') drain(req, sink.res);
  }
}

/** Discards an unread request body so a keep-alive connection stays usable. */
function drain(req: IncomingMessage, _res: ServerResponse): void {
  if (!req.complete) req.resume();
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}
