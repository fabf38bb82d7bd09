// Who holds a port: /proc/net/{tcp,udp}[6] gives the socket inode of a listener, and the
// /proc/<pid>/fd links (`socket:[inode]`) give its process — so a conflict names the culprit.
import { readFile, readdir, readlink } from 'node:fs/promises';

export interface PortHolder {
  pid?: number;
  command?: string;
  inode: number;
}

const TCP_LISTEN = '0A';
const UDP_UNCONN = '07';

/** Listening (tcp) or bound (udp) sockets on `port`, from /proc/net tables (IPv4 and IPv6). */
export async function socketsOnPort(proto: 'tcp' | 'udp', port: number, hostIp = ''): Promise<number[]> {
  const inodes: number[] = [];
  for (const file of [`/proc/net/${proto}`, `/proc/net/${proto}6`]) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const [addrHex, portHex] = f[1].split(':');
      if (parseInt(portHex, 16) !== port) continue;
      if (f[3] !== (proto === 'tcp' ? TCP_LISTEN : UDP_UNCONN)) continue;
      if (!addressClashes(addrHex, hostIp)) continue;
      inodes.push(Number(f[9]));
    }
  }
  return inodes;
}

/** A wildcard on either side clashes; otherwise only the same IPv4 address does. */
function addressClashes(addrHex: string, hostIp: string): boolean {
  if (!hostIp || hostIp === '0.0.0.0' || /^0+$/.test(addrHex)) return true;
  if (addrHex.length !== 8) return false;
  const n = parseInt(addrHex, 16);
  const ip = [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
  return ip === hostIp;
}

/** Maps socket inodes to the processes holding them (first holder wins). */
export async function holdersOf(inodes: number[]): Promise<PortHolder[]> {
  const want = new Set(inodes);
  const found = new Map<number, PortHolder>();
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    if (found.size === want.size) break;
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (!m || !want.has(Number(m[1])) || found.has(Number(m[1]))) continue;
      found.set(Number(m[1]), { inode: Number(m[1]), pid: Number(pid), command: await commandOf(pid) });
    }
  }
  return inodes.map((i) => found.get(i) ?? { inode: i });
}

async function commandOf(pid: string): Promise<string> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const text = cmdline.split('\0').filter(Boolean).join(' ');
  return text || (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
}

export function describeHolder(h: PortHolder): string {
  return h.pid ? `pid ${h.pid} (${h.command})` : `a socket (inode ${h.inode}) of a process in another namespace`;
}

/** The host's ephemeral range, where random host ports are taken from (as Docker does). */
export async function ephemeralRange(): Promise<[number, number]> {
  const text = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768 60999');
  const [lo, hi] = text.trim().split(/\s+/).map(Number);
  return [lo, hi];
}
