// Published ports: the short syntax (`[[ip:][host[-range]]:]container[-range][/proto]`, as
// docker/go-connections nat.ParsePortSpec reads it) into a PortMap, and a PortMap into concrete
// requests (ranges expanded pairwise; an empty host port means "pick one").
import { EngineError } from '../errors';
import type { PortMap } from './types';

export interface PortRequest {
  proto: 'tcp' | 'udp';
  containerPort: number;
  hostIp: string;
  /** 0 = choose a free port. */
  hostPort: number;
  /** A HostPort range "8000-8010": any free port of it (hostPort is its start), as dockerd. */
  hostPortEnd?: number;
}

function range(text: string, what: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m?.[2] ? Number(m[2]) : lo;
  if (!m || lo < 1 || hi > 65535 || hi < lo) throw new EngineError('INVALID_ARGUMENT', `invalid ${what} "${text}"`);
  return [lo, hi];
}

export function parsePortSpec(spec: string): PortMap {
  const [body, protoRaw = 'tcp'] = spec.split('/');
  const proto = protoRaw.toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp') throw new EngineError('INVALID_ARGUMENT', `invalid protocol "${protoRaw}" in port "${spec}"`);
  const parts = body.split(':');
  const container = parts.pop() ?? '';
  const host = parts.length ? (parts.pop() ?? '') : '';
  const ip = parts.join(':').replace(/^\[(.*)\]$/, '$1');
  const [clo, chi] = range(container, 'container port');
  const hostRange = host ? range(host, 'host port') : undefined;
  if (hostRange && hostRange[1] - hostRange[0] !== chi - clo && hostRange[0] !== hostRange[1]) {
    throw new EngineError('INVALID_ARGUMENT', `port ranges do not match in "${spec}"`);
  }
  const out: PortMap = {};
  for (let p = clo; p <= chi; p++) {
    const hostPort = !hostRange ? '' : hostRange[0] === hostRange[1] ? String(hostRange[0]) : String(hostRange[0] + (p - clo));
    out[`${p}/${proto}`] = [{ HostIp: ip, HostPort: hostPort }];
  }
  return out;
}

/** Flattens PortBindings into one request per host binding. */
export function portRequests(bindings: PortMap | undefined): PortRequest[] {
  const out: PortRequest[] = [];
  for (const [key, list] of Object.entries(bindings ?? {})) {
    const [port, protoRaw = 'tcp'] = key.split('/');
    const proto = protoRaw === 'udp' ? 'udp' : protoRaw === 'tcp' ? 'tcp' : undefined;
    if (!proto) throw new EngineError('INVALID_ARGUMENT', `unsupported protocol in port "${key}"`);
    const [containerPort] = range(port, 'container port');
    for (const b of list ?? [{ HostIp: '', HostPort: '' }]) {
      // "" and "0" both mean "any free port", as dockerd reads them (Testcontainers sends "0").
      const [hostPort, hostPortEnd] = b.HostPort && b.HostPort !== '0' ? range(b.HostPort, 'host port') : [0, 0];
      out.push({ proto, containerPort, hostIp: b.HostIp ?? '', hostPort, ...(hostPortEnd > hostPort ? { hostPortEnd } : {}) });
    }
  }
  return out;
}
