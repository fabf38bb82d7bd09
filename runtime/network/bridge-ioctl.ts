// Enslaving a veth to a bridge and bringing it up without spawning `ip`: the classic bridge ioctls
// (SIOCBRADDIF, SIOCGIFFLAGS/SIOCSIFFLAGS, as brctl does) through libc via koffi, and hairpin mode
// through sysfs. An attach then costs one `ip -batch` spawn (inside the namespace) instead of two.
import koffi from 'koffi';
import { writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { EngineError } from '../errors';

const AF_INET = 2;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const SIOCGIFFLAGS = 0x8913;
const SIOCSIFFLAGS = 0x8914;
const SIOCBRADDIF = 0x89a2;
const IFF_UP = 1;
const IFREQ_SIZE = 40;

export interface BridgeIoctl {
  /** Adds `port` to `bridge`, sets it up, turns hairpin mode on. */
  enslave(bridge: string, port: string): Promise<void>;
  close(): void;
}

function errnoName(n: number): string {
  for (const [name, value] of Object.entries(constants.errno)) if (value === n) return name;
  return `E${n}`;
}

function ifreq(name: string): Buffer {
  const b = Buffer.alloc(IFREQ_SIZE);
  b.write(name, 0, 15, 'latin1');
  return b;
}

export function createBridgeIoctl(): BridgeIoctl {
  const lib = koffi.load('libc.so.6');
  const socket = lib.func('int socket(int domain, int type, int protocol)');
  const ioctl = lib.func('int ioctl(int fd, unsigned long req, _Inout_ uint8_t *arg)');
  const closeFd = lib.func('int close(int fd)');
  const nameToIndex = lib.func('unsigned int if_nametoindex(const char *name)');
  const fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0) as number;
  if (fd < 0) throw new EngineError('UNAVAILABLE', `socket(AF_INET): ${errnoName(koffi.errno())}`);
  const call = (req: number, buf: Buffer, what: string) => {
    if ((ioctl(fd, req, buf) as number) < 0) throw new EngineError('INTERNAL', `${what}: ${errnoName(koffi.errno())}`);
  };
  return {
    async enslave(bridge, port) {
      const index = nameToIndex(port) as number;
      if (!index) throw new EngineError('NOT_FOUND', `interface ${port} not found`);
      const add = ifreq(bridge);
      add.writeInt32LE(index, 16);
      call(SIOCBRADDIF, add, `adding ${port} to bridge ${bridge}`);
      const flags = ifreq(port);
      call(SIOCGIFFLAGS, flags, `reading flags of ${port}`);
      flags.writeUInt16LE(flags.readUInt16LE(16) | IFF_UP, 16);
      call(SIOCSIFFLAGS, flags, `setting ${port} up`);
      // A container reaching itself through its published port (see nftables.ts) needs hairpin.
      await writeFile(`/sys/class/net/${port}/brport/hairpin_mode`, '1');
    },
    close() {
      closeFd(fd);
    },
  };
}
