import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { DnsServer, parseResolvConfNameservers, ptrToIp, type DnsResolver } from './dns-server';

interface Reply { id?: number; rcode?: string; answers?: Array<{ data?: unknown }> }

function ask(port: number, name: string, type: 'A' | 'AAAA' | 'PTR' = 'A'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.on('message', (m) => { s.close(); resolve(dnsPacket.decode(m) as unknown as Reply); });
    s.on('error', reject);
    s.send(dnsPacket.encode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] }), port, '127.0.0.1');
  });
}

test('the server answers known names, rotates replicas, answers PTR and NXDOMAINs without upstreams', async () => {
  const resolver: DnsResolver = {
    lookup: (_c, n) => (n === 'web' ? ['10.89.0.2', '10.89.0.3'] : undefined),
    reverse: (_c, ip) => (ip === '10.89.0.2' ? 'web-1.net' : undefined),
    upstreams: () => [],
  };
  const server = new DnsServer({ address: '127.0.0.1', port: 0, resolver });
  await server.start();
  const port = server.port();
  try {
    const a1 = await ask(port, 'web');
    const a2 = await ask(port, 'web.');
    assert.equal(a1.id, 7);
    assert.deepEqual(a1.answers?.map((a) => a.data), ['10.89.0.2', '10.89.0.3']);
    assert.deepEqual(a2.answers?.map((a) => a.data), ['10.89.0.3', '10.89.0.2']);
    assert.equal((await ask(port, 'web', 'AAAA')).answers?.length, 0);
    assert.equal((await ask(port, '2.0.89.10.in-addr.arpa', 'PTR')).answers?.[0].data, 'web-1.net');
    assert.equal((await ask(port, 'nope')).rcode, 'NXDOMAIN');
  } finally {
    await server.close();
  }
});

test('TCP queries (length-prefixed, several on one connection) are answered too', async () => {
  const resolver: DnsResolver = { lookup: (_c, n) => (n === 'db' ? ['10.89.0.9'] : undefined), reverse: () => undefined, upstreams: () => [] };
  const server = new DnsServer({ address: '127.0.0.1', port: 0, resolver });
  await server.start();
  try {
    const frame = (name: string, id: number) => {
      const m = dnsPacket.encode({ type: 'query', id, questions: [{ type: 'A', name }] });
      return Buffer.concat([Buffer.from([m.length >> 8, m.length & 255]), m]);
    };
    const replies = await new Promise<Reply[]>((resolve, reject) => {
      const out: Reply[] = [];
      let buf = Buffer.alloc(0);
      const c = connect(server.port(), '127.0.0.1', () => c.write(Buffer.concat([frame('db', 1), frame('nope', 2)])));
      c.on('error', reject);
      c.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          out.push(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))) as unknown as Reply);
          buf = buf.subarray(2 + buf.readUInt16BE(0));
        }
        if (out.length === 2) { c.destroy(); resolve(out); }
      });
    });
    assert.deepEqual(replies.map((r) => [r.id, r.rcode, r.answers?.map((a) => a.data)]), [[1, 'NOERROR', ['10.89.0.9']], [2, 'NXDOMAIN', []]]);
  } finally {
    await server.close();
  }
});

test('unknown names are forwarded: over UDP for UDP clients, over TCP for TCP clients', async () => {
  // Fake upstreams on loopback answering 10.89.254.7 (UDP) and 10.89.254.8 (TCP).
  const udpUp = createSocket('udp4');
  udpUp.on('message', (m, r) => {
    const q = dnsPacket.decode(m);
    udpUp.send(dnsPacket.encode({ type: 'response', id: q.id, questions: q.questions, answers: [{ type: 'A', name: q.questions?.[0]?.name ?? '', data: '10.89.254.7' }] }), r.port, r.address);
  });
  await new Promise<void>((r) => udpUp.bind(0, '127.0.0.1', () => r()));
  const tcpUp = createServer((c) => c.on('data', (d: Buffer) => {
    const q = dnsPacket.decode(d.subarray(2));
    const a = dnsPacket.encode({ type: 'response', id: q.id, questions: q.questions, answers: [{ type: 'A', name: q.questions?.[0]?.name ?? '', data: '10.89.254.8' }] });
    c.end(Buffer.concat([Buffer.from([a.length >> 8, a.length & 255]), a]));
  }));
  await new Promise<void>((r) => tcpUp.listen(udpUp.address().port, '127.0.0.1', () => r()));
  const resolver: DnsResolver = { lookup: () => undefined, reverse: () => undefined, upstreams: () => [{ host: '127.0.0.1', port: udpUp.address().port }] };
  const server = new DnsServer({ address: '127.0.0.1', port: 0, resolver });
  await server.start();
  try {
    assert.deepEqual((await ask(server.port(), 'out.example')).answers?.map((a) => a.data), ['10.89.254.7']);
    const viaTcp = await new Promise<Reply>((resolve, reject) => {
      const m = dnsPacket.encode({ type: 'query', id: 9, questions: [{ type: 'A', name: 'out.example' }] });
      const c = connect(server.port(), '127.0.0.1', () => c.write(Buffer.concat([Buffer.from([m.length >> 8, m.length & 255]), m])));
      c.on('error', reject);
      c.on('data', (d: Buffer) => { c.destroy(); resolve(dnsPacket.decode(d.subarray(2)) as unknown as Reply); });
    });
    assert.deepEqual([viaTcp.id, viaTcp.answers?.map((a) => a.data)], [9, ['10.89.254.8']]);
  } finally {
    await server.close();
    udpUp.close();
    tcpUp.close();
  }
});

test('helpers: PTR names and resolv.conf nameservers', () => {
  assert.equal(ptrToIp('4.3.2.10.in-addr.arpa'), '10.2.3.4');
  assert.equal(ptrToIp('example.com'), undefined);
  assert.deepEqual(parseResolvConfNameservers('# x\nnameserver 10.255.255.53\nnameserver ::1\nsearch a\n'), [{ host: '10.255.255.53', port: 53 }]);
});
