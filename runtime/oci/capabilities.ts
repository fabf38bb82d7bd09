// Linux capabilities for a container's process, as Docker computes them
// (moby oci/caps: a default set, then --cap-drop/--cap-add, "ALL" in either, --privileged = all).
import { EngineError } from '../errors';

/** Docker's default capability set (moby oci/caps/defaults.go). */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** Every capability the kernel knows (up to CAP_CHECKPOINT_RESTORE, Linux 5.9). */
export const ALL_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER',
  'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** "net_admin", "NET_ADMIN", "cap_net_admin" → "CAP_NET_ADMIN"; "all" stays "ALL". */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const full = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!ALL_CAPABILITIES.includes(full)) {
    throw new EngineError('INVALID_ARGUMENT', `unknown capability: "${name}"`);
  }
  return full;
}

export interface CapabilityRequest {
  capAdd?: readonly string[] | null;
  capDrop?: readonly string[] | null;
  privileged?: boolean;
  /** The engine's own bounding set: "all" can only mean what we hold (root here lacks CAP_SYS_RESOURCE). */
  available?: readonly string[];
}

/** Capability names in a CapBnd/CapEff hex mask, as /proc/<pid>/status shows them. */
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim()}`);
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/**
 * The effective capability list. As moby's TweakCapabilities: with "ALL" in cap-add, start from
 * every capability; "ALL" in cap-drop empties the set before the adds; an explicit add beats a drop.
 */
export function resolveCapabilities(req: CapabilityRequest): string[] {
  const all = req.available ?? ALL_CAPABILITIES;
  if (req.privileged) return [...all];
  const adds = (req.capAdd ?? []).map(normalizeCapability);
  const drops = (req.capDrop ?? []).map(normalizeCapability);
  let caps: Set<string>;
  if (adds.includes('ALL')) caps = new Set(all);
  else if (drops.includes('ALL')) caps = new Set();
  else caps = new Set(DEFAULT_CAPABILITIES);
  for (const d of drops) if (d !== 'ALL' && !adds.includes(d)) caps.delete(d);
  if (!adds.includes('ALL')) for (const a of adds) caps.add(a);
  return ALL_CAPABILITIES.filter((c) => caps.has(c));
}
