// Where a registry domain is reached and how (as dockerd's registry service and
// /etc/docker/certs.d): docker.io goes to registry-1.docker.io, after the configured mirrors;
// HTTPS with the system CAs plus <certsDir>/<host>/*.crt and a client *.cert/*.key pair; plain
// HTTP only for loopback hosts and registries configured insecure, and for those HTTPS is still
// tried first (without verification unless a CA is configured), as Docker does.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { Dispatcher } from './http';
import { EngineError } from '../errors';

export interface RegistryConfig {
  /** host[:port] entries allowed over plain HTTP / unverified TLS (dockerd's insecure-registries). */
  insecure?: string[];
  /** Mirror base URLs tried before Docker Hub for docker.io images (dockerd's registry-mirrors). */
  mirrors?: string[];
  /** Default /etc/docker/certs.d. */
  certsDir?: string;
  /** Refuse every registry, mirror, redirect or token host off loopback (test suites set it). */
  loopbackOnly?: boolean;
}

export interface Endpoint {
  /** Origin, e.g. https://registry-1.docker.io. */
  origin: string;
  dispatcher: Dispatcher;
  /** Mirrors serve pulls only. */
  mirror: boolean;
}

export const DOCKER_HUB_HOST = 'registry-1.docker.io';

/** localhost, 127.0.0.0/8, ::1 (with any port): Docker treats them as insecure by default. */
export function isLoopbackHost(hostPort: string): boolean {
  const host = hostPort.startsWith('[') ? hostPort.slice(1, hostPort.indexOf(']')) : hostPort.replace(/:\d+$/, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export class RegistryHosts {
  private readonly agents = new Map<string, Dispatcher>();

  constructor(private readonly config: RegistryConfig = {}) {}

  isInsecure(host: string): boolean {
    return isLoopbackHost(host) || (this.config.insecure ?? []).includes(host);
  }

  /** The endpoints to try for `domain`, in order. */
  async endpoints(domain: string, purpose: 'pull' | 'push'): Promise<Endpoint[]> {
    const out: Endpoint[] = [];
    if (domain === 'docker.io' && purpose === 'pull') {
      for (const m of this.config.mirrors ?? []) {
        const u = new URL(m);
        if (this.config.loopbackOnly && !isLoopbackHost(u.host)) continue;
        if (u.protocol === 'http:' && !this.isInsecure(u.host)) throw new EngineError('INVALID_ARGUMENT', `mirror ${m}: plain HTTP is only allowed for loopback or insecure registries`);
        out.push({ origin: u.origin, dispatcher: await this.agent(u.host, u.protocol === 'https:' && this.isInsecure(u.host)), mirror: true });
      }
    }
    const host = domain === 'docker.io' ? DOCKER_HUB_HOST : domain;
    if (this.config.loopbackOnly && !isLoopbackHost(host)) {
      if (out.length) return out;
      this.guard(host);
    }
    const insecure = this.isInsecure(host);
    out.push({ origin: `https://${host}`, dispatcher: await this.agent(host, insecure), mirror: false });
    if (insecure) out.push({ origin: `http://${host}`, dispatcher: await this.agent(host, false), mirror: false });
    return out;
  }

  /** A dispatcher for a host a redirect points at: system CAs and the host's certs.d only. */
  async forRedirect(url: URL): Promise<Dispatcher> {
    this.guard(url.host);
    if (url.protocol === 'http:' && !this.isInsecure(url.host)) {
      throw new EngineError('FAILED_PRECONDITION', `registry redirected to plain HTTP host ${url.host}: refused`);
    }
    return this.agent(url.host, false);
  }

  private guard(host: string): void {
    if (this.config.loopbackOnly && !isLoopbackHost(host)) {
      throw new EngineError('FAILED_PRECONDITION', `registry host ${host} is not on loopback, and this engine only talks to loopback registries (BERTH_REGISTRY_LOOPBACK_ONLY=1)`);
    }
  }

  private async agent(host: string, skipVerify: boolean): Promise<Dispatcher> {
    const key = `${host}|${skipVerify}`;
    let a = this.agents.get(key);
    if (!a) {
      const tls = await readCertsDir(join(this.config.certsDir ?? '/etc/docker/certs.d', host.replace(/^\[|\]/g, '')));
      // A configured CA makes verification possible even for an insecure host.
      const verify = !skipVerify || tls.ca.length > 0;
      a = new Dispatcher({ ca: tls.ca.length ? [...rootCertificates, ...tls.ca] : undefined, cert: tls.cert, key: tls.key, rejectUnauthorized: verify });
      this.agents.set(key, a);
    }
    return a;
  }

  async close(): Promise<void> {
    for (const a of this.agents.values()) a.close();
    await Promise.resolve();
    this.agents.clear();
  }
}

interface HostTls { ca: string[]; cert?: string; key?: string }

/** As Docker reads certs.d: every *.crt is a CA, NAME.cert pairs with NAME.key. */
async function readCertsDir(dir: string): Promise<HostTls> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: HostTls = { ca: [] };
  for (const n of names.sort()) {
    if (n.endsWith('.crt')) out.ca.push(await readFile(join(dir, n), 'utf8'));
    if (n.endsWith('.cert')) {
      const keyName = n.slice(0, -'.cert'.length) + '.key';
      if (!names.includes(keyName)) throw new EngineError('INVALID_ARGUMENT', `certs.d ${dir}: ${n} has no ${keyName}`);
      out.cert = await readFile(join(dir, n), 'utf8');
      out.key = await readFile(join(dir, keyName), 'utf8');
    }
  }
  return out;
}
