import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { allocatePorts } from './ports';
import { PortReservations } from './port-reservations';

const first = (n: number) => 0 * n;

test('a host port range takes a free port of it; Berth\'s own bindings and host listeners are skipped', async () => {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const busy = (srv.address() as AddressInfo).port;
  try {
    const got = await allocatePorts([{ proto: 'tcp', containerPort: 80, hostIp: '127.0.0.1', hostPort: busy, hostPortEnd: busy + 2 }], [{ proto: 'tcp', containerPort: 1, hostIp: '', hostPort: busy + 1, owner: 'other' }], 'me', first);
    assert.deepEqual(got, [{ proto: 'tcp', containerPort: 80, hostIp: '127.0.0.1', hostPort: busy + 2 }]);
    await assert.rejects(allocatePorts([{ proto: 'tcp', containerPort: 80, hostIp: '', hostPort: busy, hostPortEnd: busy + 1 }], [{ proto: 'tcp', containerPort: 1, hostIp: '', hostPort: busy + 1, owner: 'other' }], 'me', first), /no free host port/);
    await assert.rejects(allocatePorts([{ proto: 'tcp', containerPort: 80, hostIp: '', hostPort: busy }], [], 'me', first), new RegExp(`in use by pid ${process.pid} `));
    // udp on the same number is another port.
    const udp = await allocatePorts([{ proto: 'udp', containerPort: 53, hostIp: '', hostPort: busy }], [], 'me', first);
    assert.equal(udp[0].hostPort, busy);
  } finally {
    srv.close();
  }
});

test('holding a port on an address the host does not have is refused as invalid (bind only, no traffic)', async () => {
  const r = new PortReservations();
  await assert.rejects(r.reserve([{ proto: 'tcp', containerPort: 80, hostIp: '10.89.255.254', hostPort: 18080 }]), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /EADDRNOTAVAIL/.test(e.message));
  await r.reserve([{ proto: 'udp', containerPort: 53, hostIp: '127.0.0.1', hostPort: 0 }]);
  await r.releaseAll();
});
