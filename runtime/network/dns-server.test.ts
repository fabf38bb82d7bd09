import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
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

test('helpers: PTR names and resolv.conf nameservers', () => {
  assert.equal(ptrToIp('4.3.2.10.in-addr.arpa'), '10.2.3.4');
  assert.equal(ptrToIp('example.com'), undefined);
  assert.deepEqual(parseResolvConfNameservers('# x\nnameserver 10.255.255.53\nnameserver ::1\nsearch a\n'), [{ host: '10.255.255.53', port: 53 }]);
});
