// What a batch of changed host paths asks for, service by service (compose's handleWatchBatch):
// rebuilds first, then syncs, then restarts, then exec hooks once per rule. A path a rule ignores
// is not its business; a path several rules match is handled by each. Pure.
import { inside, type PathFilter } from './ignore';
import { containerPath, syncs, type WatchRule } from './rules';

export interface SyncItem {
  rule: WatchRule;
  host: string;
  container: string;
}

export interface ServiceWork {
  service: string;
  rebuild: boolean;
  restart: boolean;
  syncs: SyncItem[];
  /** Rules whose exec hook runs after this batch's syncs. */
  execs: WatchRule[];
}

export interface Change {
  path: string;
  /** The watcher saw a directory event (addDir/unlinkDir): include patterns do not apply. */
  dir: boolean;
}

export function classify(changes: readonly Change[], rules: readonly WatchRule[], filters: ReadonlyMap<WatchRule, PathFilter>): ServiceWork[] {
  const work = new Map<string, ServiceWork>();
  const of = (svc: string): ServiceWork => {
    let w = work.get(svc);
    if (w === undefined) work.set(svc, (w = { service: svc, rebuild: false, restart: false, syncs: [], execs: [] }));
    return w;
  };
  for (const rule of rules) {
    const filter = filters.get(rule);
    const hits = changes.filter((c) => inside(rule.path, c.path) !== undefined && !(filter?.ignores(c.path, c.dir) ?? false));
    if (hits.length === 0) continue;
    const w = of(rule.service);
    if (rule.action === 'rebuild') w.rebuild = true;
    if (rule.action === 'restart' || rule.action === 'sync+restart') w.restart = true;
    if (rule.action === 'sync+exec' && !w.execs.includes(rule)) w.execs.push(rule);
    if (syncs(rule.action)) for (const c of hits) w.syncs.push({ rule, host: c.path, container: containerPath(rule, inside(rule.path, c.path)!) });
  }
  // A rebuild recreates the containers from the new image: syncing or restarting them too is moot.
  for (const w of work.values()) if (w.rebuild) { w.syncs = []; w.restart = false; w.execs = []; }
  return [...work.values()].sort((a, b) => a.service.localeCompare(b.service));
}
