// The embedded DNS server of one bridge network, listening on the bridge's gateway address (UDP,
// as Docker's embedded resolver does at 127.0.0.11). Names it knows are answered from the
// resolver (one A record per replica, rotated each answer for round robin); other names are
// forwarded, raw, to the upstream resolvers the resolver names for that client. TCP is served
// too (RFC 7766), for clients retrying a truncated answer; it forwards over TCP.
import { createSocket, type Socket, type RemoteInfo } from 'node:dgram';
import { createServer, connect, type Server, type Socket as TcpSocket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { EngineError } from '../errors';

export interface Upstream {
  host: string;
  port: number;
}

/** What the server asks the network service; keyed by the querying container's address. */
export interface DnsResolver {
  /** Addresses for `name` as seen by the client, or undefined when the name is not Berth's. */
  lookup(clientIp: string, name: string): string[] | undefined;
  /** Name for a container address (PTR), or undefined. */
  reverse(clientIp: string, ip: string): string | undefined;
  /** Where to forward other names; empty means answer NXDOMAIN (internal networks). */
  upstreams(clientIp: string): Upstream[];
}

export interface DnsServerOptions {
  address: string;
  port: number;
  resolver: DnsResolver;
  forwardTimeoutMs?: number;
  ttl?: number;
}

const NXDOMAIN = 3;
const SERVFAIL = 2;

export class DnsServer {
  private socket: Socket | undefined;
  private tcp: Server | undefined;
  private rotation = 0;

  constructor(private readonly opts: DnsServerOptions) {}

  async start(): Promise<void> {
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    socket.on('message', (msg, rinfo) => void this.handleUdp(msg, rinfo));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (err) => reject(new EngineError('UNAVAILABLE', `DNS server cannot listen on ${this.opts.address}:${this.opts.port}: ${err.message}`, { cause: err })));
      socket.bind(this.opts.port, this.opts.address, () => resolve());
    });
    socket.on('error', () => undefined);
    this.socket = socket;
    const tcp = createServer((conn) => this.handleTcp(conn));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', (err) => reject(new EngineError('UNAVAILABLE', `DNS server cannot listen on tcp ${this.opts.address}:${this.port()}: ${err.message}`, { cause: err })));
      tcp.listen(this.port(), this.opts.address, () => resolve());
    }).catch(async (err) => {
      await this.close();
      throw err;
    });
    tcp.on('error', () => undefined);
    this.tcp = tcp;
  }

  /** The bound port (useful when started on port 0). */
  port(): number {
    return this.socket?.address().port ?? 0;
  }

  async close(): Promise<void> {
    const s = this.socket;
    const t = this.tcp;
    this.socket = undefined;
    this.tcp = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    if (t) await new Promise<void>((resolve) => t.close(() => resolve()));
  }

  private async handleUdp(msg: Buffer, rinfo: RemoteInfo): Promise<void> {
    const reply = await this.respond(msg, rinfo.address, false);
    if (reply) this.socket?.send(reply, rinfo.port, rinfo.address);
  }

  /** Length-prefixed messages (2 bytes, big endian), answered in order on the same connection. */
  private handleTcp(conn: TcpSocket): void {
    let buf = Buffer.alloc(0);
    let chain = Promise.resolve();
    conn.setTimeout(10_000, () => conn.destroy());
    conn.on('error', () => undefined);
    conn.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        chain = chain.then(async () => {
          const reply = await this.respond(Buffer.from(msg), conn.remoteAddress?.replace(/^::ffff:/, '') ?? '', true);
          if (reply && !conn.destroyed) conn.write(Buffer.concat([u16(reply.length), reply]));
        });
      }
    });
  }

  private async respond(msg: Buffer, client: string, tcp: boolean): Promise<Buffer | undefined> {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return undefined; // not DNS: drop, as resolvers do
    }
    const q = query.questions?.[0];
    if (!q) return undefined;
    return this.answerLocal(query, q, client) ?? (await this.forward(msg, query, client, tcp));
  }

  private answerLocal(query: dnsPacket.DecodedPacket, q: dnsPacket.Question, client: string): Buffer | undefined {
    const name = q.name.replace(/\.$/, '');
    if (q.type === 'PTR') {
      const target = this.opts.resolver.reverse(client, ptrToIp(name) ?? '');
      return target === undefined ? undefined : this.reply(query, [{ type: 'PTR', name: q.name, ttl: this.ttl(), data: target }]);
    }
    const ips = this.opts.resolver.lookup(client, name);
    if (ips === undefined) return undefined;
    // A known name: A records, rotated; other types get an empty NOERROR (the name exists).
    if (q.type !== 'A') return this.reply(query, []);
    const start = this.rotation++ % Math.max(ips.length, 1);
    const ordered = [...ips.slice(start), ...ips.slice(0, start)];
    return this.reply(query, ordered.map((ip) => ({ type: 'A' as const, name: q.name, ttl: this.ttl(), data: ip })));
  }

  private ttl(): number {
    return this.opts.ttl ?? 600;
  }

  private reply(query: dnsPacket.DecodedPacket, answers: dnsPacket.Answer[], rcode = 0): Buffer {
    const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
    return dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE | rd | rcode,
      questions: query.questions,
      answers,
    });
  }

  private async forward(msg: Buffer, query: dnsPacket.DecodedPacket, client: string, tcp: boolean): Promise<Buffer> {
    const upstreams = this.opts.resolver.upstreams(client);
    if (upstreams.length === 0) return this.reply(query, [], NXDOMAIN);
    for (const u of upstreams) {
      const timeout = this.opts.forwardTimeoutMs ?? 2000;
      const answer = tcp ? await forwardTcp(msg, u, timeout) : await forwardUdp(msg, u, timeout);
      if (answer) return answer;
    }
    return this.reply(query, [], SERVFAIL);
  }
}

/** One UDP exchange with an upstream resolver; undefined on timeout or error. */
export function forwardUdp(msg: Buffer, upstream: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const done = (b: Buffer | undefined) => {
      clearTimeout(timer);
      s.close();
      resolve(b);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    s.on('error', () => done(undefined));
    s.on('message', (b) => done(b));
    s.send(msg, upstream.port, upstream.host);
  });
}

/** One TCP exchange with an upstream resolver; undefined on timeout or error. */
export function forwardTcp(msg: Buffer, upstream: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const conn = connect(upstream.port, upstream.host, () => conn.write(Buffer.concat([u16(msg.length), msg])));
    const done = (b: Buffer | undefined) => {
      conn.destroy();
      resolve(b);
    };
    conn.setTimeout(timeoutMs, () => done(undefined));
    conn.on('error', () => done(undefined));
    conn.on('close', () => done(undefined));
    conn.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
  });
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** "4.3.2.10.in-addr.arpa" → "10.2.3.4". */
export function ptrToIp(name: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/i.exec(name);
  return m ? [m[4], m[3], m[2], m[1]].join('.') : undefined;
}

/** Nameservers of a resolv.conf, as upstreams on port 53. */
export function parseResolvConfNameservers(text: string): Upstream[] {
  const out: Upstream[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(line);
    if (m) out.push({ host: m[1], port: 53 });
  }
  return out;
}
