// `berth engine reset --force`: removes every container, image, network and volume the engine
// made (through the API, so each service releases its mounts, bridges and rules), stops the
// engine, unmounts anything still mounted under the root and deletes the root.
import { readFile, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { ensureEngine, readEnginePid, stopEngineProcess, type EngineClient } from '../../core/engine/index';
import { daemonArgv, daemonEnv, engineConfigFrom } from './engine-connect';
import { bool, parseArgs } from './engine-args';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { config, rest } = engineConfigFrom(args, ctx);
  const { flags } = parseArgs(rest, { force: { short: 'f', type: 'bool' } });
  if (!bool(flags, 'force')) {
    ctx.stderr.write(`berth engine reset removes every container, image, network and volume under ${config.root}.\nRun it again with --force.\n`);
    return 1;
  }
  const { client } = ensureEngine({ config, daemonArgv: daemonArgv(config), daemonEnv: daemonEnv(ctx.env) });
  try {
    // Start the engine (if it is not running) before anything: the removals below shrug off
    // their errors, and an engine that cannot start must fail the reset, not skip it.
    await client.ping();
    await removeEverything(client, ctx);
  } finally {
    client.close();
  }
  const pid = await readEnginePid(config.root);
  if (pid !== undefined) await stopEngineProcess(pid);
  const left = await unmountUnder(config.root);
  await rm(config.root, { recursive: true, force: true });
  await rm(config.socketPath, { force: true });
  ctx.stdout.write(`engine reset: ${config.root} removed${left ? ` (${left} mounts released)` : ''}\n`);
  return 0;
}

async function removeEverything(client: EngineClient, ctx: CommandContext): Promise<void> {
  const warn = (what: string, err: unknown): void => { ctx.stderr.write(`berth: could not remove ${what}: ${(err as Error).message}\n`); };
  // Services an engine lacks answer 501: nothing of theirs to remove.
  for (const c of await client.listContainers({ all: true }).catch(() => [])) {
    await client.getContainer(c.Id).remove({ force: true, v: true }).catch((e) => warn(`container ${c.Id.slice(0, 12)}`, e));
  }
  for (const img of await client.listImages({ all: true }).catch(() => [])) {
    await client.getImage(img.Id).remove({ force: true }).catch((e) => warn(`image ${img.Id}`, e));
  }
  await removeListed(client, '/networks', (n: { Id: string; Name: string }) => ['bridge', 'host', 'none'].includes(n.Name) ? undefined : `/networks/${n.Id}`, warn);
  await removeListed(client, '/volumes', undefined, warn);
  // Then the kernel state the network service keeps (bridges, namespaces, the nftables table).
  await client.transport.request({ method: 'POST', path: '/_berth/reset' }).then((r) => r.resume(), (e) => warn('network state', e));
}

/** Networks and volumes are optional services: an engine without them answers 404/501, skipped. */
async function removeListed<T extends { Id?: string; Name: string }>(client: EngineClient, base: string, pathOf: ((x: T) => string | undefined) | undefined, warn: (w: string, e: unknown) => void): Promise<void> {
  let items: T[];
  try {
    const body = await client.transport.json<T[] | { Volumes: T[] }>({ method: 'GET', path: base });
    items = Array.isArray(body) ? body : body.Volumes ?? [];
  } catch {
    return;
  }
  for (const it of items) {
    const path = pathOf ? pathOf(it) : `${base}/${encodeURIComponent(it.Name)}`;
    if (!path) continue;
    await client.transport.request({ method: 'DELETE', path, query: { force: true } }).then((r) => r.resume(), (e) => warn(path, e));
  }
}

/** Lazily unmounts every mount point under `root`, deepest first; returns how many. */
async function unmountUnder(root: string): Promise<number> {
  const points = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n')
    .map((l) => l.split(' ')[4]).filter((p): p is string => !!p && (p === root || p.startsWith(root + '/')))
    .sort((a, b) => b.length - a.length);
  for (const p of points) spawnSync('umount', ['-l', p], { stdio: 'ignore' });
  return points.length;
}

export const help = {
  usage: 'berth engine reset [OPTIONS]',
  summary: 'Remove every container, image, network and volume, then the state root',
  flags: [
    ['-f, --force', 'Really do it (without it, reset only explains what it would remove)'],
  ],
} as const;
