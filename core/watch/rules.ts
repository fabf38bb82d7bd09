// The watch rules of a project: each service's `develop.watch` entries, checked the way compose's
// watch.go checks them before it starts (a `rebuild` needs `build:`; a sync into a bind mount is
// skipped with a warning). Pure: the host is asked nothing here (paths are checked in host-tree.ts).
import { posix } from 'node:path';
import type { Project } from '../spec';

export type WatchAction = 'sync' | 'rebuild' | 'restart' | 'sync+restart' | 'sync+exec';

export interface WatchExec {
  command: string[];
  user?: string;
  privileged?: boolean;
  workingDir?: string;
  environment: string[];
}

export interface WatchRule {
  service: string;
  /** Position in the service's develop.watch, for messages (`web: watch[1]`). */
  index: number;
  action: WatchAction;
  /** Absolute host path the rule watches. */
  path: string;
  /** Container path a sync writes to (sync actions only). */
  target?: string;
  ignore: string[];
  include: string[];
  initialSync: boolean;
  exec?: WatchExec;
}

export interface RuleSet {
  rules: WatchRule[];
  /** Rules left out, with why (printed as warnings; the other rules keep working). */
  problems: string[];
}

type Svc = Project['services'][string];
type RawRule = NonNullable<NonNullable<Svc['develop']>['watch']>[number];

export const syncs = (a: WatchAction): boolean => a === 'sync' || a === 'sync+restart' || a === 'sync+exec';

/** The rules of `services` (all with a develop section when empty). */
export function watchRules(project: Project, services: string[] = []): RuleSet {
  const out: RuleSet = { rules: [], problems: [] };
  const names = services.length > 0 ? services : Object.keys(project.services);
  for (const name of names) {
    const svc = project.services[name];
    if (svc === undefined) { out.problems.push(`no such service: ${name}`); continue; }
    const raw = (svc.develop?.watch ?? []) as RawRule[];
    if (raw.length === 0 && services.length > 0) out.problems.push(`${name}: no develop.watch section: nothing to watch`);
    raw.forEach((w, index) => {
      const problem = ruleProblem(name, svc, w, index);
      if (problem !== undefined) out.problems.push(problem);
      else out.rules.push(toRule(name, w, index));
    });
  }
  return out;
}

function ruleProblem(name: string, svc: Svc, w: RawRule, index: number): string | undefined {
  const at = `${name}: develop.watch[${index}] (${w.action} ${w.path})`;
  if (w.action === 'rebuild' && svc.build === undefined) return `${at}: rebuild needs a build section; rule ignored`;
  if (syncs(w.action) && (w.target === undefined || w.target === '')) return `${at}: ${w.action} needs a target; rule ignored`;
  if (w.action === 'sync+exec' && (w.exec?.command == null || w.exec.command.length === 0)) return `${at}: sync+exec needs exec.command; rule ignored`;
  if (syncs(w.action) && w.target !== undefined) {
    const bind = bindCovering(svc, w.target);
    if (bind !== undefined) return `${at}: ${w.target} is inside the bind mount ${bind}, already shared with the host; sync skipped`;
  }
  return undefined;
}

function toRule(service: string, w: RawRule, index: number): WatchRule {
  const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  const e = w.exec as { command?: string | string[]; user?: string; privileged?: boolean | string; working_dir?: string; environment?: Record<string, string | null> | string[] } | undefined;
  return {
    service, index, action: w.action, path: w.path,
    target: w.target === undefined ? undefined : posix.normalize(w.target),
    ignore: list(w.ignore), include: list(w.include), initialSync: w.initial_sync === true,
    exec: e === undefined ? undefined : {
      command: typeof e.command === 'string' ? ['/bin/sh', '-c', e.command] : e.command ?? [],
      user: e.user, privileged: e.privileged === true || String(e.privileged) === 'true', workingDir: e.working_dir, environment: envList(e.environment),
    },
  };
}

function envList(env: Record<string, string | null> | string[] | undefined): string[] {
  if (env === undefined) return [];
  if (Array.isArray(env)) return env;
  return Object.entries(env).map(([k, v]) => (v === null ? k : `${k}=${v}`));
}

/** The target of a bind mount of `svc` that contains container path `target`, if any. */
function bindCovering(svc: Svc, target: string): string | undefined {
  for (const v of (svc.volumes ?? []) as Array<{ type?: string; target?: string }>) {
    if (v.type !== 'bind' || v.target === undefined) continue;
    const rel = posix.relative(v.target, target);
    if (rel === '' || (!rel.startsWith('..') && !posix.isAbsolute(rel))) return v.target;
  }
  return undefined;
}

/** The container path of host path `abs` under rule `r` (sync actions). */
export function containerPath(r: WatchRule, rel: string): string {
  return rel === '.' ? r.target! : posix.join(r.target!, rel);
}
