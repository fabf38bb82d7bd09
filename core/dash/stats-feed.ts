// CPU and memory of the running containers from the engine's stats streams (one stream per
// container, one sample a second, as `docker stats`), reduced to the two figures a row shows.
// Streams open for containers that start and close for ones that stop: `sync` is given the
// running set after each refresh.
import type { ContainerStats } from '../../runtime/api/types';
import { forEachJsonLine } from '../engine/client';
import type { ComposeSession } from '../compose/session';

export interface StatSample { cpu?: number; memBytes?: number }

/** CPU % of one core, from the sample and the one before it (as the docker CLI computes it). */
export function cpuPercentOf(s: ContainerStats): number | undefined {
  const pre = s.precpu_stats?.cpu_usage?.total_usage;
  if (pre === undefined || pre === 0) return undefined;
  const cpu = s.cpu_stats.cpu_usage.total_usage - pre;
  const sys = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats.online_cpus ?? s.cpu_stats.cpu_usage.percpu_usage?.length ?? 1;
  return sys > 0 && cpu >= 0 ? (cpu / sys) * cpus * 100 : 0;
}

/** Memory in use: page cache (inactive_file) is not counted, as docker stats does not. */
export function memoryOf(s: ContainerStats): number | undefined {
  if (s.memory_stats.usage === undefined) return undefined;
  const cache = s.memory_stats.stats?.inactive_file ?? s.memory_stats.stats?.total_inactive_file ?? 0;
  return Math.max(0, s.memory_stats.usage - cache);
}

export class StatsFeed {
  readonly samples = new Map<string, StatSample>();
  private readonly open = new Map<string, AbortController>();

  constructor(private readonly s: ComposeSession, private readonly onChange: () => void) {}

  /** Follows exactly the containers in `running`. */
  sync(running: string[]): void {
    const want = new Set(running);
    for (const [id, ctl] of this.open) {
      if (!want.has(id)) { ctl.abort(); this.open.delete(id); this.samples.delete(id); }
    }
    for (const id of want) if (!this.open.has(id)) this.follow(id);
  }

  private follow(id: string): void {
    const ctl = new AbortController();
    this.open.set(id, ctl);
    const read = async (): Promise<void> => {
      const stream = await this.s.client.getContainer(id).statsStream(ctl.signal);
      await forEachJsonLine<ContainerStats>(stream, (st) => {
        this.samples.set(id, { cpu: cpuPercentOf(st), memBytes: memoryOf(st) });
        this.onChange();
      });
    };
    // A stream ends when its container stops; the next sync reopens it if it runs again.
    read().catch(() => undefined).finally(() => { if (this.open.get(id) === ctl) this.open.delete(id); });
  }

  close(): void {
    for (const ctl of this.open.values()) ctl.abort();
    this.open.clear();
  }
}
