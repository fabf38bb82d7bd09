// `berth up -d` and `down` of 10 independent services and of a 10-deep depends_on chain on the
// embedded engine (own state root, network prefix and cgroup parent), medians of 7 runs after one
// warm-up; then the same projects with docker-compose v1 (Debian's) pointed at the same berthd, so
// the orchestrators are compared on one engine. busybox `sleep` as PID 1 ignores SIGTERM, so the
// services use `init: true` (catatonit forwards the signal) and `down` is not 10 s of kill timeouts.
// Goal (issue 5): up -d < 0.6 s, down < 0.4 s for 10 services. bin/berth is executed itself, as a
// user runs it: its shebang (which starts node without NODE_EXTRA_CA_CERTS) is part of the cost.
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDockerArchive } from '../test/fixtures/busybox-image';
import { benchEnv, cleanupBenchEngine } from './bench-engine';

const bin = fileURLToPath(new URL('../bin/berth', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'berth-bench-updown-'));
const env = benchEnv(dir, 'bb');
const RUNS = 7;

function services(chain: boolean, v1: boolean): string {
  const out = [v1 ? 'version: "2.4"\nservices:' : 'services:'];
  for (let i = 0; i < 10; i++) {
    out.push(`  s${i}:\n    image: busybox:latest\n    init: true\n    command: ["sleep", "3600"]`);
    if (chain && i > 0) out.push(`    depends_on: [s${i - 1}]`);
  }
  return out.join('\n') + '\n';
}

function project(name: string, chain: boolean, v1: boolean): string {
  const p = join(dir, name);
  mkdirSync(p);
  writeFileSync(join(p, v1 ? 'docker-compose.yml' : 'compose.yaml'), services(chain, v1));
  return p;
}

function timed(cmd: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function cycle(label: string, up: () => number, down: () => number): void {
  up(); down();
  const ups: number[] = [];
  const downs: number[] = [];
  for (let i = 0; i < RUNS; i++) { ups.push(up()); downs.push(down()); }
  console.log(`${label.padEnd(44)} up -d ${(median(ups) / 1000).toFixed(3)} s   down ${(median(downs) / 1000).toFixed(3)} s`);
}

async function main(): Promise<void> {
  await makeDockerArchive(join(dir, 'bb.tar'), { name: 'busybox', tag: 'latest' });
  execFileSync(bin, ['image', 'load', '-i', join(dir, 'bb.tar')], { env });
  for (const [name, chain] of [['ten', false], ['chain', true]] as const) {
    const p = project(name, chain, false);
    cycle(`berth, 10 ${chain ? 'in a depends_on chain' : 'independent'}`, () => timed(bin, ['up', '-d'], p), () => timed(bin, ['down', '-t', '2'], p));
  }
  if (existsSync('/usr/bin/docker-compose')) {
    const dockerHost = { DOCKER_HOST: env.BERTH_HOST };
    for (const [name, chain] of [['ten1', false], ['chain1', true]] as const) {
      const p = project(name, chain, true);
      cycle(`docker-compose v1 on berthd, 10 ${chain ? 'chained' : 'independent'}`, () => timed('docker-compose', ['up', '-d'], p, dockerHost), () => timed('docker-compose', ['down', '-t', '2'], p, dockerHost));
    }
  }
}

main().catch((err: unknown) => { console.error(err); process.exitCode = 1; }).finally(() => {
  cleanupBenchEngine(bin, env, dir);
});
