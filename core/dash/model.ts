// The dashboard's model: what a project is doing, kept current from the engine's events stream
// (each event refreshes, debounced), a slow poll (uptime, health probes), the stats streams and
// the log streams; actions run the compose use cases (actions.ts). The UI reads snapshots and is
// told of changes; it never sees the engine.
import type { ContainerSummary } from '../../runtime/api/types';
import { listProjects, projectEvents, type ComposeEvent } from '../compose/listings';
import { projectContainers } from '../compose/project-containers';
import { logName } from '../compose/log-prefix';
import type { ComposeSession } from '../compose/session';
import { LABEL } from '../observe/labels';
import type { Project } from '../spec';
import { actionInfos, ACTIONS, cliLine, type ActionTarget, type DashHooks } from './actions';
import { serviceDetail } from './detail';
import { firstLook, projectNames, shellArgsFor, type FirstLook } from './early-model';
import { LogFeed } from './log-feed';
import { LogRing } from './log-ring';
import { recreateCauses, serviceSpecs } from './project-view';
import { factsOf, serviceRows, type ContainerFacts } from './service-rows';
import { StatsFeed } from './stats-feed';
import { WatchFeed, type WatchLine } from './watch-feed';
import type { ActionId, ActionOutcome, DashEvent, DashModelApi, DashSnapshot, ServiceDetail } from './types';

export interface DashModelDeps {
  session: ComposeSession;
  /** The project of the compose file here; undefined when there is none (`dash -p NAME`). */
  project?: Project;
  projectName: string;
  /** The project reloaded with `service` enabled whatever its profiles. */
  withService: (service: string) => Project;
  hooks: DashHooks;
  /** Wall clock, ms since the epoch. */
  now: () => number;
  /** setTimeout as a parameter (tests, benches); returns the cancel. */
  timer: (fn: () => void, ms: number) => () => void;
  logCapacity?: number;
  pollMs?: number;
  /** What the first frame showed (early-model.ts): the rows start from it, without a listing. */
  first?: FirstLook;
  /** Why the compose file could not be loaded (the model then runs as without one): shown until fixed. */
  problem?: string;
}

const LABEL_KEYS = { project: LABEL.project, service: LABEL.service, number: LABEL.containerNumber };
const MAX_EVENTS = 50;

export class DashModel implements DashModelApi {
  private snap: DashSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly ring: LogRing;
  private readonly stats: StatsFeed;
  private logs: LogFeed;
  private readonly watch: WatchFeed;
  private project: Project | undefined;
  private events = new AbortController();
  private cancelPoll = (): void => undefined;
  private cancelSoon: (() => void) | undefined;
  private refreshing: Promise<void> | undefined;
  private cancelStats: (() => void) | undefined;
  private planNeeded = true;
  private polls = 0;
  private logsDirty = false;
  /** What the last refresh saw: rows are rebuilt from it when a stats sample arrives. */
  private seen: { facts: ContainerFacts[]; recreate: ReadonlyMap<string, string> } = { facts: [], recreate: new Map() };
  private again = false;
  private closed = false;
  private following = false;

  constructor(private readonly d: DashModelDeps) {
    this.project = d.project;
    this.snap = { project: d.projectName, projects: [d.projectName], services: [], events: [], version: 0 };
    this.ring = new LogRing(d.logCapacity ?? 5000);
    this.stats = new StatsFeed(d.session, () => this.statsArrived());
    this.logs = new LogFeed(d.session, this.ring, () => this.logArrived());
    this.watch = new WatchFeed({ timer: d.timer, onLines: (lines) => this.watchSynced(lines) });
    if (d.first) this.seed(d.first);
    if (d.problem !== undefined) this.snap = { ...this.snap, error: d.problem };
  }

  /**
   * The first look, as `ps` answers it (one listing: no inspects, no plan, no streams), so the
   * first frame does not wait for work the engine and this process share two cores with; then
   * follow() (called once that frame is on screen) starts the rest.
   */
  async start(): Promise<void> {
    try {
      const look = await firstLook(this.d.session, this.snap.project);
      if (!this.closed && this.seen.facts.length === 0) this.seed(look);
    } catch (err) {
      this.changed({ error: err instanceof Error ? err.message : String(err) });
    }
  }

  private seed(look: FirstLook): void {
    this.seen = { facts: look.facts, recreate: new Map() };
    this.rows({ projects: look.projects });
  }

  /** Events, the full refresh (inspects, plan, stats and log streams), the slow poll. Once. */
  follow(): Promise<void> {
    if (this.following || this.closed) return Promise.resolve();
    this.following = true;
    this.listenEvents();
    this.poll();
    return this.refresh();
  }

  snapshot(): DashSnapshot { return this.snap; }
  logLines() { return this.ring.lines(); }
  actions() { return actionInfos(this.d.hooks, this.project !== undefined); }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(patch: Partial<DashSnapshot> = {}): void {
    this.snap = { ...this.snap, ...patch, version: this.snap.version + 1 };
    for (const fn of this.listeners) fn();
  }

  private target(): ActionTarget {
    const replicas = (svc: string): number => this.snap.services.find((r) => r.name === svc)?.running ?? 0;
    return { session: this.d.session, project: this.project, projectName: this.snap.project, withService: this.d.withService, hooks: this.d.hooks, replicas, watching: this.snap.watching === true };
  }

  cliFor(id: ActionId, service = ''): string {
    return cliLine(id, service, this.target(), this.snap.project !== this.d.projectName);
  }

  async act(id: ActionId, service = ''): Promise<ActionOutcome> {
    const cli = this.cliFor(id, service);
    const why = this.actions().find((a) => a.id === id)?.unavailable;
    if (why !== undefined) return { cli, ok: false, message: why };
    try {
      await ACTIONS[id].run(this.target(), service, this.project);
      return { cli, ok: true };
    } catch (err) {
      return { cli, ok: false, message: err instanceof Error ? err.message : String(err) };
    } finally {
      // what up would recreate may have changed with the action
      this.planNeeded = true;
      this.refreshSoon(0);
    }
  }

  detail(service: string): Promise<ServiceDetail> {
    return serviceDetail(this.d.session, this.project, this.snap.project, service);
  }

  shellArgs(service: string): string[] {
    return shellArgsFor(this.snap.project, service);
  }

  async switchProject(name: string): Promise<void> {
    if (name === this.snap.project) return;
    this.events.abort();
    this.logs.close();
    this.ring.clear();
    this.project = name === this.d.projectName ? this.d.project : undefined;
    this.logs = new LogFeed(this.d.session, this.ring, () => this.logArrived());
    this.seen = { facts: [], recreate: new Map() };
    this.planNeeded = true;
    this.changed({ project: name, services: [], events: [] });
    this.listenEvents();
    await this.refresh();
  }

  private listenEvents(): void {
    const ctl = new AbortController();
    this.events = ctl;
    projectEvents(this.d.session, this.snap.project, [], (e) => this.onEvent(e), ctl.signal).catch((err: Error) => {
      if (!ctl.signal.aborted) this.changed({ error: `events: ${err.message}` });
    });
  }

  private onEvent(e: ComposeEvent): void {
    if (e.action.startsWith('exec_') || e.action === 'attach' || e.action === 'resize') return;
    const exit = e.action === 'die' && e.attributes.exitCode !== undefined ? ` (exit ${e.attributes.exitCode})` : '';
    const ev: DashEvent = { time: Date.parse(e.time), service: e.service, container: e.attributes.name ?? e.id.slice(0, 12), action: e.action + exit };
    this.changed({ events: [...this.snap.events, ev].slice(-MAX_EVENTS) });
    this.planNeeded = true;
    this.refreshSoon(150);
  }

  private watchSynced(lines: WatchLine[]): void {
    const time = this.d.now();
    const evs = lines.map((l): DashEvent => ({ time, service: l.service, container: 'watch', action: l.text }));
    this.changed({ events: [...this.snap.events, ...evs].slice(-MAX_EVENTS) });
  }

  private poll(): void {
    this.cancelPoll = this.d.timer(() => { if (!this.closed) { this.polls++; void this.refresh().finally(() => this.poll()); } }, this.d.pollMs ?? 3000);
  }

  private refreshSoon(ms: number): void {
    if (this.cancelSoon !== undefined) return;
    this.cancelSoon = this.d.timer(() => { this.cancelSoon = undefined; void this.refresh(); }, ms);
  }

  /** One refresh at a time; one asked for meanwhile runs after it. */
  refresh(): Promise<void> {
    if (this.refreshing) { this.again = true; return this.refreshing; }
    this.refreshing = this.refreshOnce().finally(() => {
      this.refreshing = undefined;
      if (this.again && !this.closed) { this.again = false; void this.refresh(); }
    });
    return this.refreshing;
  }

  /**
   * The plan (`berth plan`: what up would recreate) costs a full observation: computed on the
   * first refresh, after events, and every 5th poll (a compose file edit shows within 15 s).
   */
  private planDue(): boolean {
    const due = this.planNeeded || this.polls % 5 === 0;
    this.planNeeded = false;
    return due;
  }

  private async refreshOnce(): Promise<void> {
    try {
      const s = this.d.session;
      const name = this.snap.project;
      const listed = projectContainers(s, name, []);
      const planned = this.planDue() ? recreateCauses(s, this.project) : Promise.resolve(this.seen.recreate);
      const watcher = this.d.hooks.watch?.status(name).catch(() => undefined);
      const [list, projects] = await Promise.all([listed, listProjects(s, true)]);
      // A switched-to project shows what the listing says (as `ps`) before the inspects and the plan.
      if (this.seen.facts.length === 0 && list.length > 0) { this.seen = { facts: list.map((c) => factsOf(c, undefined)), recreate: new Map() }; this.rows(); }
      const recreate = await planned;
      const inspects = await Promise.all(list.map((c) => s.client.getContainer(c.Id).inspect().catch(() => undefined)));
      const facts = list.map((c, i) => factsOf(c, inspects[i]));
      if (this.closed || name !== this.snap.project) return;
      this.stats.sync(facts.filter((f) => f.state === 'running').map((f) => f.id));
      this.logs.sync(list.map((c, i) => ({ id: c.Id, service: facts[i]!.service, name: logName(nameOf(c), c.Labels, LABEL_KEYS), running: c.State === 'running' })));
      this.seen = { facts, recreate };
      const live = await watcher;
      await this.watch.sync(live?.log);
      this.rows({ projects: projectNames(projects.map((p) => p.Name), name), watching: live !== undefined, error: this.d.problem });
    } catch (err) {
      this.changed({ error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Lines arrive in bursts (500 a second): one change for all that arrived in the same turn. */
  private logArrived(): void {
    if (this.logsDirty) return;
    this.logsDirty = true;
    this.d.timer(() => { this.logsDirty = false; if (!this.closed) this.changed(); }, 0);
  }

  /**
   * Each running container sends a sample a second: rows are rebuilt once a second for all of
   * them, not once per sample (20 services would mean 20 frames a second of an idle project).
   */
  private statsArrived(): void {
    this.cancelStats ??= this.d.timer(() => { this.cancelStats = undefined; if (!this.closed) this.rows(); }, 1000);
  }

  private rows(patch: Partial<DashSnapshot> = {}): void {
    const { facts, recreate } = this.seen;
    const services = serviceRows({ services: serviceSpecs(this.project, facts), containers: facts, stats: this.stats.samples, recreate, now: this.d.now() });
    this.changed({ ...patch, services });
  }

  close(): void {
    this.closed = true;
    this.events.abort();
    this.cancelPoll();
    this.cancelSoon?.();
    this.cancelStats?.();
    this.stats.close();
    this.logs.close();
    this.watch.close();
  }
}


const nameOf = (c: ContainerSummary): string => (c.Names?.[0] ?? c.Id).replace(/^\//, '');
