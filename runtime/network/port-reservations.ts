// Published host ports are held by a socket of the engine, as dockerd (v28, userland-proxy off)
// does: the DNAT rules take every packet before it reaches the socket, but while it is open no
// host process can bind the port later and be silently shadowed, and `ss -ltnp` shows the owner.
import { createServer, type Server } from 'node:net';
import { createSocket, type Socket } from 'node:dgram';
import { EngineError } from '../errors';
import { describeHolder, holdersOf, socketsOnPort } from './port-holder';
import type { PortRecord } from './types';

type Holder = Server | Socket;

const key = (p: PortRecord) => `${p.proto}/${p.hostIp || '0.0.0.0'}/${p.hostPort}`;

export class PortReservations {
  private readonly held = new Map<string, Holder>();

  /** Holds every port or none; a port taken meanwhile is a CONFLICT naming its holder. */
  async reserve(ports: PortRecord[]): Promise<void> {
    const done: PortRecord[] = [];
    try {
      for (const p of ports) {
        if (this.held.has(key(p))) continue;
        this.held.set(key(p), await bind(p));
        done.push(p);
      }
    } catch (err) {
      await this.release(done);
      throw err;
    }
  }

  async release(ports: PortRecord[]): Promise<void> {
    for (const p of ports) {
      const h = this.held.get(key(p));
      this.held.delete(key(p));
      if (h) await new Promise<void>((r) => h.close(() => r()));
    }
  }

  async releaseAll(): Promise<void> {
    for (const h of this.held.values()) await new Promise<void>((r) => h.close(() => r()));
    this.held.clear();
  }
}

async function bind(p: PortRecord): Promise<Holder> {
  const host = p.hostIp || '0.0.0.0';
  try {
    if (p.proto === 'tcp') {
      const s = createServer((c) => c.destroy());
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen({ port: p.hostPort, host, exclusive: true }, () => resolve());
      });
      return s;
    }
    const u = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      u.once('error', reject);
      u.bind({ port: p.hostPort, address: host, exclusive: true }, () => resolve());
    });
    return u;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE') {
      // e.g. EADDRNOTAVAIL: the host IP is not an address of this machine.
      throw new EngineError('INVALID_ARGUMENT', `Bind for ${host}:${p.hostPort}/${p.proto} failed: ${(err as Error).message}`, { cause: err });
    }
    const inodes = await socketsOnPort(p.proto, p.hostPort, p.hostIp);
    const who = inodes.length ? describeHolder((await holdersOf(inodes.slice(0, 1)))[0]) : (err as Error).message;
    throw new EngineError('CONFLICT', `Bind for ${host}:${p.hostPort}/${p.proto} failed: port is already in use by ${who}`, { cause: err });
  }
}
