// HTTP for the registry client on node:http/https rather than undici: berthd runs under V8's
// --lite-mode (jitless: 8.5 MB less idle RSS, commit 2f8aeee), where WebAssembly, and with it
// undici's llhttp parser, does not exist. One keep-alive agent pair per registry host (TLS
// options from certs.d); bodies stream; `dump()` drains a body we do not read, so the socket
// goes back to the pool.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

export interface TlsOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

export class Dispatcher {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  private readonly https: HttpsAgent;

  constructor(tls: TlsOptions = { rejectUnauthorized: true }) {
    this.https = new HttpsAgent({ keepAlive: true, maxSockets: 16, ...tls });
  }

  agentFor(url: URL): HttpAgent | HttpsAgent {
    return url.protocol === 'https:' ? this.https : this.http;
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

export type Body = IncomingMessage & { dump(): Promise<void> };

export interface HttpResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Body;
}

export interface HttpRequestOptions {
  method: string;
  headers?: Record<string, string>;
  body?: Buffer | string | Readable;
  dispatcher: Dispatcher;
  /** Idle socket time before the request fails (default 60 s). */
  timeoutMs?: number;
}

export function request(target: URL | string, o: HttpRequestOptions): Promise<HttpResponse> {
  const url = typeof target === 'string' ? new URL(target) : target;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...o.headers };
    if ((typeof o.body === 'string' || Buffer.isBuffer(o.body)) && headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(o.body));
    const req = send(url, { method: o.method, headers, agent: o.dispatcher.agentFor(url) }, (res) => {
      const body = res as Body;
      // Always read to the end: a parsed-but-unread body (res.complete) still holds its socket,
      // and 16 of those would leave the host's pool empty and the next request waiting forever.
      body.dump = () => new Promise<void>((done) => {
        if (res.readableEnded || res.destroyed) return done();
        res.once('end', done).once('close', done).once('error', () => done());
        res.resume();
      });
      resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body });
    });
    req.setTimeout(o.timeoutMs ?? 60_000, () => req.destroy(new Error(`no answer from ${url.host} within ${(o.timeoutMs ?? 60_000) / 1000}s`)));
    req.once('error', reject);
    if (o.body instanceof Readable) {
      o.body.once('error', (err) => req.destroy(err));
      o.body.pipe(req);
    } else {
      req.end(o.body);
    }
  });
}
