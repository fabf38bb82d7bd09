// Bearer tokens from a registry's token service (distribution's docs/spec/auth/token.md and
// oauth.md), as containerd's remotes/docker/auth does: GET realm?service&scope with Basic
// credentials, or POST grant_type=refresh_token when the caller holds an identity token. Tokens
// are cached per (realm, service, scopes, who asks) until they expire, so a pull of ten layers
// asks once; the clock is a parameter so expiry is testable.
import { createHash } from 'node:crypto';
import { request, type Dispatcher, type HttpResponse } from './http';
import { EngineError } from '../errors';
import type { RegistryCredentials } from './credentials';

export interface TokenResponse {
  token: string;
  /** When a refresh token was asked for (login) and granted. */
  refreshToken?: string;
}

interface CachedToken { token: string; expiresAt: number }

/** Docker uses 60 s when a token server gives no lifetime; tokens are dropped 5 s early. */
const DEFAULT_LIFETIME_S = 60;
const EARLY_MS = 5_000;
const MAX_TOKEN_BODY = 1024 * 1024;

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly now: () => number) {}

  get(key: string): string | undefined {
    const t = this.tokens.get(key);
    if (!t) return undefined;
    if (t.expiresAt <= this.now()) {
      this.tokens.delete(key);
      return undefined;
    }
    return t.token;
  }

  set(key: string, token: string, lifetimeS: number): void {
    this.tokens.set(key, { token, expiresAt: this.now() + lifetimeS * 1000 - EARLY_MS });
  }

  /** The cached token, or one fetched once for all concurrent askers of the same key. */
  async getOrFetch(key: string, fetch: () => Promise<{ token: string; lifetimeS: number }>): Promise<string> {
    const hit = this.get(key);
    if (hit) return hit;
    let p = this.pending.get(key);
    if (!p) {
      p = fetch().then((t) => {
        this.set(key, t.token, t.lifetimeS);
        return t.token;
      }).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  delete(key: string): void {
    this.tokens.delete(key);
  }
}

/** The cache key: who asks matters, so one user's token never serves another's request. */
export function tokenKey(params: Record<string, string>, scopes: string[], creds: RegistryCredentials): string {
  const who = createHash('sha256').update(JSON.stringify([creds.username ?? '', creds.password ?? '', creds.identityToken ?? ''])).digest('hex').slice(0, 16);
  return JSON.stringify([params.realm, params.service ?? '', [...scopes].sort(), who]);
}

export interface FetchTokenOptions {
  params: Record<string, string>;
  scopes: string[];
  creds: RegistryCredentials;
  dispatcher: Dispatcher;
  /** Ask for a refresh token (login). */
  offline?: boolean;
}

export async function fetchToken(o: FetchTokenOptions): Promise<TokenResponse & { lifetimeS: number }> {
  const realm = new URL(o.params.realm);
  const useRefresh = o.creds.identityToken !== undefined;
  const form = new URLSearchParams();
  if (o.params.service) form.set('service', o.params.service);
  for (const s of o.scopes) form.append('scope', s);
  let res: HttpResponse;
  try {
    if (useRefresh) {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', o.creds.identityToken as string);
      form.set('client_id', 'berth');
      res = await request(realm, { method: 'POST', dispatcher: o.dispatcher, body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    } else {
      if (o.offline) { form.set('offline_token', 'true'); form.set('client_id', 'berth'); }
      for (const [k, v] of form) realm.searchParams.append(k, v);
      const headers: Record<string, string> = {};
      if (o.creds.username !== undefined) headers.authorization = basic(o.creds);
      res = await request(realm, { method: 'GET', dispatcher: o.dispatcher, headers });
    }
  } catch (err) {
    throw new EngineError('UNAVAILABLE', `token service ${realm.origin}: ${(err as Error).message}`, { cause: err });
  }
  return readToken(res, realm.origin);
}

async function readToken(res: HttpResponse, origin: string): Promise<TokenResponse & { lifetimeS: number }> {
  const text = await readCapped(res.body, MAX_TOKEN_BODY);
  if (res.statusCode === 401 || res.statusCode === 403) {
    throw new EngineError('FAILED_PRECONDITION', `unauthorized: token service ${origin} refused the credentials (${res.statusCode})`);
  }
  if (res.statusCode !== 200) throw new EngineError('UNAVAILABLE', `token service ${origin} answered ${res.statusCode}`);
  let body: { token?: unknown; access_token?: unknown; expires_in?: unknown; refresh_token?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch (err) {
    throw new EngineError('UNAVAILABLE', `token service ${origin} answered with something that is not JSON`, { cause: err });
  }
  const token = typeof body.token === 'string' && body.token ? body.token : typeof body.access_token === 'string' ? body.access_token : '';
  if (!token) throw new EngineError('UNAVAILABLE', `token service ${origin} gave no token`);
  const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_S;
  return { token, lifetimeS, refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined };
}

export function basic(c: RegistryCredentials): string {
  return 'Basic ' + Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64');
}

/** Reads a body as text, refusing more than `max` bytes (a hostile server cannot fill memory). */
export async function readCapped(body: AsyncIterable<Uint8Array> & { destroy?: (e?: Error) => void }, max: number, what = 'response'): Promise<string> {
  return (await readCappedBuffer(body, max, what)).toString('utf8');
}

export async function readCappedBuffer(body: AsyncIterable<Uint8Array> & { destroy?: (e?: Error) => void }, max: number, what = 'response'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += c.length;
    if (n > max) {
      body.destroy?.();
      throw new EngineError('INVALID_ARGUMENT', `${what} is larger than ${max} bytes: refused`);
    }
    chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks);
}
