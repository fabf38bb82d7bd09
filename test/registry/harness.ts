// A real registry for the pull/push tests: Debian's docker-registry (distribution 2.8) on a free
// loopback port, with its own config and storage under the test's directory, optionally behind
// htpasswd Basic auth, token auth (tokens signed by token-server.ts) or TLS with a self-signed
// certificate. Images go in with skopeo from a docker-archive of the busybox fixture.
import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { makeDockerArchive, type BuiltImage } from '../fixtures/busybox-image';

export interface RegistryAuthSetup {
  htpasswd?: { user: string; password: string };
  token?: { realm: string; service: string; issuer: string; certPath: string };
}

export interface TestRegistry {
  host: string;
  /** The registry's stderr so far (its access log when started with accessLog). */
  log(): string;
  url: string;
  dir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A self-signed certificate for 127.0.0.1 (and its key) under `dir`. */
export function selfSignedCert(dir: string, name = 'tls'): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

function htpasswdLine(user: string, password: string): string {
  // bcrypt through libcrypt (python3's crypt module): the only hash distribution's htpasswd reads.
  const hash = execFileSync('python3', ['-W', 'ignore', '-c', 'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))', password], { encoding: 'utf8' }).trim();
  return `${user}:${hash}\n`;
}

export async function startRegistry(dir: string, opts: { auth?: RegistryAuthSetup; tls?: boolean; accessLog?: boolean } = {}): Promise<TestRegistry> {
  await mkdir(join(dir, 'storage'), { recursive: true });
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  // With accessLog, info level: distribution then logs one "response completed" line per request.
  const lines = ['version: 0.1', 'log:', `  level: ${opts.accessLog ? 'info' : 'error'}`, '  accesslog:', `    disabled: ${opts.accessLog ? 'false' : 'true'}`, 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'storage')}`, '  delete:', '    enabled: true',
    'http:', `  addr: ${host}`, `  secret: berth-test`];
  if (opts.tls) {
    const { cert, key } = selfSignedCert(dir);
    lines.push('  tls:', `    certificate: ${cert}`, `    key: ${key}`);
  }
  if (opts.auth?.htpasswd) {
    await writeFile(join(dir, 'htpasswd'), htpasswdLine(opts.auth.htpasswd.user, opts.auth.htpasswd.password));
    lines.push('auth:', '  htpasswd:', '    realm: berth-test', `    path: ${join(dir, 'htpasswd')}`);
  } else if (opts.auth?.token) {
    const t = opts.auth.token;
    lines.push('auth:', '  token:', `    realm: ${t.realm}`, `    service: ${t.service}`, `    issuer: ${t.issuer}`, `    rootcertbundle: ${t.certPath}`);
  }
  await writeFile(join(dir, 'config.yml'), lines.join('\n') + '\n');
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
  // The access log goes to stdout.
  child.stdout?.on('data', (c: Buffer) => { if (opts.accessLog) stderr += c.toString(); });
  const url = `${opts.tls ? 'https' : 'http'}://${host}`;
  await waitReady(url, child, () => stderr);
  return { host, url, dir, log: () => stderr, stop: () => stopChild(child) };
}

async function waitReady(url: string, child: ChildProcess, err: () => string): Promise<void> {
  const { Agent } = await import('undici');
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  try {
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`docker-registry exited: ${err()}`);
      try {
        const r = await request(`${url}/v2/`, { dispatcher });
        await r.body.dump();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`docker-registry did not answer: ${err()}`);
  } finally {
    await dispatcher.close();
  }
}

export async function stopChild(child: ChildProcess): Promise<void> {
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  if (!running() || child.pid === undefined) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
  if (running()) child.kill('SIGKILL');
}

// skopeo runs asynchronously: a token server of the same test process must keep answering it.
const exec = promisify(execFile);

/** skopeo copy of a docker-archive into the registry (plain HTTP or unverified TLS on loopback). */
export async function skopeoPush(archive: string, target: string, creds?: string): Promise<void> {
  await exec('skopeo', ['copy', '--quiet', '--insecure-policy', '--dest-tls-verify=false', ...(creds ? ['--dest-creds', creds] : []), `docker-archive:${archive}`, `docker://${target}`]);
}

/** The busybox fixture with one more layer (hello.txt), gzipped, pushed by skopeo to `target`. */
export async function pushHelloImage(dir: string, target: string): Promise<BuiltImage> {
  const archive = join(dir, 'bb.tar');
  const img = await makeDockerArchive(archive, { name: 'bb', tag: 'v1', gzip: true, extraLayers: [[{ name: 'hello.txt', content: 'hello\n' }]] });
  await skopeoPush(archive, target);
  return img;
}

export async function skopeoInspect(target: string, creds?: string): Promise<{ Digest: string; Layers: string[] }> {
  const { stdout } = await exec('skopeo', ['inspect', '--tls-verify=false', ...(creds ? ['--creds', creds] : []), `docker://${target}`], { encoding: 'utf8' });
  return JSON.parse(stdout) as { Digest: string; Layers: string[] };
}
