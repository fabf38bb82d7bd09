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

/**
 * The protocols the engine publishes. go-connections knows tcp, udp and sctp ("invalid proto");
 * Berth's engine refuses sctp at create, so the loader refuses it first, before anything is made.
 */
function protocolOf(proto: string, spec?: string): string {
  const where = spec === undefined ? '' : ` in ${JSON.stringify(spec)}`;
  const p = proto.toLowerCase();
  if (p === 'tcp' || p === 'udp') return p;
  if (p === 'sctp') throw new Error(`protocol "sctp" is not supported by Berth's engine (tcp or udp)${where}`);
  throw new Error(`invalid proto: ${proto}${where}`);
}

/** net.ParseIP's domain: a dotted IPv4 address or an IPv6 literal (brackets already removed). */
export function isIpAddress(ip: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255 && !/^0\d/.test(o));
  if (!ip.includes(':') || !/^[0-9a-fA-F:.]+$/.test(ip)) return false;
  try {
    return new URL(`http://[${ip}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

function hostIpOf(ip: string, spec?: string): string {
  if (!isIpAddress(ip)) throw new Error(`invalid IP address: ${ip}${spec === undefined ? '' : ` in ${JSON.stringify(spec)}`}`);
  return ip;
}

export function parsePort(spec: string | number): PortConfig[] {
  const text = String(spec);
  const [body, protoText = 'tcp', ...extra] = text.split('/');
  if (extra.length > 0) throw new Error(`invalid port ${JSON.stringify(text)}: more than one "/"`);
  const proto = protocolOf(protoText, text);
  const { ip, pub, target } = splitSpec(body!);
  if (ip) hostIpOf(ip, text);
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
    const p: PortConfig = { mode: 'ingress', target: tlo + i, protocol: proto };
    if (ip) p.host_ip = ip;
    if (published !== undefined) p.published = published;
    out.push(p);
  }
  return out;
}

/** Long syntax from the file: strings cast, defaults filled (mode ingress, protocol tcp). */
export function normalizePortObject(p: Record<string, unknown>): PortConfig {
  const out: PortConfig = { ...(p as object), mode: String(p.mode ?? 'ingress'), target: Number(p.target), protocol: protocolOf(String(p.protocol ?? 'tcp')) };
  if (p.host_ip !== undefined && p.host_ip !== null && p.host_ip !== '') hostIpOf(String(p.host_ip).replace(/^\[(.*)\]$/, '$1'));
  if (p.published !== undefined && p.published !== null) out.published = String(p.published);
  return out;
}
