// One row per service, from what the engine says of its containers (pure: the model gathers the
// inputs). State reads as `ps` prints it: a service's state is its worst replica's, so one exited
// replica of three shows; health likewise ("unhealthy" wins over "starting" over "healthy").
import type { ContainerInspect, ContainerSummary } from '../../runtime/api/types';
import { LABEL } from '../observe/labels';
import type { HealthState, ServiceRow } from './types';

export interface ContainerFacts {
  id: string;
  service: string;
  state: string;
  exitCode: number;
  health: HealthState;
  restarts: number;
  /** ms since the epoch; undefined when never started */
  startedAt?: number;
  ports: string[];
  image: string;
}

export interface ServiceSpec {
  name: string;
  image: string;
  replicas: number;
  disabled: boolean;
}

export interface RowInputs {
  services: ServiceSpec[];
  containers: ContainerFacts[];
  stats: ReadonlyMap<string, { cpu?: number; memBytes?: number }>;
  /** service → cause text of the recreate `up` would do */
  recreate: ReadonlyMap<string, string>;
  now: number;
}

const STATE_RANK = ['dead', 'exited', 'restarting', 'paused', 'created', 'running'];
const HEALTH_RANK: HealthState[] = ['unhealthy', 'starting', 'healthy', ''];

function worst<T>(values: T[], rank: T[]): T | undefined {
  return [...values].sort((a, b) => rank.indexOf(a) - rank.indexOf(b))[0];
}

function stateText(mine: ContainerFacts[]): string {
  const w = worst(mine.map((c) => c.state), STATE_RANK);
  if (w === undefined) return '-';
  if (w !== 'exited') return w;
  const code = mine.find((c) => c.state === 'exited')!.exitCode;
  return `exited (${code})`;
}

function sum(values: Array<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? undefined : known.reduce((a, b) => a + b, 0);
}

export function serviceRows(inp: RowInputs): ServiceRow[] {
  return inp.services.map((svc) => {
    const mine = inp.containers.filter((c) => c.service === svc.name);
    const running = mine.filter((c) => c.state === 'running');
    const started = running.map((c) => c.startedAt).filter((t): t is number => t !== undefined);
    return {
      name: svc.name,
      state: stateText(mine),
      health: worst(mine.map((c) => c.health), HEALTH_RANK) ?? '',
      running: running.length,
      wanted: svc.disabled ? 0 : svc.replicas,
      ports: [...new Set(mine.flatMap((c) => c.ports))].sort(),
      cpu: sum(running.map((c) => inp.stats.get(c.id)?.cpu)),
      memBytes: sum(running.map((c) => inp.stats.get(c.id)?.memBytes)),
      restarts: mine.reduce((n, c) => n + c.restarts, 0),
      uptimeSec: started.length === 0 ? undefined : Math.max(0, Math.floor((inp.now - Math.min(...started)) / 1000)),
      image: mine[0]?.image ?? svc.image,
      recreate: inp.recreate.get(svc.name),
      disabled: svc.disabled,
    };
  });
}

/** Services seen running when there is no compose file (`dash -p NAME`), or before it is loaded. */
export function specsFromContainers(facts: ContainerFacts[]): ServiceSpec[] {
  const names = [...new Set(facts.map((f) => f.service))].sort();
  return names.map((name) => ({ name, image: facts.find((f) => f.service === name)!.image, replicas: facts.filter((f) => f.service === name).length, disabled: false }));
}

/** What a row needs of a container: the listing's summary, and its inspect once there is one. */
export function factsOf(c: ContainerSummary, i: ContainerInspect | undefined): ContainerFacts {
  const started = i === undefined ? NaN : Date.parse(i.State.StartedAt);
  // without the inspect (first frame), health and exit code as `ps` reads them from Status
  const health = i?.State.Health?.Status ?? /\((healthy|unhealthy|starting)\)/.exec(c.Status.replace('health: ', ''))?.[1];
  const exitCode = i?.State.ExitCode ?? Number(/^Exited \((\d+)\)/.exec(c.Status)?.[1] ?? 0);
  return {
    id: c.Id, service: c.Labels?.[LABEL.service] ?? '', state: c.State, exitCode,
    health: (health === undefined || health === 'none' ? '' : health) as HealthState, restarts: i?.RestartCount ?? 0,
    startedAt: Number.isNaN(started) || started <= 0 ? undefined : started,
    ports: (c.Ports ?? []).filter((p) => p.PublicPort).map((p) => `${p.IP || '0.0.0.0'}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`),
    image: c.Image,
  };
}
