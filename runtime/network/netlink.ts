// A minimal rtnetlink client (RFC 3549 messages, linux/rtnetlink.h) through libc via koffi, so the
// hot path of an attach spawns no process: a socket is opened inside the container's namespace
// (setns there and back on this thread; a netlink socket stays bound to the namespace it was made
// in), then link/address/route requests are sent and their acks read.
// The kernel handles a request inside send() (netlink_unicast runs rtnetlink_rcv in the sender's
// context) and queues the ack before send returns, so send is where a request waits: on rtnl_lock
// and, for a link delete, on RCU grace periods (~10-30 ms here). The *Async requests make that
// send on one of koffi's worker threads (`fn.async`), so the event loop is not held; the ack is
// then read at once.
import koffi from 'koffi';
import { closeSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import { EngineError } from '../errors';
import { parseIp } from './ipv4';

const AF_NETLINK = 16;
const AF_INET = 2;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_ROUTE = 0;
export const CLONE_NEWNET = 0x40000000;

const NLM_F_REQUEST = 0x1;
const NLM_F_ACK = 0x4;
const NLM_F_REPLACE = 0x100;
const NLM_F_EXCL = 0x200;
const NLM_F_CREATE = 0x400;
const NLMSG_ERROR = 2;

const RTM_NEWLINK = 16;
const RTM_DELLINK = 17;
const RTM_NEWADDR = 20;
const RTM_NEWROUTE = 24;

const IFLA_ADDRESS = 1;
const IFLA_IFNAME = 3;
const IFLA_MASTER = 10;
const IFLA_LINKINFO = 18;
const IFLA_GROUP = 27;
const IFLA_NET_NS_FD = 28;
const IFLA_INFO_KIND = 1;
const IFLA_INFO_DATA = 2;
const VETH_INFO_PEER = 1;
const IFA_ADDRESS = 1;
const IFA_LOCAL = 2;
const RTA_OIF = 4;
const RTA_GATEWAY = 5;
const IFF_UP = 1;
const RT_TABLE_MAIN = 254;
const RTPROT_BOOT = 3;
const RTN_UNICAST = 1;

export interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  setns(fd: number, nstype: number): number;
  send(fd: number, buf: Buffer, len: number, flags: number): number;
  /** send() on a koffi worker thread (the socket is already bound to its namespace). */
  sendAsync(fd: number, buf: Buffer, len: number, flags: number): Promise<number>;
  recv(fd: number, buf: Buffer, len: number, flags: number): number;
  close(fd: number): number;
  umount2(target: string, flags: number): number;
  /** umount2() on a koffi worker thread (errno is not carried back). */
  umount2Async(target: string, flags: number): Promise<number>;
  unshare(flags: number): number;
  mount(source: string, target: string, fstype: string | null, flags: number, data: null): number;
}

export function bindLibc(): Libc {
  const lib = koffi.load('libc.so.6');
  const send = lib.func('intptr_t send(int fd, const uint8_t *buf, size_t len, int flags)');
  const umount2 = lib.func('int umount2(const char *target, int flags)');
  const sendAsync = (fd: number, buf: Buffer, len: number, flags: number) => new Promise<number>((resolve, reject) => {
    send.async(fd, buf, len, flags, (err: unknown, n: number) => (err ? reject(err) : resolve(n)));
  });
  const umount2Async = (target: string, flags: number) => new Promise<number>((resolve, reject) => {
    umount2.async(target, flags, (err: unknown, n: number) => (err ? reject(err) : resolve(n)));
  });
  return {
    socket: lib.func('int socket(int domain, int type, int protocol)'),
    setns: lib.func('int setns(int fd, int nstype)'),
    send,
    sendAsync,
    recv: lib.func('intptr_t recv(int fd, _Out_ uint8_t *buf, size_t len, int flags)'),
    close: lib.func('int close(int fd)'),
    umount2,
    umount2Async,
    unshare: lib.func('int unshare(int flags)'),
    mount: lib.func('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)'),
  } as unknown as Libc;
}

export function errnoName(n: number): string {
  for (const [name, value] of Object.entries(constants.errno)) if (value === n) return name;
  return `E${n}`;
}

/** One route attribute, padded to 4 bytes. */
function attr(type: number, data: Buffer): Buffer {
  const len = 4 + data.length;
  const b = Buffer.alloc((len + 3) & ~3);
  b.writeUInt16LE(len, 0);
  b.writeUInt16LE(type, 2);
  data.copy(b, 4);
  return b;
}

const str = (s: string) => Buffer.from(`${s}\0`, 'latin1');
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };
const ip4 = (s: string) => { const b = Buffer.alloc(4); b.writeUInt32BE(parseIp(s)); return b; };
const mac = (s: string) => Buffer.from(s.split(':').map((h) => parseInt(h, 16)));

function ifinfomsg(index = 0, flags = 0, change = 0): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(index, 4);
  b.writeUInt32LE(flags, 8);
  b.writeUInt32LE(change, 12);
  return b;
}

/** One rtnetlink request: message type, extra flags, payload, and what it does (for errors). */
export interface NlRequest {
  type: number;
  flags: number;
  body: Buffer[];
  what: string;
}

/** Request builders (the `ip` commands they stand for in each comment). */
export const rt = {
  /**
   * ip link add <name> index <index> address <mac> type veth peer name <peer> netns <fd>. By fd,
   * not pid: the request runs on a worker thread while the main thread may be inside a namespace
   * it is creating (netns-file.ts), and a pid names the main thread's namespace of that moment.
   */
  addVeth(name: string, index: number, address: string, peer: string, peerNsFd: number): NlRequest {
    const peerInfo = Buffer.concat([ifinfomsg(), attr(IFLA_IFNAME, str(peer)), attr(IFLA_NET_NS_FD, u32(peerNsFd))]);
    const linkinfo = attr(IFLA_LINKINFO, Buffer.concat([attr(IFLA_INFO_KIND, str('veth')), attr(IFLA_INFO_DATA, attr(VETH_INFO_PEER, peerInfo))]));
    return { type: RTM_NEWLINK, flags: NLM_F_CREATE | NLM_F_EXCL, body: [ifinfomsg(index), attr(IFLA_IFNAME, str(name)), attr(IFLA_ADDRESS, mac(address)), linkinfo], what: `creating veth ${name}/${peer}` };
  },

  /** ip link add <name> address <mac> [group <group>] type bridge. */
  addBridge(name: string, address: string, group?: number): NlRequest {
    const linkinfo = attr(IFLA_LINKINFO, attr(IFLA_INFO_KIND, str('bridge')));
    const body = [ifinfomsg(), attr(IFLA_IFNAME, str(name)), attr(IFLA_ADDRESS, mac(address)), linkinfo];
    if (group !== undefined) body.push(attr(IFLA_GROUP, u32(group)));
    return { type: RTM_NEWLINK, flags: NLM_F_CREATE | NLM_F_EXCL, body, what: `creating bridge ${name}` };
  },

  /** ip link set dev <index> up. */
  setUp(index: number): NlRequest {
    return { type: RTM_NEWLINK, flags: 0, body: [ifinfomsg(index, IFF_UP, IFF_UP)], what: `setting link ${index} up` };
  },

  /** ip link set <name> master <masterIndex> [group <group>] up. */
  setMasterUp(name: string, masterIndex: number, group?: number): NlRequest {
    const body = [ifinfomsg(0, IFF_UP, IFF_UP), attr(IFLA_IFNAME, str(name)), attr(IFLA_MASTER, u32(masterIndex))];
    if (group !== undefined) body.push(attr(IFLA_GROUP, u32(group)));
    return { type: RTM_NEWLINK, flags: 0, body, what: `adding ${name} to bridge ${masterIndex} and setting it up` };
  },

  /** ip addr add <address>/<prefixLen> dev <index>. */
  addAddress(index: number, address: string, prefixLen: number): NlRequest {
    const msg = Buffer.alloc(8);
    msg.writeUInt8(AF_INET, 0);
    msg.writeUInt8(prefixLen, 1);
    msg.writeUInt32LE(index, 4);
    return { type: RTM_NEWADDR, flags: NLM_F_CREATE | NLM_F_EXCL, body: [msg, attr(IFA_LOCAL, ip4(address)), attr(IFA_ADDRESS, ip4(address))], what: `adding ${address}/${prefixLen}` };
  },

  /** ip route replace default via <gateway> dev <index>. */
  replaceDefaultRoute(gateway: string, index: number): NlRequest {
    const msg = Buffer.alloc(12);
    msg.writeUInt8(AF_INET, 0);
    msg.writeUInt8(RT_TABLE_MAIN, 4);
    msg.writeUInt8(RTPROT_BOOT, 5);
    msg.writeUInt8(0, 6);
    msg.writeUInt8(RTN_UNICAST, 7);
    return { type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_REPLACE, body: [msg, attr(RTA_GATEWAY, ip4(gateway)), attr(RTA_OIF, u32(index))], what: `default route via ${gateway}` };
  },

  /**
   * ip link del group <group>: no index and no name, so the kernel (rtnl_group_dellink) deletes
   * every link of the group in one unregister_netdevice_many, one set of RCU waits for all.
   */
  deleteGroup(group: number): NlRequest {
    return { type: RTM_DELLINK, flags: 0, body: [ifinfomsg(), attr(IFLA_GROUP, u32(group))], what: `deleting link group ${group}` };
  },

  /** ip link del <name>. */
  deleteLink(name: string): NlRequest {
    return { type: RTM_DELLINK, flags: 0, body: [ifinfomsg(), attr(IFLA_IFNAME, str(name))], what: `deleting link ${name}` };
  },
};

export class Rtnetlink {
  private seq = 1;
  private readonly reply = Buffer.alloc(8192);

  private constructor(private readonly libc: Libc, private readonly fd: number, private readonly where: string) {}

  /** A socket in the namespace at `nsPath`, or in this thread's own when nsPath is undefined. */
  static open(libc: Libc, nsPath?: string): Rtnetlink {
    if (!nsPath) return new Rtnetlink(libc, Rtnetlink.socket(libc), 'host');
    const self = openSync('/proc/thread-self/ns/net', 'r');
    const target = openSync(nsPath, 'r');
    try {
      if (libc.setns(target, CLONE_NEWNET) < 0) throw new EngineError('INTERNAL', `setns ${nsPath}: ${errnoName(koffi.errno())}`);
      try {
        return new Rtnetlink(libc, Rtnetlink.socket(libc), nsPath);
      } finally {
        // Back home before anything else runs on this thread.
        if (libc.setns(self, CLONE_NEWNET) < 0) throw new EngineError('INTERNAL', `setns back to the engine's namespace: ${errnoName(koffi.errno())}`);
      }
    } finally {
      closeSync(target);
      closeSync(self);
    }
  }

  /** A socket in the namespace this thread is in now (netns-file.ts: right after unshare). */
  static inCurrent(libc: Libc, where: string): Rtnetlink {
    return new Rtnetlink(libc, Rtnetlink.socket(libc), where);
  }

  private static socket(libc: Libc): number {
    const fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) throw new EngineError('UNAVAILABLE', `netlink socket: ${errnoName(koffi.errno())}`);
    return fd;
  }

  close(): void {
    this.libc.close(this.fd);
  }

  /** One message: header (with a fresh sequence number) and payload. */
  private frame(r: NlRequest): { msg: Buffer; seq: number } {
    const payload = Buffer.concat(r.body);
    const hdr = Buffer.alloc(16);
    const seq = this.seq++;
    hdr.writeUInt32LE(16 + payload.length, 0);
    hdr.writeUInt16LE(r.type, 4);
    hdr.writeUInt16LE(NLM_F_REQUEST | NLM_F_ACK | r.flags, 6);
    hdr.writeUInt32LE(seq, 8);
    return { msg: Buffer.concat([hdr, payload]), seq };
  }

  /** Reads up to the ack of `seq` (queued by the time send returned); a kernel error becomes an EngineError. */
  private readAck(seq: number, what: string): void {
    for (;;) {
      const n = this.libc.recv(this.fd, this.reply, this.reply.length, 0);
      if (n < 0) throw new EngineError('INTERNAL', `${what}: recv: ${errnoName(koffi.errno())}`);
      if (this.reply.readUInt16LE(4) !== NLMSG_ERROR || this.reply.readUInt32LE(8) !== seq) continue;
      const err = this.reply.readInt32LE(16);
      if (err === 0) return;
      const code = -err === constants.errno.EEXIST ? 'ALREADY_EXISTS' : -err === constants.errno.ENODEV ? 'NOT_FOUND' : 'INTERNAL';
      throw new EngineError(code, `${what} (in ${this.where}): ${errnoName(-err)}`);
    }
  }

  /**
   * Sends the requests as one datagram, from a worker thread: the kernel handles them in order
   * and acks each (a failed one does not stop the next), so every ack is read and the first
   * failure is thrown. One thread hop per batch instead of one blocking call per request.
   */
  async run(reqs: NlRequest[]): Promise<void> {
    const frames = reqs.map((r) => this.frame(r));
    const msg = Buffer.concat(frames.map((f) => f.msg));
    // errno is not carried back from a worker thread; a failed send on a netlink socket is rare
    // (the kernel's answer comes in the acks), so it is reported without it.
    if ((await this.libc.sendAsync(this.fd, msg, msg.length, 0)) < 0) throw new EngineError('INTERNAL', `${reqs[0]?.what}: send failed`);
    let first: unknown;
    frames.forEach((f, i) => {
      try { this.readAck(f.seq, reqs[i].what); } catch (err) { first ??= err; }
    });
    if (first) throw first;
  }

  /** ip link del <name>; false when there was no such link. */
  async deleteLink(name: string): Promise<boolean> {
    try {
      await this.run([rt.deleteLink(name)]);
      return true;
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') return false;
      throw err;
    }
  }
}
