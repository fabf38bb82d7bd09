// The bookkeeping one `up` reconciliation carries between its steps (compose reconcile.go's
// reconciler struct): which plan op materialises each network, volume and container, what the
// plan already stops, which services it recreates.
import { PlanBuilder } from '../plan/builder';
import type { Cause } from '../plan/cause';
import type { ObservedContainer, ObservedState } from '../observe/observed-state';
import type { DesiredProject, DesiredService } from './input';
import type { UpOptions } from './options';
import { dependantsIndex } from './service-order';

export interface StopRecord {
  op: string;
  /** Set when the container is stopped only for a while (a dependency's or a network's recreate). */
  restart?: { cause: Cause; after: string };
}

export interface PlannedReplica {
  number: number;
  name: string;
  /** The op creating the container (its result is the container id). */
  createdBy: string;
  /** The op after which the container is in place under its final name. */
  ready: string;
  recreated: boolean;
}

export interface UpContext {
  project: DesiredProject;
  /** Replaced when a volume recreate removes containers: later steps see them gone. */
  observed: ObservedState;
  options: UpOptions;
  plan: PlanBuilder;
  /** Services this up converges. */
  targets: Set<string>;
  /** Every service name in the project (enabled or not): their containers are not orphans. */
  known: Set<string>;
  /** Network/volume compose key → the op creating it. */
  networkOps: Map<string, string>;
  volumeOps: Map<string, string>;
  /** Service → last create-phase op, for dependants' edges. */
  serviceLastOp: Map<string, string>;
  /** Service → the containers this plan creates (new or replacements), with the op that leaves each in place. */
  planned: Map<string, PlannedReplica[]>;
  /** Ids of observed containers the plan removes or replaces: never started. */
  handled: Set<string>;
  /** Observed container id → its rename back from a temporary name (op id, new name). */
  renamed: Map<string, { op: string; name: string }>;
  /** Container id → the op stopping it and, when it must start again, why and after which op. */
  stopped: Map<string, StopRecord>;
  /** Container id → ops reconnecting it to recreated networks (its removal must wait for them). */
  connects: Map<string, string[]>;
  recreatedServices: Set<string>;
  /** Service → the op its dependants' start waits for (its last start, else its last create op). */
  startEnds: Map<string, string>;
  /** Service → the recreated volume its containers were removed for (they come back as new ones). */
  volumeRecreated: Map<string, string>;
  /** `observed`'s service containers by service, built once (rebuilt by setObserved). */
  byService: Map<string, ObservedContainer[]>;
  /** Dependency → dependants declaring `restart: true` on it. */
  restartDependants: Map<string, string[]>;
}

export function newUpContext(project: DesiredProject, observed: ObservedState, options: UpOptions, targets: Set<string>): UpContext {
  return {
    project,
    observed,
    options,
    plan: new PlanBuilder(),
    targets,
    known: new Set(Object.keys(project.services)),
    networkOps: new Map(),
    volumeOps: new Map(),
    serviceLastOp: new Map(),
    planned: new Map(),
    handled: new Set(),
    renamed: new Map(),
    stopped: new Map(),
    connects: new Map(),
    recreatedServices: new Set(),
    startEnds: new Map(),
    volumeRecreated: new Map(),
    byService: indexByService(observed),
    restartDependants: dependantsIndex(project.services, undefined, (d) => d.restart),
  };
}

/** Replaces the observed state for the rest of the reconciliation (a volume recreate removes containers). */
export function setObserved(ctx: UpContext, observed: ObservedState): void {
  ctx.observed = observed;
  ctx.byService = indexByService(observed);
}

/** Service containers (not one-off runs) of `service`, as observed. */
export function containersOf(ctx: UpContext, service: string): ObservedContainer[] {
  return ctx.byService.get(service) ?? [];
}

function indexByService(observed: ObservedState): Map<string, ObservedContainer[]> {
  const index = new Map<string, ObservedContainer[]>();
  for (const c of observed.containers) {
    if (c.oneOff) continue;
    const list = index.get(c.service);
    if (list === undefined) index.set(c.service, [c]);
    else list.push(c);
  }
  return index;
}

export function addPlanned(ctx: UpContext, service: string, replica: PlannedReplica): void {
  ctx.planned.set(service, [...(ctx.planned.get(service) ?? []), replica]);
}

/** Service containers (not one-off runs) of `service`, as observed. */
export function serviceContainers(observed: ObservedState, service: string): ObservedContainer[] {
  return observed.containers.filter((c) => !c.oneOff && c.service === service);
}

/** Desired replica count: `--scale` wins over `deploy.replicas` / `scale`. */
export function replicasOf(options: UpOptions, svc: DesiredService): number {
  return options.scale[svc.name] ?? svc.replicas;
}

/** A container that `docker stop` would act on; stopping an exited one is a no-op we leave out. */
export function isActive(c: ObservedContainer): boolean {
  return c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
}
