// Section `pull`: a cold pull of a three-layer image (~200 MB, incompressible) from Debian's
// docker-registry on loopback, `berth image pull` (download, verify, unpack into snapshots)
// against `skopeo copy docker://… oci:DIR` (download and verify only) in one hyperfine run; a
// second pull with nothing missing, from the CLI; and `berth pull` of a compose project of 10
// services whose 10 images share two layers (busybox and an 8 MB one), with the registry's
// request log counting how many times the 8 MB blob was fetched. Goals: Berth at least as fast as skopeo; warm pull
// < 100 ms; the base fetched once.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile, readFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDockerArchive } from '../test/fixtures/busybox-image';
import { startRegistry, skopeoPush, skopeoInspect } from '../test/registry/harness';

const work = await mkdtemp(join(tmpdir(), 'berth-bench-pull-'));
const root = join(work, 'root');
const sock = join(work, 'berth.sock');
const env = { ...process.env, BERTH_ROOT: root, BERTH_HOST: `unix://${sock}`, BERTH_NETWORK_PREFIX: 'bbpull', BERTH_CGROUP_PARENT: 'berth-bench-pull', DOCKER_CONFIG: join(work, 'docker-config') };
const berth = (...args: string[]): string => execFileSync(process.execPath, ['bin/berth', ...args], { env, encoding: 'utf8' });
const reg = await startRegistry(join(work, 'registry'), { accessLog: true });
try {
  const MB = 1024 * 1024;
  const big = join(work, 'big.tar');
  // Three layers of random bytes (64 + 64 + 72 MB): compression cannot shrink the transfer.
  await makeDockerArchive(big, { name: 'big', tag: '1', extraLayers: [64, 64, 72].map((n, i) => [{ name: `blob${i}.bin`, content: randomBytes(n * MB) }]) });
  const img = `${reg.host}/bench/big:1`;
  await skopeoPush(big, img);
  berth('engine', 'start');
  const prune = `./bin/berth image rm -f ${img} ; ./bin/berth image prune -a -f`;
  // `sync` before each run, for both: a run must not pay for the writeback of the run before it
  // (each writes 200-400 MB, and the page cache flushes it whenever it likes).
  execFileSync('hyperfine', ['-N', '--runs', '7', '--export-json', join(work, 'cold.json'),
    '--prepare', `sh -c '${prune} >/dev/null 2>&1; sync'`, '-n', 'berth image pull (cold)', `./bin/berth image pull -q ${img}`,
    '--prepare', `sh -c 'rm -rf ${join(work, 'oci')}; sync'`, '-n', 'skopeo copy to oci: (cold)', `skopeo copy --quiet --src-tls-verify=false docker://${img} oci:${join(work, 'oci')}:big`,
  ], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  berth('image', 'pull', '-q', img);
  // `berth --version` in the same run: the CLI's own start-up, the floor under any command.
  execFileSync('hyperfine', ['-N', '--warmup', '2', '--runs', '15', '--export-json', join(work, 'warm.json'), '-n', 'berth image pull (nothing missing)', `./bin/berth image pull -q ${img}`, '-n', 'berth --version', './bin/berth --version'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  // 10 images sharing the busybox base, one compose service each.
  // A common 8 MB layer the big image does not have, so the store lacks it when the ten pull.
  const common = randomBytes(8 * MB);
  for (let i = 0; i < 10; i++) {
    const a = join(work, `svc${i}.tar`);
    await makeDockerArchive(a, { name: `svc${i}`, tag: '1', gzip: true, extraLayers: [[{ name: 'common.bin', content: common }], [{ name: `svc${i}.txt`, content: `${i}\n` }]] });
    await skopeoPush(a, `${reg.host}/bench/svc${i}:1`);
  }
  // skopeo may recompress what it copies: the common layer's digest is the registry's, read back.
  const layers = await Promise.all([0, 9].map(async (i) => (await skopeoInspect(`${reg.host}/bench/svc${i}:1`)).Layers));
  const baseDigest = layers[0][1];
  if (layers[1][1] !== baseDigest) throw new Error('the ten images do not share their base layer in the registry');
  const proj = join(work, 'proj');
  await mkdir(proj);
  await writeFile(join(proj, 'compose.yaml'), 'services:\n' + Array.from({ length: 10 }, (_, i) => `  s${i}:\n    image: ${reg.host}/bench/svc${i}:1\n`).join(''));
  const baseGets = (): number => reg.log().split('\n').filter((l) => l.includes('response completed') && l.includes('http.request.method=GET') && l.includes(`/blobs/${baseDigest}`)).length;
  const before = baseGets();
  const t0 = performance.now();
  execFileSync(process.execPath, [join(process.cwd(), 'bin/berth'), 'pull', '-q'], { env, cwd: proj });
  const ms = performance.now() - t0;
  // execFileSync held the event loop: let the registry's log lines of the pull arrive first.
  await new Promise((r) => setTimeout(r, 1000));
  const fetched = baseGets() - before;
  const med = async (f: string, n: string): Promise<number> => (JSON.parse(await readFile(join(work, f), 'utf8')) as { results: { command: string; median: number }[] }).results.find((r) => r.command === n)!.median * 1000;
  const b = await med('cold.json', 'berth image pull (cold)');
  const s = await med('cold.json', 'skopeo copy to oci: (cold)');
  const w = await med('warm.json', 'berth image pull (nothing missing)');
  const v = await med('warm.json', 'berth --version');
  console.log(`pull ~200 MB, 3 layers: berth ${b.toFixed(0)} ms, skopeo ${s.toFixed(0)} ms, ratio berth/skopeo ${(b / s).toFixed(2)} (goal <= 1.00)`);
  console.log(`second pull, nothing missing: ${w.toFixed(1)} ms median (goal < 100 ms); berth --version ${v.toFixed(1)} ms in the same run`);
  console.log(`berth pull of 10 services sharing one base: ${ms.toFixed(0)} ms, common layer fetched ${fetched} time(s) (goal 1)`);
} finally {
  try { berth('engine', 'reset', '--force'); } catch { /* nothing started */ }
  try { berth('engine', 'stop'); } catch { /* not running */ }
  await reg.stop();
  await rm(work, { recursive: true, force: true });
}
