// Registry credentials where the docker CLI keeps them (cli/config/configfile): $DOCKER_CONFIG
// or ~/.docker/config.json with `auths` (base64 user:password, or an identity token), and
// `credsStore` / `credHelpers` naming `docker-credential-<helper>` programs that speak the
// credential-helper protocol (get/store/erase with JSON on stdin/stdout). The file is written
// atomically with mode 0600 and unknown keys kept, so the docker CLI can share it.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CoreError } from '../errors';
import { DOCKER_HUB, DOCKER_HUB_AUTH_KEY } from './reference';

export interface AuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress?: string;
}

interface ConfigFile {
  auths?: Record<string, { auth?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [k: string]: unknown;
}

export type HelperRunner = (program: string, verb: string, input: string) => Promise<string>;

export const runHelper: HelperRunner = (program, verb, input) => new Promise((resolve, reject) => {
  const child = execFile(program, [verb], { timeout: 30_000 }, (err, stdout, stderr) => {
    if (err) reject(new CoreError('UNAVAILABLE', `${program} ${verb}: ${(stderr || stdout || err.message).trim()}`, { cause: err }));
    else resolve(stdout);
  });
  child.stdin?.end(input);
});

export class DockerConfig {
  readonly path: string;

  constructor(env: NodeJS.ProcessEnv = process.env, private readonly helper: HelperRunner = runHelper) {
    this.path = join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
  }

  private async read(): Promise<ConfigFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new CoreError('UNAVAILABLE', `cannot read ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      return text.trim() === '' ? {} : (JSON.parse(text) as ConfigFile);
    } catch (err) {
      throw new CoreError('INVALID_ARGUMENT', `${this.path} is not valid JSON`, { cause: err });
    }
  }

  private async write(cfg: ConfigFile): Promise<void> {
    await mkdir(join(this.path, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(cfg, null, '\t') + '\n', { mode: 0o600 });
    await rename(tmp, this.path);
  }

  private helperFor(cfg: ConfigFile, host: string): string | undefined {
    return cfg.credHelpers?.[host] ?? cfg.credHelpers?.[authKey(host)] ?? cfg.credsStore;
  }

  /** The credentials for a registry host, or undefined (anonymous). */
  async get(host: string): Promise<AuthConfig | undefined> {
    const cfg = await this.read();
    const helper = this.helperFor(cfg, host);
    if (helper) {
      const out = await this.helper(`docker-credential-${helper}`, 'get', authKey(host)).catch((err: unknown) => {
        if (/credentials not found/i.test((err as Error).message)) return undefined;
        throw err;
      });
      if (!out) return undefined;
      const c = JSON.parse(out) as { Username?: string; Secret?: string };
      if (!c.Secret) return undefined;
      return c.Username === '<token>' ? { identitytoken: c.Secret, serveraddress: host } : { username: c.Username, password: c.Secret, serveraddress: host };
    }
    const e = findAuth(cfg, host);
    if (!e) return undefined;
    if (e.identitytoken) return { identitytoken: e.identitytoken, serveraddress: host };
    if (!e.auth) return undefined;
    const plain = Buffer.from(e.auth, 'base64').toString('utf8');
    const i = plain.indexOf(':');
    return i < 0 ? undefined : { username: plain.slice(0, i), password: plain.slice(i + 1), serveraddress: host };
  }

  /** Saves what login proved; an identity token replaces the password when the registry gave one. */
  async store(host: string, c: AuthConfig): Promise<string> {
    const cfg = await this.read();
    const helper = this.helperFor(cfg, host);
    if (helper) {
      const secret = c.identitytoken ?? c.password ?? '';
      await this.helper(`docker-credential-${helper}`, 'store', JSON.stringify({ ServerURL: authKey(host), Username: c.identitytoken ? '<token>' : c.username, Secret: secret }));
      cfg.auths = { ...cfg.auths, [authKey(host)]: {} };
    } else {
      const entry = c.identitytoken ? { auth: Buffer.from(`${c.username ?? ''}:`).toString('base64'), identitytoken: c.identitytoken } : { auth: Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64') };
      cfg.auths = { ...cfg.auths, [authKey(host)]: entry };
    }
    await this.write(cfg);
    return this.path;
  }

  /** Forgets a registry's credentials; false when there were none. */
  async erase(host: string): Promise<boolean> {
    const cfg = await this.read();
    const helper = this.helperFor(cfg, host);
    if (helper) await this.helper(`docker-credential-${helper}`, 'erase', authKey(host)).catch(() => undefined);
    const keys = Object.keys(cfg.auths ?? {}).filter((k) => normalizeKey(k) === host);
    if (keys.length === 0 && !helper) return false;
    for (const k of keys) delete cfg.auths?.[k];
    await this.write(cfg);
    return true;
  }
}

/** The key docker writes: the Hub's v1 URL for docker.io, the bare host otherwise. */
export function authKey(host: string): string {
  return host === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : host;
}

function normalizeKey(k: string): string {
  const h = k.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return h === 'index.docker.io' || h === 'registry-1.docker.io' ? DOCKER_HUB : h;
}

function findAuth(cfg: ConfigFile, host: string): { auth?: string; identitytoken?: string } | undefined {
  for (const [k, v] of Object.entries(cfg.auths ?? {})) if (normalizeKey(k) === host) return v;
  return undefined;
}

/** The X-Registry-Auth header value (base64url JSON), as the docker CLI encodes it. */
export function encodeAuth(c: AuthConfig | undefined): string {
  return Buffer.from(JSON.stringify(c ?? {})).toString('base64url');
}
