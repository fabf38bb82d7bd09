// The namespaces a starting container joins: its network (the network hook's, none, host, or
// another container's as `container:<ref>`), and the pid/ipc namespaces of `container:<ref>` modes.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { NetworkHook } from './providers';
import type { SharedNamespaces } from './container-spec';
import type { ContainerRecord } from './record';
import { guard } from './state';

/** The running container a "container:<ref>" mode points at, or a CONFLICT as Docker's. */
function peer(get: (ref: string) => ContainerRecord, mode: string | undefined, what: string): ContainerRecord | undefined {
  if (!mode?.startsWith('container:')) return undefined;
  const p = get(mode.slice('container:'.length));
  guard(p.state.status === 'running' && p.state.pid > 0, `cannot join ${what} of a non running container: ${p.id}`);
  return p;
}

/** Network (hook, none, host or another container's) plus pid/ipc namespaces to join; fills rec's network fields. */
export async function attachNetwork(rec: ContainerRecord, get: (ref: string) => ContainerRecord, network?: NetworkHook): Promise<SharedNamespaces> {
  const hc = rec.hostConfig;
  const ns = (p: ContainerRecord | undefined, kind: string): string | undefined => (p ? `/proc/${p.state.pid}/ns/${kind}` : undefined);
  const shared: SharedNamespaces = { pid: ns(peer(get, hc.PidMode, 'PID namespace'), 'pid'), ipc: ns(peer(get, hc.IpcMode, 'IPC namespace'), 'ipc') };
  const netPeer = peer(get, hc.NetworkMode, 'network namespace');
  if (netPeer) {
    // As Docker: the same network, /etc/hosts, resolv.conf and hostname as the other container.
    rec.config.Hostname = netPeer.config.Hostname;
    rec.networkSettings = netPeer.networkSettings;
    const has = (f: string): Promise<boolean> => access(join(netPeer.dir, f)).then(() => true, () => false);
    return { ...shared, netnsPath: ns(netPeer, 'net'), uts: ns(netPeer, 'uts'),
      hostsPath: (await has('hosts')) ? join(netPeer.dir, 'hosts') : undefined,
      resolvConfPath: (await has('resolv.conf')) ? join(netPeer.dir, 'resolv.conf') : undefined };
  }
  const mode = hc.NetworkMode ?? 'default';
  if (mode === 'none' || mode === 'host' || !network) return shared;
  const att = await network.prepareNetwork(rec.id, { name: rec.name, hostConfig: rec.hostConfig, config: rec.config, networking: rec.networkingConfig });
  rec.netnsPath = att.netnsPath;
  rec.networkSettings = att.settings;
  return { ...shared, ...att };
}
