// What one test engine holds on the host, counted from the kernel's own lists: links named with
// its prefix, namespaces with its prefix, mounts under its root, its nftables table, the cgroups
// under its parent, and the conmon processes of its containers. A crash test compares these with
// what the engine's running containers should own.
import { readdir, readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface HostState {
  bridges: string[];
  veths: string[];
  netns: string[];
  mounts: string[];
  nftTable: boolean;
  cgroups: string[];
  conmons: number[];
}

export async function hostState(o: { prefix: string; root: string; cgroupParent: string }): Promise<HostState> {
  const links = await readdir('/sys/class/net');
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  return {
    bridges: links.filter((l) => l.startsWith(`${o.prefix}b`)),
    veths: links.filter((l) => l.startsWith(`${o.prefix}v`)),
    netns: (await readdir('/run/netns').catch(() => [] as string[])).filter((n) => n.startsWith(`${o.prefix}-`)),
    mounts: mountinfo.split('\n').map((l) => l.split(' ')[4]).filter((p): p is string => !!p && p.startsWith(`${o.root}/`)),
    nftTable: spawnSync('nft', ['list', 'table', 'inet', o.prefix], { stdio: 'ignore' }).status === 0,
    cgroups: await containerCgroups(o.cgroupParent),
    conmons: await conmonsUnder(o.root),
  };
}

/** Container cgroups (64-hex dirs) under the parent in the v2 tree and every v1 hierarchy. */
async function containerCgroups(parent: string): Promise<string[]> {
  const roots = (await readdir('/sys/fs/cgroup').catch(() => [] as string[])).map((c) => join('/sys/fs/cgroup', c, parent));
  roots.push(join('/sys/fs/cgroup', parent));
  const ids = await Promise.all(roots.map(async (r) => (await readdir(r).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{64}$/.test(n))));
  return [...new Set(ids.flat())];
}

/** conmon processes whose bundle is under `root`. */
async function conmonsUnder(root: string): Promise<number[]> {
  const out: number[] = [];
  for (const p of await readdir('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const argv = (await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (argv[0]?.endsWith('conmon') && argv.some((a) => a.startsWith(`${root}/`))) out.push(Number(p));
  }
  return out;
}

/** The state with nothing of the engine left (the nft table and namespaces included). */
export function nothingLeft(s: HostState): boolean {
  return !s.bridges.length && !s.veths.length && !s.netns.length && !s.mounts.length && !s.nftTable && !s.cgroups.length && !s.conmons.length;
}
