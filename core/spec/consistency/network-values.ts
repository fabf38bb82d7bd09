// A network's IPAM config as the engine's IPAM (runtime/network/ipam.ts) refuses it, refused by
// the loader first, with the position: an IPv4 subnet must be a CIDR no smaller than /30, and its
// gateway and ip_range must lie inside it. IPv6 subnets are left alone (the spec allows them; the
// engine decides), and external networks are not created, so nothing of theirs is checked.
import type { Obj } from '../normalize/mappings';
import type { Problem } from './references';

interface Cidr { base: number; prefix: number }

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function cidr(text: string): Cidr | undefined {
  const [addr = '', len] = text.split('/');
  const base = ipv4(addr);
  const prefix = len === undefined ? 32 : Number(len);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  return { base: base - (base % size), prefix };
}

const inside = (c: Cidr, ip: number): boolean => ip >= c.base && ip < c.base + 2 ** (32 - c.prefix);

function configProblems(where: string, cfg: Obj): [field: string, message: string] | undefined {
  const subnet = typeof cfg.subnet === 'string' ? cfg.subnet : undefined;
  if (subnet === undefined || subnet.includes(':')) return undefined;
  const c = cidr(subnet);
  if (!c) return ['subnet', `${where}.subnet: invalid CIDR "${subnet}"`];
  if (c.prefix > 30) return ['subnet', `${where}.subnet: subnet ${subnet} is too small for a bridge network`];
  if (typeof cfg.gateway === 'string') {
    const gw = ipv4(cfg.gateway);
    if (gw === undefined || !inside(c, gw)) return ['gateway', `${where}.gateway: gateway ${cfg.gateway} is not in subnet ${subnet}`];
  }
  if (typeof cfg.ip_range === 'string') {
    const r = cidr(cfg.ip_range);
    if (!r || !inside(c, r.base) || !inside(c, r.base + 2 ** (32 - r.prefix) - 1)) return ['ip_range', `${where}.ip_range: ip_range ${cfg.ip_range} is not inside subnet ${subnet}`];
  }
  return undefined;
}

export function checkNetworkValues(project: Obj): Problem[] {
  const out: Problem[] = [];
  for (const [key, n] of Object.entries((project.networks ?? {}) as Record<string, Obj | null>)) {
    if (n === null || n.external === true) continue;
    const configs = ((n.ipam as Obj | undefined)?.config ?? []) as Obj[];
    configs.forEach((cfg, i) => {
      const problem = configProblems(`networks.${key}.ipam.config[${i}]`, cfg);
      if (problem) out.push({ message: problem[1], path: ['networks', key, 'ipam', 'config', i, problem[0]] });
    });
  }
  return out;
}
