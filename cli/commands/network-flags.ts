// `berth network create` and `connect` flags → API bodies, as docker/cli's network commands build
// them: --subnet/--gateway/--ip-range become IPAM.Config entries, each gateway and range going to
// the subnet that contains it (cli/command/network/create.go consolidateIpam).
import type { IpamConfig, NetworkCreateRequest } from '../../runtime/api/types';
import type { NetworkConnectOptions } from '../../core/engine/index';
import { CoreError } from '../../core/errors';
import { bool, list, str, type FlagSpec, type FlagValues } from './engine-args';
import { keyValues } from './kv-flags';

export const CREATE_FLAGS: Record<string, FlagSpec> = {
  driver: { short: 'd', type: 'string' }, subnet: { type: 'list' }, gateway: { type: 'list' },
  'ip-range': { type: 'list' }, internal: { type: 'bool' }, attachable: { type: 'bool' }, ipv6: { type: 'bool' },
  label: { type: 'list' }, opt: { short: 'o', type: 'list' }, 'ipam-driver': { type: 'string' },
};

export const CONNECT_FLAGS: Record<string, FlagSpec> = {
  alias: { type: 'list' }, ip: { type: 'string' }, ip6: { type: 'string' },
};

export function networkCreateRequest(name: string, f: FlagValues): NetworkCreateRequest {
  const config = ipamConfig(list(f, 'subnet'), list(f, 'gateway'), list(f, 'ip-range'));
  return {
    Name: name, Driver: str(f, 'driver') ?? 'bridge', Internal: bool(f, 'internal'), Attachable: bool(f, 'attachable'),
    EnableIPv6: bool(f, 'ipv6'), Options: keyValues(list(f, 'opt')), Labels: keyValues(list(f, 'label')),
    IPAM: { Driver: str(f, 'ipam-driver') ?? 'default', Config: config },
  };
}

export function connectOptions(f: FlagValues): NetworkConnectOptions {
  return { aliases: list(f, 'alias'), ipv4Address: str(f, 'ip'), ipv6Address: str(f, 'ip6') };
}

export function ipamConfig(subnets: string[], gateways: string[], ranges: string[]): IpamConfig[] {
  const configs: IpamConfig[] = subnets.map((s) => {
    parseCidr(s, '--subnet');
    return { Subnet: s };
  });
  for (const r of ranges) owner(configs, r, 'ip-range').IPRange = r;
  for (const g of gateways) owner(configs, g, 'gateway').Gateway = g;
  return configs;
}

/** The subnet entry that contains `addr` (an address or a CIDR); one value of each kind per subnet. */
function owner(configs: IpamConfig[], addr: string, kind: 'ip-range' | 'gateway'): IpamConfig {
  const { base } = parseCidr(addr.includes('/') ? addr : `${addr}/32`, `--${kind}`);
  const field = kind === 'gateway' ? 'Gateway' : 'IPRange';
  const match = configs.find((c) => {
    const { base: net, bits } = parseCidr(c.Subnet as string, '--subnet');
    return bits === 0 || (base >>> (32 - bits)) === (net >>> (32 - bits));
  });
  if (!match) throw new CoreError('INVALID_ARGUMENT', `no matching subnet for ${kind} ${addr}`);
  if (match[field]) throw new CoreError('INVALID_ARGUMENT', `cannot configure multiple ${kind}s (${match[field]}, ${addr}) for the same subnet`);
  return match;
}

function parseCidr(cidr: string, flag: string): { base: number; bits: number } {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits > 32) throw new CoreError('INVALID_ARGUMENT', `invalid ${flag}: "${cidr}" is not an IPv4 CIDR`);
  return { base: ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0, bits };
}
