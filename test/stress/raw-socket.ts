// Raw clients for the stress tests: an HTTP request written by hand on a unix socket, so a test can
// behave as badly as a real client may (reset mid-stream, stall, upgrade and vanish).
import { connect, type Socket } from 'node:net';
import { raw } from '../api/helpers';

/** Opens a connection and writes a request; the socket is the test's to abuse. */
export function openRequest(socketPath: string, method: string, path: string, body = '', headers: Record<string, string> = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(socketPath);
    s.on('error', () => undefined);
    s.once('connect', () => {
      const head = [`${method} ${path} HTTP/1.1`, 'Host: berth', `Content-Length: ${Buffer.byteLength(body)}`,
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
      s.write(head + body);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** An upgraded (hijacked) request: resolves once the 101 arrived, with the socket in raw mode. */
export async function openUpgrade(socketPath: string, path: string, body = ''): Promise<Socket> {
  const s = await openRequest(socketPath, 'POST', path, body, { 'Content-Type': 'application/json', Connection: 'Upgrade', Upgrade: 'tcp' });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (b: Buffer): void => {
      seen += b.toString('latin1');
      if (!seen.includes('\r\n\r\n')) return;
      s.off('data', onData);
      if (seen.startsWith('HTTP/1.1 101')) resolve(); else reject(new Error(`no upgrade: ${seen.slice(0, 200)}`));
    };
    s.on('data', onData);
    s.once('close', () => reject(new Error('closed before the upgrade')));
  });
  s.resume();
  return s;
}

/** Writes as fast as the socket takes it until it fails or `ms` passed, then drops it unread. */
export async function floodThenReset(s: Socket, ms: number): Promise<void> {
  const chunk = Buffer.alloc(16 * 1024, 'y\n');
  const until = Date.now() + ms;
  while (Date.now() < until && !s.destroyed) {
    if (!s.write(chunk)) await drainOrClose(s, 20);
  }
  // A unix socket has no RST: closing with unread data is what makes the engine see ECONNRESET.
  if (!s.destroyed) s.destroy();
}

export async function json<T>(socketPath: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await raw(socketPath, method, path, body === undefined ? undefined : JSON.stringify(body), { 'Content-Type': 'application/json' });
  return { status: r.status, body: (r.body ? JSON.parse(r.body) : undefined) as T };
}

/** GET /_ping's answer time in ms (throws when the engine does not answer in 5 s). */
export async function pingMs(socketPath: string): Promise<number> {
  const t0 = performance.now();
  const r = await Promise.race([raw(socketPath, 'GET', '/_ping'), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('/_ping timed out')), 5000))]);
  if (r.status !== 200 || r.body !== 'OK') throw new Error(`/_ping answered ${r.status} ${r.body}`);
  return performance.now() - t0;
}

function drainOrClose(s: Socket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => { clearTimeout(timer); s.off('drain', done); s.off('close', done); resolve(); };
    const timer = setTimeout(done, ms);
    s.once('drain', done);
    s.once('close', done);
  });
}
