// Every dashboard action is one compose use case, and says which CLI command it stands for, so
// the dashboard teaches the CLI. Rebuild, pull and watch need the user's registry credentials,
// build output and a process of their own: the command passes them in as hooks (DashHooks); an
// action whose hook is absent is listed as unavailable with the reason, never faked.
import { CoreError } from '../errors';
import { down } from '../compose/down';
import { up } from '../compose/up';
import { killServices, pauseServices, removeStopped, restartServices, startServices, stopServices } from '../compose/verbs';
import type { ComposeSession } from '../compose/session';
import type { Project } from '../spec';
import type { ActionId, ActionInfo } from './types';

/** The project's detached watcher (core/watch/detached): it outlives the dashboard, as `ls` shows. */
export interface WatchHook {
  /** The log of the project's live watcher (where it writes its syncs); undefined when none runs. */
  status: (projectName: string) => Promise<{ log: string } | undefined>;
  /** What `up -d --watch` does: the services up, then a detached `berth watch --no-up`. */
  start: (s: ComposeSession, project: Project) => Promise<void>;
  /** `watch --stop`. */
  stop: (projectName: string) => Promise<void>;
}

/**
 * `pull` (the pull use case with the user's credentials), `build` (the build use case; rebuild =
 * build, then up --force-recreate the service), `watch`. Absent = listed as unavailable.
 */
export interface DashHooks {
  pull?: (s: ComposeSession, project: Project, services: string[]) => Promise<void>;
  build?: (s: ComposeSession, project: Project, services: string[]) => Promise<void>;
  watch?: WatchHook;
}

export interface ActionTarget {
  session: ComposeSession;
  /** Undefined when the project has no compose file here (switched to another project of `berth ls`). */
  project?: Project;
  projectName: string;
  /** The project with `service` enabled whatever its profiles (as naming it on `up` does). */
  withService: (service: string) => Project;
  hooks: DashHooks;
  /** Running replicas of the service now (scale +/- counts from it). */
  replicas: (service: string) => number;
  /** A detached watcher runs for the project (the watch key stops it, else starts one). */
  watching: boolean;
}

interface ActionSpec {
  label: string;
  scope: 'service' | 'project';
  /** argv after `berth` */
  cli: (svc: string, t: ActionTarget) => string[];
  needsFile: boolean;
  missing?: (hooks: DashHooks) => string | undefined;
  run: (t: ActionTarget, svc: string, project: Project | undefined) => Promise<void>;
}

const file = (p: Project | undefined): Project => {
  if (p === undefined) throw new CoreError('FAILED_PRECONDITION', 'no compose file for this project here');
  return p;
};

const scaleTo = (t: ActionTarget, svc: string, by: number): number => Math.max(0, t.replicas(svc) + by);

export const ACTIONS: Record<ActionId, ActionSpec> = {
  start: { label: 'start', scope: 'service', needsFile: true, cli: (s) => ['start', s], run: (t, s, p) => startServices(t.session, file(p), [s]) },
  stop: { label: 'stop', scope: 'service', needsFile: true, cli: (s) => ['stop', s], run: (t, s, p) => stopServices(t.session, file(p), [s]) },
  restart: { label: 'restart', scope: 'service', needsFile: true, cli: (s) => ['restart', s], run: (t, s, p) => restartServices(t.session, file(p), [s]) },
  kill: { label: 'kill', scope: 'service', needsFile: false, cli: (s) => ['kill', s], run: async (t, s) => { await killServices(t.session, t.projectName, [s]); } },
  pause: { label: 'pause', scope: 'service', needsFile: false, cli: (s) => ['pause', s], run: (t, s) => pauseServices(t.session, t.projectName, [s], true) },
  unpause: { label: 'unpause', scope: 'service', needsFile: false, cli: (s) => ['unpause', s], run: (t, s) => pauseServices(t.session, t.projectName, [s], false) },
  recreate: {
    label: 'recreate', scope: 'service', needsFile: true, cli: (s) => ['up', '-d', '--force-recreate', '--no-deps', s],
    run: async (t, s, p) => { await up(t.session, file(p), { services: [s], forceRecreate: true, noDeps: true }); },
  },
  'scale-up': {
    label: 'scale +1', scope: 'service', needsFile: true, cli: (s, t) => ['up', '-d', '--no-deps', '--scale', `${s}=${scaleTo(t, s, 1)}`, s],
    run: async (t, s, p) => { await up(t.session, file(p), { services: [s], noDeps: true, scale: { [s]: scaleTo(t, s, 1) } }); },
  },
  'scale-down': {
    label: 'scale -1', scope: 'service', needsFile: true, cli: (s, t) => ['up', '-d', '--no-deps', '--scale', `${s}=${scaleTo(t, s, -1)}`, s],
    run: async (t, s, p) => { await up(t.session, file(p), { services: [s], noDeps: true, scale: { [s]: scaleTo(t, s, -1) } }); },
  },
  enable: {
    label: 'enable', scope: 'service', needsFile: true, cli: (s) => ['up', '-d', s],
    run: async (t, s, p) => { file(p); await up(t.session, t.withService(s), { services: [s] }); },
  },
  disable: {
    label: 'disable', scope: 'service', needsFile: false, cli: (s) => ['rm', '-s', '-f', s],
    run: async (t, s) => { await removeStopped(t.session, t.projectName, [s], { stop: true, volumes: false }); },
  },
  rebuild: {
    label: 'rebuild', scope: 'service', needsFile: true, cli: (s) => ['up', '-d', '--build', '--force-recreate', '--no-deps', s],
    missing: (h) => (h.build ? undefined : 'building images is not available to this dashboard'),
    run: async (t, s, p) => { await t.hooks.build!(t.session, file(p), [s]); await up(t.session, file(p), { services: [s], forceRecreate: true, noDeps: true }); },
  },
  pull: {
    label: 'pull', scope: 'service', needsFile: true, cli: (s) => ['pull', s],
    missing: (h) => (h.pull ? undefined : 'pulling images is not available to this dashboard'),
    run: (t, s, p) => t.hooks.pull!(t.session, file(p), [s]),
  },
  up: { label: 'up', scope: 'project', needsFile: true, cli: () => ['up', '-d'], run: async (t, _s, p) => { await up(t.session, file(p), {}); } },
  down: {
    label: 'down', scope: 'project', needsFile: false, cli: () => ['down'],
    run: async (t, _s, p) => { await down(t.session, { project: p, projectName: t.projectName }, {}); },
  },
  watch: {
    label: 'watch on/off', scope: 'project', needsFile: true, cli: (_s, t) => (t.watching ? ['watch', '--stop'] : ['up', '-d', '--watch']),
    missing: (h) => (h.watch ? undefined : 'watch is not available to this dashboard'),
    run: (t, _s, p) => (t.watching ? t.hooks.watch!.stop(t.projectName) : t.hooks.watch!.start(t.session, file(p))),
  },
};

export function actionInfos(hooks: DashHooks, hasFile: boolean): ActionInfo[] {
  return (Object.entries(ACTIONS) as Array<[ActionId, ActionSpec]>).map(([id, a]) => ({
    id, label: a.label, scope: a.scope,
    unavailable: a.missing?.(hooks) ?? (a.needsFile && !hasFile ? 'no compose file for this project here: run berth dash in its folder' : undefined),
  }));
}

/** `berth restart web`, with `-p NAME` when the project is not the one of the current folder. */
export function cliLine(id: ActionId, svc: string, t: ActionTarget, explicitProject: boolean): string {
  const argv = ACTIONS[id].cli(svc, t);
  const quoted = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
  return ['berth', ...(explicitProject ? ['-p', t.projectName] : []), ...quoted].join(' ');
}
