// Limits and isolation are enforced by the kernel, not just written down: an allocation past
// --memory is OOM-killed and reported, a fork past --pids-limit fails, --cpus lands in the CFS
// quota, --read-only, capabilities, --init, tmpfs and binds, rlimits capped at inherited ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { makeHarness, logText, type Harness } from './harness';

let h: Harness;
let hostDir: string;
before(async () => { h = await makeHarness(); hostDir = await mkdtemp(join(tmpdir(), 'berth-bind-')); });
after(async () => { await h?.cleanup(); await rm(hostDir, { recursive: true, force: true }); });

async function run(cmd: string, hostConfig: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<{ id: string; code: number; out: string }> {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', cmd], HostConfig: hostConfig, ...extra });
  await h.svc.start(Id);
  const { StatusCode } = await h.svc.wait(Id);
  return { id: Id, code: StatusCode, out: await logText(h.svc, Id) };
}

test('memory: allocating past --memory is OOM-killed, reported as OOMKilled with exit 137', async () => {
  // 64 MiB limit; keep 200 MiB in a shell variable (busybox has no stress tool).
  const r = await run('echo start; x=$(head -c 200000000 /dev/zero | tr "\\0" a); echo survived ${#x}', { Memory: 64 * 1024 * 1024 });
  assert.match(r.out, /start/);
  assert.doesNotMatch(r.out, /survived/);
  assert.equal(r.code, 137);
  const st = h.svc.inspect(r.id).State;
  assert.equal(st.OOMKilled, true);
  assert.equal(st.ExitCode, 137);
});

test('memory: a container under its limit is not reported as OOM-killed', async () => {
  const r = await run('x=$(head -c 1000000 /dev/zero | tr "\\0" a); echo ok ${#x}', { Memory: 64 * 1024 * 1024 });
  assert.equal(r.code, 0);
  assert.match(r.out, /ok 1000000/);
  assert.equal(h.svc.inspect(r.id).State.OOMKilled, false);
});

test('pids: a fork past --pids-limit fails', async () => {
  const cmd = "sh -c 'for i in $(seq 1 20); do sleep 5 & done; echo all-forked' 2>&1; echo inner=$?; cat /sys/fs/cgroup/pids/pids.max";
  const limited = await run(cmd, { PidsLimit: 8 });
  assert.doesNotMatch(limited.out, /all-forked/);
  assert.match(limited.out, /can't fork|Resource temporarily unavailable/i);
  assert.match(limited.out, /^8$/m);
  const roomy = await run(cmd, { PidsLimit: 100 });
  assert.match(roomy.out, /all-forked/);
});

test('cpus: --cpus 0.5 becomes a 50 ms quota per 100 ms period', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '30'], HostConfig: { NanoCpus: 500_000_000, CpuShares: 512 } });
  await h.svc.start(Id);
  const rec = h.svc.get(Id);
  const quota = await readFile(join('/sys/fs/cgroup/cpu', rec.cgroupsPath, 'cpu.cfs_quota_us'), 'utf8');
  const shares = await readFile(join('/sys/fs/cgroup/cpu', rec.cgroupsPath, 'cpu.shares'), 'utf8');
  assert.equal(quota.trim(), '50000');
  assert.equal(shares.trim(), '512');
  await h.svc.remove(Id, { force: true });
});

test('read-only rootfs refuses writes; tmpfs and binds are writable', async () => {
  await writeFile(join(hostDir, 'from-host.txt'), 'host data\n');
  const r = await run('touch /x 2>&1 || echo rofail; echo t > /scratch/f && cat /scratch/f; cat /data/from-host.txt; echo c > /data/from-ctr.txt; grep " /scratch " /proc/mounts',
    { ReadonlyRootfs: true, Tmpfs: { '/scratch': 'size=1m' }, Binds: [`${hostDir}:/data`] });
  assert.match(r.out, /rofail/);
  assert.match(r.out, /^t$/m);
  assert.match(r.out, /host data/);
  assert.match(r.out, /tmpfs \/scratch tmpfs rw,nosuid,nodev,noexec/);
  assert.equal(await readFile(join(hostDir, 'from-ctr.txt'), 'utf8'), 'c\n');
  const ro = await run('echo x > /data/y 2>&1 || echo robind', { Binds: [`${hostDir}:/data:ro`] });
  assert.match(ro.out, /robind/);
});

test('capabilities: default set, --cap-drop, --cap-add, --privileged', async () => {
  const capEff = async (hc: Record<string, unknown>): Promise<string> => (await run('grep CapEff /proc/self/status', hc)).out.split(/\s+/)[1];
  assert.equal(await capEff({}), '00000000a80425fb', "Docker's default set");
  assert.equal(await capEff({ CapDrop: ['ALL'] }), '0000000000000000');
  assert.equal(await capEff({ CapDrop: ['ALL'], CapAdd: ['NET_ADMIN'] }), '0000000000001000');
  const priv = BigInt(`0x${await capEff({ Privileged: true })}`);
  const engine = BigInt(`0x${(await readFile('/proc/self/status', 'utf8')).match(/CapBnd:\s*([0-9a-f]+)/)?.[1]}`);
  assert.equal(priv, engine, 'privileged holds every capability the engine holds');
  // chown without CAP_CHOWN fails even for root.
  const r = await run('chown 1000 /tmp 2>&1 && echo chowned || echo denied', { CapDrop: ['CHOWN'] });
  assert.match(r.out, /denied/);
});

test('seccomp: default profile blocks what needs CAP_SYS_ADMIN; unconfined lifts it', async () => {
  const conf = await run('grep Seccomp: /proc/self/status');
  assert.match(conf.out, /Seccomp:\s+2/);
  const unconf = await run('grep Seccomp: /proc/self/status', { SecurityOpt: ['seccomp=unconfined'] });
  assert.match(unconf.out, /Seccomp:\s+0/);
  const nnp = await run('grep NoNewPrivs /proc/self/status', { SecurityOpt: ['no-new-privileges'] });
  assert.match(nnp.out, /NoNewPrivs:\s+1/);
});

test('--init runs catatonit as PID 1, the command as its child', async () => {
  const r = await run('cat /proc/1/cmdline | tr "\\0" " "; echo; echo mypid $$', { Init: true });
  assert.match(r.out, /^\/sbin\/docker-init -- sh -c/m);
  assert.doesNotMatch(r.out, /mypid 1$/m);
  const plain = await run('echo mypid $$');
  assert.match(plain.out, /mypid 1$/m);
});

test('ulimits: requested ones apply, capped at the inherited hard limit; masked paths', async () => {
  const inherited = Number((await readFile('/proc/self/limits', 'utf8')).match(/Max open files\s+\d+\s+(\d+)/)?.[1]);
  const r = await run('ulimit -n; ulimit -Hn; cat /proc/timer_list | wc -c; ls /sys/firmware | wc -l; echo 1 > /proc/sys/kernel/ostype 2>&1 || echo rosys', { Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: inherited * 10 }] });
  const [soft, hard, timerList, firmware] = r.out.trim().split('\n');
  assert.equal(soft, '1024');
  assert.equal(Number(hard), inherited);
  assert.equal(timerList.trim(), '0', '/proc/timer_list is masked');
  assert.equal(firmware.trim(), '0', '/sys/firmware is masked');
  assert.match(r.out, /rosys/, '/proc/sys is read-only');
});

test('network none has only lo; host shares the host namespace', async () => {
  const none = await run('ls /sys/class/net | tr "\\n" " "', { NetworkMode: 'none' });
  assert.equal(none.out.trim(), 'lo');
  const host = await run('cat /proc/net/dev | wc -l', { NetworkMode: 'host' });
  const hostLines = (await readFile('/proc/net/dev', 'utf8')).trim().split('\n').length;
  assert.equal(Number(host.out.trim()), hostLines);
});

test('seccomp filter cache: the second container with the same profile gets crun\'s compiled filter, still enforced', async () => {
  if (h.tasks.runtime.name !== 'crun') return; // runc has no precompiled-filter annotation
  const first = await run('grep -E "^Seccomp(_filters)?:" /proc/self/status', { CapAdd: ['SYS_PTRACE'] });
  const second = await run('grep -E "^Seccomp(_filters)?:" /proc/self/status', { CapAdd: ['SYS_PTRACE'] });
  for (const r of [first, second]) assert.match(r.out, /Seccomp:\s+2\nSeccomp_filters:\s+1/);
  const spec = (id: string): Promise<{ annotations?: Record<string, string> }> => readFile(join(h.svc.get(id).dir, 'config.json'), 'utf8').then(JSON.parse);
  const bpf = (await spec(second.id)).annotations?.['run.oci.seccomp_bpf_data'];
  assert.ok(bpf && Buffer.from(bpf, 'base64').length % 8 === 0, 'second container carries the compiled filter');
  // A different profile (no SYS_PTRACE) must not reuse that filter.
  const other = await run('true');
  const otherBpf = (await spec(other.id)).annotations?.['run.oci.seccomp_bpf_data'];
  assert.notEqual(otherBpf, bpf);
});
