// The dashboard's first frame, before the compose project and the model's machinery are loaded:
// one listing of the project's containers and one of the projects, as `ps` and `ls` make them,
// drawn as rows (services as seen running). Loading the compose file (yaml, zod, the reconciler,
// the compose use cases) costs more than everything else before that frame, so it comes after:
// the command then attaches the full DashModel (seeded with this look) and the UI, which holds
// this model, reads that one from then on. This file imports none of it.
import type { ContainerSummary } from '../../runtime/api/types';
import { inProject } from '../compose/project-containers';
import type { ComposeSession } from '../compose/session';
import { LABEL } from '../observe/labels';
import { factsOf, serviceRows, specsFromContainers, type ContainerFacts } from './service-rows';
import type { ActionId, ActionOutcome, DashModelApi, DashSnapshot, LogLine, ServiceDetail } from './types';

/** What the first look saw: the project's containers (as listed) and the engine's projects. */
export interface FirstLook {
  facts: ContainerFacts[];
  projects: string[];
}

/** What `e` runs: a shell in the service's container, as `berth -p PROJECT exec SERVICE sh`. */
export const shellArgsFor = (project: string, service: string): string[] => ['-p', project, 'exec', service, 'sh'];

/** The projects of `berth ls`, with this one even when it runs nothing. */
export const projectNames = (names: string[], current: string): string[] => (names.includes(current) ? names : [current, ...names].sort());

/**
 * One listing of every compose container (what `ls -a` lists): it needs no project name, so the
 * engine can answer it while the command reads the compose file for that name (lookOf sorts it out).
 */
export function composeContainers(s: Pick<ComposeSession, 'client'>): Promise<ContainerSummary[]> {
  return s.client.listContainers({ all: true, filters: { label: [LABEL.project] } });
}

/**
 * This project's containers as `ps` shows them, and the projects. Unsorted: rows are sorted by
 * service, and sorting names as `ps` does (localeCompare) would make ICU's collator before the
 * first frame (7 ms here).
 */
export function lookOf(all: ContainerSummary[], project: string): FirstLook {
  const projects = [...new Set(all.map((c) => c.Labels?.[LABEL.project] ?? ''))].sort();
  return { facts: all.filter((c) => inProject(c, project)).map((c) => factsOf(c, undefined)), projects: projectNames(projects, project) };
}

export async function firstLook(s: Pick<ComposeSession, 'client'>, project: string): Promise<FirstLook> {
  return lookOf(await composeContainers(s), project);
}

/** Rows of the first look: without the compose file, a service is what runs with its label. */
export function firstRows(look: FirstLook, now: number): DashSnapshot['services'] {
  return serviceRows({ services: specsFromContainers(look.facts), containers: look.facts, stats: new Map(), recreate: new Map(), now });
}

/**
 * A DashModelApi that shows the first look until the full model is attached, then is that model
 * (snapshot, logs, actions). An action or a detail asked for before then waits for it.
 */
export class EarlyModel implements DashModelApi {
  private snap: DashSnapshot;
  private real: DashModelApi | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly attached: Promise<DashModelApi>;
  private resolve: (m: DashModelApi) => void = () => undefined;

  constructor(projectName: string) {
    this.snap = { project: projectName, projects: [projectName], services: [], events: [], version: 0 };
    this.attached = new Promise((r) => { this.resolve = r; });
  }

  /** The first look's rows (or why there are none). */
  show(look: FirstLook | { error: string }, now: number): void {
    const patch = 'error' in look ? { error: look.error } : { services: firstRows(look, now), projects: look.projects };
    this.snap = { ...this.snap, ...patch, version: this.snap.version + 1 };
    this.emit();
  }

  /** From now on this is `model`: its changes reach this model's subscribers. */
  attach(model: DashModelApi): void {
    this.real = model;
    model.subscribe(() => this.emit());
    this.resolve(model);
    this.emit();
  }

  private emit(): void { for (const fn of this.listeners) fn(); }

  snapshot(): DashSnapshot { return this.real?.snapshot() ?? this.snap; }
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  logLines(): LogLine[] { return this.real?.logLines() ?? []; }
  actions(): ReturnType<DashModelApi['actions']> { return this.real?.actions() ?? []; }
  cliFor(id: ActionId, service?: string): string { return this.real?.cliFor(id, service) ?? ''; }
  act(id: ActionId, service?: string): Promise<ActionOutcome> { return this.attached.then((m) => m.act(id, service)); }
  detail(service: string): Promise<ServiceDetail> { return this.attached.then((m) => m.detail(service)); }
  shellArgs(service: string): string[] { return this.real?.shellArgs(service) ?? shellArgsFor(this.snap.project, service); }
  switchProject(name: string): Promise<void> { return this.attached.then((m) => m.switchProject(name)); }
  close(): void { this.real?.close(); }
}
