// IP address management for bridge networks: choose a subnet (from the default pool, a /24 each,
// or from the user's ipam.config), then hand out addresses inside it. Pure: the caller supplies the
// host's routes and the subnets/addresses already taken, and persists the result (the network and
// sandbox records are the allocation record, so a restart rebuilds the same state).
import { EngineError } from '../errors';
import { type Cidr, contains, formatCidr, formatIp, lastOf, overlaps, parseCidr, parseIp, size } from './ipv4';

export interface IpamConfigInput {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
}

export interface SubnetChoice {
  subnet: string;
  gateway: string;
  ipRange?: string;
}

export interface PoolOptions {
  pool: string;
  prefixLen: number;
}

/**
 * Picks the subnet for a new network. A user subnet must not overlap a host route or another
 * network; a pool subnet is the first /prefixLen block that overlaps neither (as Docker's default
 * address pools skip routed ranges).
 */
export function chooseSubnet(input: IpamConfigInput | undefined, taken: string[], hostRoutes: string[], pool: PoolOptions): SubnetChoice {
  // The default route covers everything and says nothing about which subnets are in use.
  const routes = hostRoutes.map(parseCidr).filter((r) => r.prefix > 0);
  const busy = [...taken.map(parseCidr), ...routes];
  if (input?.Subnet) return userSubnet(input, taken.map(parseCidr), routes);
  const p = parseCidr(pool.pool);
  const step = 2 ** (32 - pool.prefixLen);
  for (let base = p.base; base + step - 1 <= lastOf(p); base += step) {
    const c: Cidr = { base: base >>> 0, prefix: pool.prefixLen };
    if (!busy.some((b) => overlaps(b, c))) return { subnet: formatCidr(c), gateway: formatIp(c.base + 1) };
  }
  throw new EngineError('UNAVAILABLE', `no free /${pool.prefixLen} subnet left in address pool ${pool.pool}`);
}

function userSubnet(input: IpamConfigInput, networks: Cidr[], routes: Cidr[]): SubnetChoice {
  const c = parseCidr(input.Subnet as string);
  if (c.prefix > 30) throw new EngineError('INVALID_ARGUMENT', `subnet ${input.Subnet} is too small for a bridge network`);
  const clash = networks.find((n) => overlaps(n, c));
  if (clash) throw new EngineError('CONFLICT', `Pool overlaps with other one on this address space: ${input.Subnet} overlaps network ${formatCidr(clash)}`);
  const route = routes.find((r) => overlaps(r, c));
  if (route) throw new EngineError('CONFLICT', `subnet ${input.Subnet} overlaps a route already on the host (${formatCidr(route)})`);
  const gateway = input.Gateway ? parseIp(input.Gateway) : c.base + 1;
  if (!contains(c, gateway)) throw new EngineError('INVALID_ARGUMENT', `gateway ${input.Gateway} is not in subnet ${input.Subnet}`);
  let ipRange: string | undefined;
  if (input.IPRange) {
    const r = parseCidr(input.IPRange);
    if (!contains(c, r.base) || !contains(c, lastOf(r))) throw new EngineError('INVALID_ARGUMENT', `ip_range ${input.IPRange} is not inside subnet ${input.Subnet}`);
    ipRange = formatCidr(r);
  }
  return { subnet: formatCidr(c), gateway: formatIp(gateway), ...(ipRange ? { ipRange } : {}) };
}

/**
 * Hands out the lowest free address of the range (network, broadcast, gateway and `used` excluded),
 * preferring one not in `avoid` (addresses whose old veth the kernel is still freeing), or checks a
 * requested one (ipv4_address).
 */
export function allocateAddress(choice: SubnetChoice, used: Iterable<string>, requested?: string, avoid: Iterable<string> = []): string {
  const subnet = parseCidr(choice.subnet);
  const taken = new Set<number>([...used].map(parseIp));
  taken.add(parseIp(choice.gateway));
  const reserved = (ip: number) => ip === subnet.base || ip === lastOf(subnet);
  if (requested) {
    const ip = parseIp(requested);
    if (!contains(subnet, ip) || reserved(ip)) throw new EngineError('INVALID_ARGUMENT', `address ${requested} is not usable in subnet ${choice.subnet}`);
    if (taken.has(ip)) throw new EngineError('CONFLICT', `Address already in use: ${requested} on subnet ${choice.subnet}`);
    return requested;
  }
  const range = choice.ipRange ? parseCidr(choice.ipRange) : subnet;
  const dying = new Set<number>([...avoid].map(parseIp));
  for (const skip of [dying, new Set<number>()]) {
    for (let i = 0; i < size(range); i++) {
      const ip = (range.base + i) >>> 0;
      if (!reserved(ip) && !taken.has(ip) && !skip.has(ip)) return formatIp(ip);
    }
  }
  throw new EngineError('UNAVAILABLE', `no free address left in ${choice.ipRange ?? choice.subnet}`);
}

export function prefixLength(subnet: string): number {
  return parseCidr(subnet).prefix;
}
