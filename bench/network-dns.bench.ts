// Embedded DNS latency: a client process inside a container namespace asks the gateway's DNS for
// a replica set (two A records) and for a name forwarded to a fake upstream on 127.0.0.x (run by
// this bench; nothing leaves the machine). Goal (network issue): answer under 1 ms median.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as dnsPacket from 'dns-packet';
import { NetworkService } from '../runtime/network/index';
import { freePool } from '../test/network/helpers';

const QUERIES = Number(process.env.QUERIES ?? 500);
const sh = promisify(execFile);

// Runs in the client namespace: sequential queries, prints the median round trip in ms.
const CLIENT = `
const dgram = require('node:dgram');
const [server, name, n] = [process.argv[1], process.argv[2], Number(process.argv[3])];
const q = (id) => { const b = Buffer.alloc(12 + name.length + 6); b.writeUInt16BE(id, 0); b.writeUInt16BE(0x0100, 2); b.writeUInt16BE(1, 4);
  let o = 12; for (const l of name.split('.')) { b[o++] = l.length; o += b.write(l, o); } b[o++] = 0; b.writeUInt16BE(1, o); b.writeUInt16BE(1, o + 2); return b; };
const s = dgram.createSocket('udp4'); const times = []; let i = 0, t0 = 0;
const next = () => { if (i === n) { times.sort((a, b) => a - b); console.log(times[times.length >> 1].toFixed(3)); s.close(); return; } t0 = performance.now(); s.send(q(i++ & 0xffff), 53, server); };
s.on('message', () => { times.push(performance.now() - t0); next(); });
next();`;

async function main(): Promise<void> {
  const upstream = createSocket('udp4');
  upstream.on('message', (msg, r) => {
    const q = dnsPacket.decode(msg);
    upstream.send(dnsPacket.encode({ type: 'response', id: q.id, questions: q.questions, answers: [{ type: 'A', name: q.questions?.[0]?.name ?? '', data: '10.89.254.1' }] }), r.port, r.address);
  });
  await new Promise<void>((res) => upstream.bind(0, '127.0.0.71', () => res()));
  const root = await mkdtemp(join(tmpdir(), 'berth-bench-'));
  const svc = await NetworkService.open({ stateRoot: root, prefix: `bd${randomBytes(2).toString('hex')}`, pool: await freePool(), upstreams: [{ host: '127.0.0.71', port: upstream.address().port }] });
  try {
    await svc.create({ Name: 'dns' });
    await svc.prepareNetwork(randomBytes(32).toString('hex'), { name: 'a1', networkMode: 'dns', endpoints: { dns: { Aliases: ['svc'] } } });
    await svc.prepareNetwork(randomBytes(32).toString('hex'), { name: 'a2', networkMode: 'dns', endpoints: { dns: { Aliases: ['svc'] } } });
    const client = await svc.prepareNetwork(randomBytes(32).toString('hex'), { name: 'client', networkMode: 'dns' });
    const ns = (client.netnsPath as string).split('/').pop() as string;
    const gw = client.networks.dns.Gateway;
    const ask = async (name: string) => (await sh('ip', ['netns', 'exec', ns, process.execPath, '-e', CLIENT, gw, name, String(QUERIES)])).stdout.trim();
    console.log(`dns answer (replica set "svc", 2 A records) median ${await ask('svc')} ms over ${QUERIES} queries (goal < 1 ms)`);
    console.log(`dns forwarded ("x.example" to an upstream on 127.0.0.71) median ${await ask('x.example')} ms`);
  } finally {
    await svc.reset();
    await svc.close();
    upstream.close();
    await rm(root, { recursive: true, force: true });
  }
}

void main();
