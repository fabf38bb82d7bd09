// The containers service as the API's ContainersBackend.
import { totalmem } from 'node:os';
import type { ContainersBackend, StdioSession } from '../api/backend';
import type { ContainerStats, ContainerSummary, Port } from '../api/types';
import type { EventBus } from '../events/index';
import type { ContainerService } from '../containers/index';
import { dockerTimestamp } from '../logs/index';
import { attachByLog } from './attach';

export function containersBackend(svc: ContainerService, bus: EventBus, now: () => number): ContainersBackend {
  return {
    // The docker CLI sends NetworkMode "default": on Linux that is the `bridge` network, as dockerd.
    create: (body, name) => {
      const mode = body.HostConfig?.NetworkMode;
      const hostConfig = { ...body.HostConfig, NetworkMode: !mode || mode === 'default' ? 'bridge' : mode };
      const endpoints = body.NetworkingConfig?.EndpointsConfig;
      const networking = endpoints && 'default' in endpoints
        ? { EndpointsConfig: Object.fromEntries(Object.entries(endpoints).map(([k, v]) => [k === 'default' ? 'bridge' : k, v])) }
        : body.NetworkingConfig;
      return svc.create({ ...body, HostConfig: hostConfig, NetworkingConfig: networking }, name);
    },
    list: async (o) => svc.list({ all: o.all, filters: o.filters, limit: o.limit }).map((c) => withPorts(c, svc)),
    inspect: async (ref) => svc.inspect(ref),
    // As dockerd: a container with AutoRemove that fails to start is removed, so a client waiting
    // on condition=removed (docker run --rm) is released.
    start: async (ref) => {
      try {
        await svc.start(ref);
      } catch (err) {
        const rec = svc.get(ref);
        if (rec.hostConfig.AutoRemove) await svc.remove(rec.id, { force: true, volumes: true }).catch(() => undefined);
        throw err;
      }
    },
    stop: async (ref, o) => { await svc.stop(ref, o); },
    restart: (ref, o) => svc.restart(ref, o),
    kill: (ref, signal) => svc.kill(ref, signal),
    pause: (ref) => svc.pause(ref),
    unpause: (ref) => svc.unpause(ref),
    remove: (ref, o) => svc.remove(ref, o),
    // The waiter is registered synchronously inside svc.wait, before this resolves: a `start`
    // that arrives after the API sent the wait's headers cannot be missed.
    wait: async (ref, condition) => {
      svc.get(ref);
      const result = svc.wait(ref, condition);
      result.catch(() => undefined);
      return { result };
    },
    attach: async (ref, o) => attachByLog(svc, bus, ref, o, now),
    logs: async (ref, o, signal) => {
      const tty = svc.inspect(ref).Config.Tty === true;
      const entries = svc.logs(ref, { ...o, signal });
      async function* toApi() {
        for await (const e of entries) yield { stream: e.stream, data: Buffer.from(e.text), time: dockerTimestamp(e.timeNs) };
      }
      return { tty, entries: toApi() };
    },
    rename: (ref, name) => svc.rename(ref, name),
    resize: (ref, h, w) => svc.resize(ref, h, w),
    top: (ref, psArgs) => svc.top(ref, psArgs),
    stats: async (ref) => capMemoryLimit(await svc.stats(ref)),
    archiveStat: (ref, path) => svc.statPath(ref, path),
    archiveGet: async (ref, path) => {
      const { stat, stream } = await svc.getArchive(ref, path);
      return { stat, tar: stream };
    },
    archivePut: (ref, path, tar) => svc.putArchive(ref, path, tar),
    archiveDelete: (ref, path) => svc.removePath(ref, path),
    prune: async (filters) => {
      const deleted: string[] = [];
      for (const c of svc.list({ all: true, filters: { ...filters, status: ['exited', 'created', 'dead'] } })) {
        await svc.remove(c.Id, {});
        deleted.push(c.Id);
      }
      return { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: 0 };
    },
    execCreate: async (ref, body) => ({ Id: svc.execCreate(ref, body) }),
    execStart: async (id, o) => execSession(svc, id, o.detach),
    execInspect: async (id) => svc.execInspect(id),
    execResize: (id, h, w) => svc.execResize(id, h, w),
  };
}

async function execSession(svc: ContainerService, id: string, detach: boolean): Promise<StdioSession> {
  const info = svc.execInspect(id);
  const tty = info.ProcessConfig.tty;
  const h = await svc.execStart(id, { tty });
  // Without AttachStdin (or detached) the process gets EOF on stdin, as with docker exec.
  if (detach || !info.OpenStdin) h.stdin.end();
  if (detach) {
    h.stdout.resume();
    h.stderr.resume();
  }
  return {
    tty, stdin: info.OpenStdin && !detach ? h.stdin : undefined, stdout: h.stdout, stderr: tty ? undefined : h.stderr,
    done: h.exited.then(() => undefined),
    close: () => undefined,
  };
}

/** `docker ps` PORTS: the published ports from the container's network settings, as dockerd lists them. */
function withPorts(c: ContainerSummary, svc: ContainerService): ContainerSummary {
  if (c.Ports?.length || c.State !== 'running') return c;
  const ports: Port[] = [];
  for (const [key, bindings] of Object.entries(svc.inspect(c.Id).NetworkSettings.Ports ?? {})) {
    const [port, proto] = key.split('/');
    const Type = (proto ?? 'tcp') as Port['Type'];
    if (!bindings?.length) { ports.push({ PrivatePort: Number(port), Type }); continue; }
    for (const b of bindings) ports.push({ IP: b.HostIp || '0.0.0.0', PrivatePort: Number(port), PublicPort: Number(b.HostPort), Type });
  }
  return { ...c, Ports: ports };
}

/** An unlimited cgroup reports a huge limit; dockerd shows the host's memory instead. */
function capMemoryLimit(s: ContainerStats): ContainerStats {
  const host = totalmem();
  const limit = s.memory_stats.limit;
  return limit !== undefined && limit > host ? { ...s, memory_stats: { ...s.memory_stats, limit: host } } : s;
}
