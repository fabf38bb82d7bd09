// Shared test material for the network integration tests: a per-run name prefix, state root and
// address pool, commands inside namespaces, and the leftover check every test ends with.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { NetworkService, type NetworkServiceOptions } from '../../runtime/network/index';
import { readHostRoutes } from '../../runtime/network/host-routes';
import { overlaps, parseCidr } from '../../runtime/network/ipv4';

const execFileP = promisify(execFile);

export interface Env {
  prefix: string;
  root: string;
  pool: string;
  svc: NetworkService;
  children: ChildProcess[];
}

/** A /20 inside 10.89.0.0/16 that no host route touches, so parallel runs rarely meet. */
export async function freePool(): Promise<string> {
  const routes = (await readHostRoutes()).map(parseCidr).filter((r) => r.prefix > 0);
  for (let i = 0; i < 64; i++) {
    const third = (randomBytes(1)[0] % 16) * 16;
    const pool = `10.89.${third}.0/20`;
    if (!routes.some((r) => overlaps(r, parseCidr(pool)))) return pool;
  }
  throw new Error('no free /20 in 10.89.0.0/16');
}

export async function makeEnv(extra: Partial<NetworkServiceOptions> = {}): Promise<Env> {
  const prefix = `bt${randomBytes(2).toString('hex')}`;
  const root = await mkdtemp(join(tmpdir(), 'berth-net-'));
  const pool = await freePool();
  const svc = await NetworkService.open({ stateRoot: root, prefix, pool, upstreams: [], ...extra });
  return { prefix, root, pool, svc, children: [] };
}

/**
 * Runs a command in a namespace and returns its stdout (rejects with stderr on failure). Async:
 * the DNS server under test lives in this process's event loop.
 */
export async function nsRun(ns: string, args: string[], timeoutMs = 5000): Promise<string> {
  const { stdout } = await execFileP('ip', ['netns', 'exec', ns, ...args], { timeout: timeoutMs, encoding: 'utf8' });
  return stdout;
}

/** Starts a long-running process in a namespace (ip netns exec execs it: the pid is the process's). */
export function nsSpawn(env: Env, ns: string | null, args: string[]): ChildProcess {
  const child = ns ? spawn('ip', ['netns', 'exec', ns, ...args], { stdio: 'ignore' }) : spawn(args[0], args.slice(1), { stdio: 'ignore' });
  env.children.push(child);
  return child;
}

export async function waitFor(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
}

export interface Leftovers {
  links: string[];
  netns: string[];
  tables: string[];
  mounts: string[];
}

/** Everything on the host whose name starts with the prefix. */
export async function leftovers(prefix: string): Promise<Leftovers> {
  const links = execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' }).split('\n').map((l) => l.split(':')[1]?.trim().split('@')[0] ?? '').filter((n) => n.startsWith(prefix));
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith(prefix));
  const tables = execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' }).split('\n').filter((l) => l.trim() === `table ip ${prefix}`);
  const mounts = (await readFile('/proc/mounts', 'utf8')).split('\n').filter((l) => l.includes(`/run/netns/${prefix}`));
  return { links, netns, tables, mounts };
}

/**
 * leftovers(), polled (bounded) until `ok` holds: a release drops the namespace and the kernel frees
 * it and its veths lazily, on its cleanup_net workqueue (tens of ms). The last reading is returned
 * for the caller to assert on, so a link that stays is still reported.
 */
export async function settledLeftovers(prefix: string, ok: (l: Leftovers) => boolean, ms = 5000): Promise<Leftovers> {
  const end = Date.now() + ms;
  for (;;) {
    const l = await leftovers(prefix);
    if (ok(l) || Date.now() >= end) return l;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const nothingLeft = (l: Leftovers): boolean => !l.links.length && !l.netns.length && !l.tables.length && !l.mounts.length;

/** Teardown that runs regardless: children killed by pid, engine reset, state root removed. */
export async function destroyEnv(env: Env): Promise<void> {
  for (const c of env.children) if (c.pid && c.exitCode === null) c.kill('SIGKILL');
  await env.svc.reset().catch((e) => console.error('reset failed', e));
  await env.svc.close().catch(() => undefined);
  await rm(env.root, { recursive: true, force: true });
}

export const containerId = () => randomBytes(32).toString('hex');
