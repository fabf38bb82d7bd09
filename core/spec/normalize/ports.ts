// Port short syntax → long, as docker/go-connections nat.ParsePortSpecs and compose-go
// ParsePortConfig do: [host_ip:][published[-range]:]target[-range][/protocol]. A range on both
// sides must have the same length; a target range with one published port publishes a range.

export interface PortConfig {
  name?: string;
  mode: string;
  host_ip?: string;
  target: number;
  published?: string;
  protocol: string;
  app_protocol?: string;
  [ext: `x-${string}`]: unknown;
}

function range(text: string, what: string, spec: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new Error(`invalid ${what} port ${JSON.stringify(text)} in ${JSON.stringify(spec)}`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (hi < lo || hi > 65535) throw new Error(`invalid port range ${JSON.stringify(text)} in ${JSON.stringify(spec)}`);
  return [lo, hi];
}

/** Split "ip:pub:target" where ip may be an IPv6 literal in brackets or bare. */
function splitSpec(spec: string): { ip?: string; pub?: string; target: string } {
  const v6 = /^\[([^\]]+)\]:([^:]*):(.+)$/.exec(spec);
  if (v6) return { ip: v6[1], pub: v6[2], target: v6[3]! };
  const parts = spec.split(':');
  if (parts.length === 1) return { target: parts[0]! };
  if (parts.length === 2) return { pub: parts[0], target: parts[1]! };
  const target = parts.pop()!;
  const pub = parts.pop()!;
  return { ip: parts.join(':'), pub, target };
}

export function parsePort(spec: string | number): PortConfig[] {
  const text = String(spec);
  const [body, proto = 'tcp'] = text.split('/');
  const { ip, pub, target } = splitSpec(body!);
  const [tlo, thi] = range(target, 'container', text);
  let plo: number | undefined;
  let phi: number | undefined;
  if (pub) [plo, phi] = range(pub, 'host', text);
  const count = thi - tlo + 1;
  // A host range with ONE container port is a pool to pick from; otherwise lengths must match.
  if (plo !== undefined && phi! - plo !== thi - tlo && thi !== tlo) {
    throw new Error(`invalid ranges specified for container and host ports: ${text}`);
  }
  const out: PortConfig[] = [];
  for (let i = 0; i < count; i++) {
    let published: string | undefined;
    if (plo !== undefined) {
      // one container port with a host range: the range stays as written (docker picks one).
      if (count === 1 && phi !== plo) published = `${plo}-${phi}`;
      else published = String(phi === plo ? plo : plo + i);
    }
    const p: PortConfig = { mode: 'ingress', target: tlo + i, protocol: proto.toLowerCase() };
    if (ip) p.host_ip = ip;
    if (published !== undefined) p.published = published;
    out.push(p);
  }
  return out;
}

/** Long syntax from the file: strings cast, defaults filled (mode ingress, protocol tcp). */
export function normalizePortObject(p: Record<string, unknown>): PortConfig {
  const out: PortConfig = { ...(p as object), mode: String(p.mode ?? 'ingress'), target: Number(p.target), protocol: String(p.protocol ?? 'tcp') };
  if (p.published !== undefined && p.published !== null) out.published = String(p.published);
  return out;
}
