// One conversation with one registry for one caller: the endpoint chosen by pinging /v2/
// (mirrors and HTTPS first, as hosts.ts orders them), the auth scheme learnt from the ping's
// challenge, and every request sent with the right Authorization, retried with backoff on 5xx,
// 429 and dropped connections, and redirects followed by hand so that the registry's
// credentials never travel to another host (blob storage behind a 307, as S3-backed registries do).
import type { Readable } from 'node:stream';
import { request, type Body } from './http';
import { plainGet, type PlainResponse } from './plain-get';
import { EngineError } from '../errors';
import { parseChallenges, type Challenge } from './challenge';
import type { RegistryCredentials } from './credentials';
import type { Endpoint, RegistryHosts } from './hosts';
import { basic, fetchToken, tokenKey, type TokenCache } from './tokens';

export interface SessionDeps {
  hosts: RegistryHosts;
  tokens: TokenCache;
  sleep: (ms: number) => Promise<void>;
  /** Attempts after the first (default 4) and the first backoff (default 200 ms, doubled each time). */
  retries?: number;
  backoffMs?: number;
}

export type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface RegistryRequest {
  method: Method;
  /** A path under the endpoint (/v2/...) or an absolute URL the registry gave (upload Location). */
  path: string;
  scopes: string[];
  headers?: Record<string, string>;
  /** A Buffer, or a factory so a retry can send the body again. */
  body?: Buffer | string | (() => Readable);
}

export interface RegistryResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Body;
  url: URL;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export class RegistrySession {
  private challenge: Challenge | undefined;

  private constructor(
    private readonly deps: SessionDeps,
    readonly domain: string,
    private readonly creds: RegistryCredentials,
    readonly endpoint: Endpoint,
  ) {}

  /** Pings /v2/ on each endpoint in turn; the first that answers HTTP at all is used. */
  static async open(deps: SessionDeps, domain: string, creds: RegistryCredentials, purpose: 'pull' | 'push'): Promise<RegistrySession> {
    const errors: string[] = [];
    for (const ep of await deps.hosts.endpoints(domain, purpose)) {
      try {
        const res = await request(`${ep.origin}/v2/`, { method: 'GET', dispatcher: ep.dispatcher, timeoutMs: 15_000 });
        await res.body.dump();
        const s = new RegistrySession(deps, domain, creds, ep);
        if (res.statusCode === 401) s.challenge = pickChallenge(res.headers['www-authenticate']);
        else if (res.statusCode >= 500 || res.statusCode === 404) throw new Error(`/v2/ answered ${res.statusCode}`);
        return s;
      } catch (err) {
        errors.push(`${ep.origin}: ${(err as Error).message}`);
      }
    }
    throw new EngineError('UNAVAILABLE', `registry ${domain} is not reachable (${errors.join('; ')})`);
  }

  /** Sends with auth, retries and redirects; the caller reads or dumps the body. */
  async send(req: RegistryRequest): Promise<RegistryResponse> {
    const retries = this.deps.retries ?? 4;
    const retryable = req.method === 'GET' || req.method === 'HEAD' || typeof req.body !== 'function' || req.method === 'PUT';
    let reauthed = false;
    for (let attempt = 0; ; attempt++) {
      let res: RegistryResponse;
      try {
        res = await this.follow(req, await this.authorization(req.scopes));
      } catch (err) {
        if (err instanceof EngineError || !retryable || attempt >= retries) throw asUnavailable(err, this.domain);
        await this.backoff(attempt);
        continue;
      }
      if (res.status === 401 && !reauthed) {
        const c = pickChallenge(res.headers['www-authenticate']);
        if (c) {
          await res.body.dump();
          reauthed = true;
          this.dropToken(req.scopes);
          this.challenge = c;
          attempt--;
          continue;
        }
      }
      if ((res.status === 429 || (res.status >= 500 && res.status !== 501)) && retryable && attempt < retries) {
        await res.body.dump();
        await this.backoff(attempt);
        continue;
      }
      return res;
    }
  }

  /**
   * A GET read by plain-get.ts when the registry speaks plain HTTP and answers it with the bytes
   * (200 or 206 and a Content-Length); undefined otherwise, having read nothing of the answer, so
   * send() asks again and deals with the challenge, redirect, retry or error as it always does.
   */
  async plainGet(req: Pick<RegistryRequest, 'path' | 'scopes' | 'headers'>): Promise<PlainResponse | undefined> {
    const url = new URL(req.path, this.endpoint.origin);
    if (url.protocol !== 'http:' || url.origin !== this.endpoint.origin) return undefined;
    const authorization = await this.authorization(req.scopes);
    let res: PlainResponse;
    try {
      res = await plainGet(url, { ...req.headers, ...(authorization ? { authorization } : {}) });
    } catch {
      return undefined;
    }
    const plain = (res.status === 200 || res.status === 206) && res.headers['content-length'] !== undefined && res.headers['transfer-encoding'] === undefined;
    if (plain) return res;
    res.destroy();
    return undefined;
  }

  private backoff(attempt: number): Promise<void> {
    return this.deps.sleep((this.deps.backoffMs ?? 200) * 2 ** attempt);
  }

  private async follow(req: RegistryRequest, authorization: string | undefined): Promise<RegistryResponse> {
    let url = new URL(req.path, this.endpoint.origin);
    let method = req.method;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const same = url.origin === this.endpoint.origin;
      const headers: Record<string, string> = { ...req.headers };
      // Credentials only ever go to the registry's own origin.
      if (same && authorization) headers.authorization = authorization;
      const body = method === 'GET' || method === 'HEAD' ? undefined : typeof req.body === 'function' ? req.body() : req.body;
      const dispatcher = same ? this.endpoint.dispatcher : await this.deps.hosts.forRedirect(url);
      const r = await request(url, { method, headers, body, dispatcher });
      if (!REDIRECTS.has(r.statusCode) || r.headers.location === undefined) {
        return { status: r.statusCode, headers: r.headers as RegistryResponse['headers'], body: r.body, url };
      }
      await r.body.dump();
      url = new URL(String(r.headers.location), url);
      if (r.statusCode === 303) method = 'GET';
    }
    throw new EngineError('UNAVAILABLE', `registry ${this.domain}: too many redirects`);
  }

  private async authorization(scopes: string[]): Promise<string | undefined> {
    if (this.creds.registryToken) return `Bearer ${this.creds.registryToken}`;
    const c = this.challenge;
    if (!c) return undefined;
    if (c.scheme === 'basic') return this.creds.username !== undefined ? basic(this.creds) : undefined;
    const key = tokenKey(c.params, scopes, this.creds);
    return `Bearer ${await this.deps.tokens.getOrFetch(key, () => this.token(scopes, false))}`;
  }

  /** A fresh token for `scopes` (login asks for a refresh token with `offline`). */
  async token(scopes: string[], offline: boolean): Promise<{ token: string; lifetimeS: number; refreshToken?: string }> {
    const c = this.challenge;
    if (c?.scheme !== 'bearer' || !c.params.realm) throw new EngineError('FAILED_PRECONDITION', `registry ${this.domain} does not use token auth`);
    let realm: URL;
    try {
      realm = new URL(c.params.realm);
    } catch (err) {
      throw new EngineError('UNAVAILABLE', `registry ${this.domain} gave a bad token realm "${c.params.realm}"`, { cause: err });
    }
    const dispatcher = realm.origin === this.endpoint.origin ? this.endpoint.dispatcher : await this.deps.hosts.forRedirect(realm);
    return fetchToken({ params: c.params, scopes, creds: this.creds, dispatcher, offline });
  }

  get authScheme(): 'none' | 'basic' | 'bearer' {
    return this.challenge?.scheme ?? 'none';
  }

  private dropToken(scopes: string[]): void {
    if (this.challenge?.scheme === 'bearer') this.deps.tokens.delete(tokenKey(this.challenge.params, scopes, this.creds));
  }
}

function pickChallenge(header: string | string[] | undefined): Challenge | undefined {
  const all = parseChallenges(header);
  return all.find((c) => c.scheme === 'bearer') ?? all[0];
}

function asUnavailable(err: unknown, domain: string): EngineError {
  if (err instanceof EngineError) return err;
  return new EngineError('UNAVAILABLE', `registry ${domain}: ${(err as Error).message}`, { cause: err });
}

export function pullScope(path: string): string {
  return `repository:${path}:pull`;
}

export function pushScope(path: string): string {
  return `repository:${path}:pull,push`;
}
