// Shared by the API tests: a temporary state root and socket per suite, removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';

export interface TempRoot {
  dir: string;
  root: string;
  socketPath: string;
  cleanup(): Promise<void>;
}

export async function tempRoot(prefix = 'berth-api-'): Promise<TempRoot> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, root: join(dir, 'root'), socketPath: join(dir, 'berth.sock'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request over the socket, without our client's mapping (to see the wire). */
export function raw(socketPath: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Removes a test's cgroup parent from every v1 hierarchy and the v2 tree, deepest first. A test
 * that failed before its containers were removed leaves them running under conmon (they outlive
 * the engine by design): every process still in the parent is the test's own container, so it is
 * killed by pid first, then the directories go once the kernel has emptied them.
 */
export async function removeCgroupParent(name: string): Promise<void> {
  const { readdir } = await import('node:fs/promises');
  const roots = (await readdir('/sys/fs/cgroup').catch(() => [] as string[])).map((c) => join('/sys/fs/cgroup', c, name));
  roots.push(join('/sys/fs/cgroup', name));
  for (const pid of new Set((await Promise.all(roots.map(procsUnder))).flat())) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const left = (await Promise.all(roots.map(rmdirDeep))).some(Boolean);
    if (!left) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Pids in `dir` and every cgroup below it. */
async function procsUnder(dir: string): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const own = (await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
  const subs = (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory());
  return [...own, ...(await Promise.all(subs.map((d) => procsUnder(join(dir, d.name))))).flat()];
}

/** rmdir of `dir` after its sub-cgroups; true when something is still there. */
async function rmdirDeep(dir: string): Promise<boolean> {
  const { readdir, rmdir } = await import('node:fs/promises');
  const subs = (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory());
  for (const d of subs) await rmdirDeep(join(dir, d.name));
  return rmdir(dir).then(() => false, (e: NodeJS.ErrnoException) => e.code !== 'ENOENT');
}

/** Anything still mounted under `dir` (a failed test's container rootfs), lazily unmounted. */
export async function unmountUnder(dir: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const { spawnSync } = await import('node:child_process');
  const points = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4])
    .filter((p): p is string => !!p && p.startsWith(dir + '/')).sort((a, b) => b.length - a.length);
  for (const p of points) spawnSync('umount', ['-l', p]);
}

/** A network prefix (1-8 chars, letter first) and cgroup parent unique to one test file's engine. */
export function testNames(): { networkPrefix: string; cgroupParent: string } {
  const hex = Math.random().toString(16).slice(2, 7);
  return { networkPrefix: `bt${hex}`, cgroupParent: `berth-test-${hex}` };
}

/** Drops the engine's network kernel state (bridges, namespaces, nft table) through its API. */
export async function resetNetworks(socketPath: string): Promise<void> {
  await raw(socketPath, 'POST', '/_berth/reset').catch(() => undefined);
}

/**
 * The end of a suite that runs its own in-process Daemon: every container removed through the API
 * (so conmon's children go too), networks reset, the daemon closed, then mounts, cgroups, files.
 */
export async function closeDaemonSuite(t: TempRoot | undefined, daemon: { close(): Promise<void> } | undefined, cgroupParent: string): Promise<void> {
  if (!t) return;
  const { EngineClient } = await import('../../core/engine/index');
  const c = new EngineClient(t.socketPath);
  for (const x of await c.listContainers({ all: true }).catch(() => [])) await c.getContainer(x.Id).remove({ force: true }).catch(() => undefined);
  c.close();
  await resetNetworks(t.socketPath);
  await daemon?.close();
  await unmountUnder(t.root);
  await removeCgroupParent(cgroupParent);
  await t.cleanup();
}
