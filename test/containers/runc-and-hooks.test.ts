// runc as the runtime (the fallback), the network hook (a netns the test creates and removes),
// and logs: follow until exit, tail, since, rotation at the size limit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { makeHarness, logText, type Harness } from './harness';
import { ContainerService } from '../../runtime/containers/index';
import type { NetworkHook } from '../../runtime/containers/index';
import { dockerTimestamp } from '../../runtime/logs/index';

const harnesses: Harness[] = [];
after(async () => { for (const h of harnesses) await h.cleanup(); });
async function harness(o: Parameters<typeof makeHarness>[0] = {}): Promise<Harness> {
  const h = await makeHarness(o);
  harnesses.push(h);
  return h;
}

test('runc runs a container under conmon just as crun does', async () => {
  const h = await harness({ runtime: 'runc' });
  assert.equal(h.tasks.runtime.name, 'runc');
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'echo via runc; grep CapEff /proc/self/status; exit 2'], HostConfig: { Memory: 32 * 1024 * 1024 } });
  await h.svc.start(Id);
  assert.equal((await h.svc.wait(Id)).StatusCode, 2);
  assert.match(await logText(h.svc, Id), /via runc\nCapEff:\s+00000000a80425fb/);
  const long = (await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '30'] })).Id;
  await h.svc.start(long);
  await h.svc.pause(long);
  await h.svc.unpause(long);
  await h.svc.stop(long, { timeout: 0 });
  assert.equal(h.svc.inspect(long).State.ExitCode, 137);
});

test('network hook: the container joins the namespace prepareNetwork returns; release on exit and rm', async () => {
  const h = await harness();
  const ns = `berth-t-${randomBytes(3).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    execFileSync('ip', ['-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']); // both ends inside the test's netns
    const calls: string[] = [];
    const hook: NetworkHook = {
      async prepareNetwork(id) { calls.push(`prepare:${id}`); return { netnsPath: `/run/netns/${ns}`, settings: { Networks: { testnet: { IPAddress: '10.89.77.2' } } } }; },
      async releaseNetwork(id) { calls.push(`release:${id}`); },
    };
    const svc = await ContainerService.open({ ...h.opts, network: hook });
    const { Id } = await svc.create({ Image: 'busybox', Cmd: ['sleep', '30'], HostConfig: { NetworkMode: 'testnet' } });
    await svc.start(Id);
    const pid = svc.inspect(Id).State.Pid;
    const inContainer = await stat(`/proc/${pid}/ns/net`);
    const created = await stat(`/run/netns/${ns}`);
    assert.equal(inContainer.ino, created.ino, 'same network namespace');
    assert.equal(svc.inspect(Id).NetworkSettings.Networks?.testnet?.IPAddress, '10.89.77.2');
    const st = await svc.stats(Id);
    assert.deepEqual(Object.keys(st.networks ?? {}).sort(), ['v0', 'v1'], 'stats count the namespace\'s interfaces, not lo');
    await svc.stop(Id, { timeout: 0 });
    assert.deepEqual(calls, [`prepare:${Id}`, `release:${Id}`]);
    await svc.remove(Id);
    svc.close();
  } finally {
    execFileSync('ip', ['netns', 'delete', ns]);
  }
});

test('logs: follow streams until the container exits; tail; since; timestamps', async () => {
  const h = await harness();
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; sleep 0.2; done'] });
  await h.svc.start(Id);
  const seen: string[] = [];
  for await (const e of h.svc.logs(Id, { follow: true })) seen.push(e.text.trim());
  assert.deepEqual(seen, ['line1', 'line2', 'line3', 'line4', 'line5']);
  assert.equal(h.svc.inspect(Id).State.Status, 'exited', 'follow ended with the container');
  const tail: string[] = [];
  const entries: Array<{ timeNs: bigint; text: string }> = [];
  for await (const e of h.svc.logs(Id, { tail: 2 })) tail.push(e.text.trim());
  assert.deepEqual(tail, ['line4', 'line5']);
  for await (const e of h.svc.logs(Id, {})) entries.push(e);
  const t3 = entries[2].timeNs;
  const since: string[] = [];
  for await (const e of h.svc.logs(Id, { since: `${t3 / 1_000_000_000n}.${(t3 % 1_000_000_000n).toString().padStart(9, '0')}` })) since.push(e.text.trim());
  assert.deepEqual(since, ['line3', 'line4', 'line5']);
  const approx: string[] = [];
  // A double near 1.8e9 s carries ~240 ns of precision, so a float since one microsecond before
  // the entry is the closest a client can say "from this entry" without rounding past it.
  for await (const e of h.svc.logs(Id, { since: Number(t3 / 1000n - 1n) / 1e6 })) approx.push(e.text.trim());
  assert.deepEqual(approx, ['line3', 'line4', 'line5'], 'a float since (µs precision, floored) keeps the entry');
  const until: string[] = [];
  for await (const e of h.svc.logs(Id, { until: `${t3 / 1_000_000_000n}.${(t3 % 1_000_000_000n).toString().padStart(9, '0')}` })) until.push(e.text.trim());
  assert.deepEqual(until, ['line1', 'line2']);
  assert.match(dockerTimestamp(entries[0].timeNs), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
});

test('logs: rotation at --log-size-max keeps the file bounded and the newest lines', async () => {
  const h = await harness({ logSizeMax: 16 * 1024 });
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'i=0; while [ $i -lt 3000 ]; do echo "line $i xxxxxxxxxxxxxxxxxxxxxxxx"; i=$((i+1)); done'] });
  await h.svc.start(Id);
  await h.svc.wait(Id);
  const size = (await stat(`${h.svc.get(Id).dir}/ctr.log`)).size;
  assert.ok(size <= 16 * 1024 + 4096, `log is ${size} bytes`);
  const text = await logText(h.svc, Id);
  assert.match(text, /line 2999 x+\n$/);
  assert.doesNotMatch(text, /^line 0 /m);
});

test('container:<ref> modes: join another container\'s network, uts and pid namespaces', async () => {
  const h = await harness();
  const a = (await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '60'], Hostname: 'peer-a', HostConfig: { NetworkMode: 'none' } }, 'peer-a')).Id;
  const b = (await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'hostname; ps -o comm | grep -c sleep; sleep 60'], HostConfig: { NetworkMode: 'container:peer-a', PidMode: 'container:peer-a' } })).Id;
  await assert.rejects(h.svc.start(b), /non running container/);
  await h.svc.start(a);
  await h.svc.start(b);
  const pa = h.svc.inspect(a).State.Pid;
  const pb = h.svc.inspect(b).State.Pid;
  for (const ns of ['net', 'uts', 'pid']) {
    assert.equal((await stat(`/proc/${pb}/ns/${ns}`)).ino, (await stat(`/proc/${pa}/ns/${ns}`)).ino, `${ns} namespace shared`);
  }
  assert.notEqual((await stat(`/proc/${pb}/ns/mnt`)).ino, (await stat(`/proc/${pa}/ns/mnt`)).ino);
  let out = '';
  for (let i = 0; i < 50 && !/\n1\n/.test(out); i++) { await new Promise((r) => setTimeout(r, 50)); out = await logText(h.svc, b); }
  assert.match(out, /^peer-a\n1\n/, 'same hostname; sees the other container\'s sleep');
  await h.svc.remove(b, { force: true });
  await h.svc.remove(a, { force: true });
});
