// A running watch: file events → batches → per service: rebuild, sync, restart, exec (compose's
// order). At start, and whenever a watched service's container starts (restart, recreate, scale),
// the container is compared with the host by content and what differs is synced. One line per
// batch; an error in a batch is printed and watching goes on. Batches run one at a time.
import { stat } from 'node:fs/promises';
import type { FSWatcher } from 'chokidar';
import type { EngineClient } from '../engine/client';
import { LABEL } from '../observe/labels';
import type { Project } from '../spec';
import { Batcher, type TimerClock } from './batcher';
import { classify, type Change, type ServiceWork } from './classify';
import { startFsWatcher } from './fs-watcher';
import type { PathFilter } from './ignore';
import { buildPayload } from './payload';
import { syncs, type WatchRule } from './rules';
import { applyPayload, type SyncContainer } from './syncer';
import { containerManifest, differences, hostManifest } from './tree-compare';
import { execAndWait } from './container-exec';

export interface WatchHooks {
  /** Builds the service's image and recreates its containers (and dependants, per depends_on.restart). */
  rebuild(service: string): Promise<void>;
  /** Restarts the services' containers (compose restart, dependency-aware). */
  restart(services: string[]): Promise<void>;
}

export interface WatchOptions {
  client: EngineClient;
  project: Project;
  rules: WatchRule[];
  filters: Map<WatchRule, PathFilter>;
  clock: TimerClock;
  hooks: WatchHooks;
  /** One line per batch (and per cold-start sync that sent something). */
  log: (line: string) => void;
  warn: (line: string) => void;
  poll?: boolean;
  quietMs?: number;
}

export class WatchSession {
  private watcher?: FSWatcher;
  private readonly events = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private readonly batcher: Batcher<Change>;
  private rules: WatchRule[];
  private inFlight = 0;

  constructor(private readonly o: WatchOptions) {
    this.rules = o.rules;
    this.batcher = new Batcher<Change>(o.clock, (batch) => this.absorb(batch), o.quietMs);
  }

  async start(): Promise<void> {
    this.rules = await this.existing(this.rules);
    if (this.rules.length === 0) return;
    // the watcher first: an edit made while the trees are compared is then a change, not lost
    this.watcher = await startFsWatcher({
      rules: this.rules, filters: this.o.filters, poll: this.o.poll,
      onChange: (c) => this.batcher.add(c.path, c),
      onError: (err) => this.o.warn(`watch: ${err.message}`),
    });
    for (const svc of new Set(this.rules.filter((r) => syncs(r.action)).map((r) => r.service))) {
      await this.enqueue(() => this.coldSync(svc, undefined, 'initial'));
    }
    void this.followStarts();
  }

  async close(): Promise<void> {
    this.events.abort();
    await this.watcher?.close();
    this.batcher.fire();
    await this.queue;
  }

  /** Resolves once every batch queued so far is handled (tests, and the bench). */
  idle(): Promise<void> {
    return this.queue;
  }

  /**
   * Batches that come while one is being handled wait and are merged into one: on a loaded host a
   * branch switch arrives over a second in dozens of quiet-period batches, and each sync has a fixed
   * cost (listing containers, one request per replica).
   */
  private backlog = new Map<string, Change>();
  private draining = false;

  private absorb(batch: Change[]): void {
    for (const c of batch) { this.backlog.delete(c.path); this.backlog.set(c.path, c); }
    if (this.draining) return;
    this.draining = true;
    void this.enqueue(async () => {
      try {
        while (this.backlog.size > 0) {
          const next = [...this.backlog.values()];
          this.backlog = new Map();
          await this.handle(next);
        }
      } finally {
        this.draining = false;
      }
    });
  }

  /** True while a batch or a sync is queued or running (restarts and recreates happen then). */
  get busy(): boolean {
    return this.inFlight > 0 || this.batcher.pending > 0 || this.backlog.size > 0;
  }

  private enqueue(fn: () => Promise<void>): Promise<void> {
    this.inFlight++;
    this.queue = this.queue.then(fn).catch((err: Error) => this.o.warn(`watch: ${err.message}`)).finally(() => { this.inFlight--; });
    return this.queue;
  }

  /** Rules whose path is missing are reported and dropped; the others keep working. */
  private async existing(rules: WatchRule[]): Promise<WatchRule[]> {
    const ok = await Promise.all(rules.map((r) => stat(r.path).then(() => true, () => false)));
    rules.filter((_, i) => !ok[i]).forEach((r) => this.o.warn(`${r.service}: develop.watch[${r.index}]: path ${r.path} does not exist; rule ignored`));
    return rules.filter((_, i) => ok[i]);
  }

  private async containers(service: string): Promise<SyncContainer[]> {
    const list = await this.o.client.listContainers({ all: true, filters: { label: [`${LABEL.project}=${this.o.project.name}`, `${LABEL.service}=${service}`, `${LABEL.oneOff}=False`] } });
    return list.map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''), state: c.State })).filter((c) => c.state !== 'removing' && c.state !== 'dead');
  }

  private filterOf = (host: string): PathFilter | undefined => {
    const rule = this.rules.find((r) => syncs(r.action) && (host === r.path || host.startsWith(`${r.path}/`)));
    return rule === undefined ? undefined : this.o.filters.get(rule);
  };

  /** Compares each sync rule of `service` with its containers (or `only`) and sends what differs. */
  private async coldSync(service: string, only: string | undefined, why: string): Promise<void> {
    const t0 = this.o.clock.now();
    const targets = (await this.containers(service)).filter((c) => only === undefined || c.id === only);
    let files = 0;
    const errors: string[] = [];
    for (const rule of this.rules.filter((r) => r.service === service && syncs(r.action))) {
      const host = await hostManifest(rule, this.o.filters.get(rule)!);
      const single = host.has('.');
      for (const c of targets) {
        const items = differences(rule, host, await containerManifest(this.o.client, c.id, rule.target!, single));
        if (items.length === 0) continue;
        const res = await applyPayload(this.o.client, [c], await buildPayload(items, false), this.filterOf);
        files = Math.max(files, res.files);
        errors.push(...res.errors);
      }
    }
    for (const e of errors) this.o.warn(`Sync ${service} failed: ${e}`);
    if (files > 0) this.o.log(`Synced ${service}: ${plural(files, 'file')} (${why}, ${ms(this.o.clock.now() - t0)})`);
  }

  /** A watched service's container that starts (restart, recreate, scale up) is brought up to date. */
  private async followStarts(): Promise<void> {
    const watched = new Set(this.rules.filter((r) => syncs(r.action)).map((r) => r.service));
    if (watched.size === 0) return;
    await this.o.client.events({ filters: { type: ['container'], event: ['start'], label: [`${LABEL.project}=${this.o.project.name}`] }, signal: this.events.signal }, (e) => {
      const svc = e.Actor?.Attributes?.[LABEL.service];
      if (svc !== undefined && watched.has(svc) && e.Actor?.Attributes?.[LABEL.oneOff] !== 'True') void this.enqueue(() => this.coldSync(svc, e.Actor!.ID, 'container started'));
    }).catch((err: Error) => { if (!this.events.signal.aborted) this.o.warn(`watch: engine events ended: ${err.message}`); });
  }

  private async handle(batch: Change[]): Promise<void> {
    const work = classify(batch, this.rules, this.o.filters);
    for (const w of work.filter((x) => x.rebuild)) await this.step(w.service, 'Rebuilt', () => this.o.hooks.rebuild(w.service));
    await Promise.all(work.filter((w) => w.syncs.length > 0).map((w) => this.sync(w)));
    const restarts = work.filter((w) => w.restart).map((w) => w.service);
    if (restarts.length > 0) await this.step(restarts.join(', '), 'Restarted', () => this.o.hooks.restart(restarts));
    for (const w of work) for (const rule of w.execs) await this.step(w.service, `Ran "${rule.exec!.command.join(' ')}" in`, () => this.exec(w.service, rule));
  }

  private async step(what: string, done: string, fn: () => Promise<void>): Promise<void> {
    const t0 = this.o.clock.now();
    try {
      await fn();
      this.o.log(`${done} ${what} (${ms(this.o.clock.now() - t0)})`);
    } catch (err) {
      this.o.warn(`${done.split(' ')[0]} ${what} failed: ${(err as Error).message}`);
    }
  }

  private async sync(w: ServiceWork): Promise<void> {
    const t0 = this.o.clock.now();
    const payload = await buildPayload(w.syncs, true);
    const res = await applyPayload(this.o.client, await this.containers(w.service), payload, this.filterOf);
    for (const e of res.errors) this.o.warn(`Sync ${w.service} failed: ${e}`);
    const parts = [plural(res.files, 'file'), ...(res.deleted > 0 ? [`${res.deleted} deleted`] : [])];
    this.o.log(`Synced ${w.service}: ${parts.join(', ')} (${ms(this.o.clock.now() - t0)})`);
  }

  private async exec(service: string, rule: WatchRule): Promise<void> {
    const running = (await this.o.client.listContainers({ filters: { label: [`${LABEL.project}=${this.o.project.name}`, `${LABEL.service}=${service}`, `${LABEL.oneOff}=False`] } }));
    const results = await Promise.all(running.map((c) => execAndWait(this.o.client, c.Id, rule.exec!)));
    const failed = results.find((r) => r.exitCode !== 0);
    if (failed) throw new Error(`exit ${failed.exitCode}${failed.output.trim() ? `: ${failed.output.trim()}` : ''}`);
  }
}

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
const ms = (t: number): string => `${Math.round(t)} ms`;
