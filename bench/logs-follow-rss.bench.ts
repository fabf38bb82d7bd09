// logs -f memory bench (issue 13): a container writes a burst of MB (BENCH_LOG_MB, default 100)
// while 1 and then 5 clients follow it; the engine's peak RSS growth (VmHWM after clear_refs,
// minus RSS at the burst's start) is the figure, median of BENCH_RUNS rounds. The reference in the
// same run is the engine's resident size at rest (the base): growth / base says how much a burst
// costs relative to an idle engine. Before the fix: ~200 MB for one follower, ~490 MB for five.
import { readEnginePid } from '../core/engine/index';
import { E2eEngine } from '../test/e2e/harness';
import { followBurst } from '../test/stress/log-burst';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MB = Number(process.env.BENCH_LOG_MB ?? 100);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const e = await E2eEngine.create('berth-bench-logs-');
try {
  await e.ok(['image', 'load', '-i', e.archive], {});
  const pid = (await readEnginePid(e.t.root)) as number;
  for (const followers of [1, 5]) {
    const growth: number[] = [];
    const base: number[] = [];
    const secs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await followBurst(e.t.socketPath, pid, { image: 'busybox', mb: MB, followers });
      growth.push(r.peakMb - r.baseMb);
      base.push(r.baseMb);
      secs.push(r.seconds);
    }
    const g = median(growth);
    const b = median(base);
    console.log(`logs -f, ${followers} follower(s) of ${MB} MB: peak growth ${g.toFixed(1)} MB (base ${b.toFixed(1)} MB, ratio ${(g / b).toFixed(2)}), ${median(secs).toFixed(1)} s, median of ${RUNS}`);
  }
} finally {
  await e.close();
}
