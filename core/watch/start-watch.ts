// The watch use case: the project's rules (warnings for those left out), their filters, and a
// WatchSession whose rebuild and restart go through the compose use cases, so a rebuilt service
// is recreated exactly as `up` would, and a restart follows depends_on as `restart` does.
import { CoreError } from '../errors';
import { up } from '../compose/up';
import { restartServices } from '../compose/verbs';
import type { ComposeSession } from '../compose/session';
import type { Project } from '../spec';
import type { TimerClock } from './batcher';
import { ruleFilters } from './filters';
import { watchRules } from './rules';
import { WatchSession } from './watch-session';

export interface StartWatchRequest {
  services: string[];
  clock: TimerClock;
  log: (line: string) => void;
  warn: (line: string) => void;
  poll?: boolean;
  quietMs?: number;
  /** Builds the service's image (the build use case); absent where building is not available. */
  build?: (service: string) => Promise<void>;
  /** `--prune`: dangling images removed after each rebuild, as compose watch --prune. */
  prune?: boolean;
}

export async function startWatch(s: ComposeSession, project: Project, req: StartWatchRequest): Promise<WatchSession> {
  const { rules, problems } = watchRules(project, req.services);
  for (const p of problems) req.warn(p);
  if (rules.length === 0) throw new CoreError('FAILED_PRECONDITION', 'none of the selected services has a usable develop.watch section: nothing to watch');
  const session = new WatchSession({
    client: s.client, project, rules, filters: await ruleFilters(project, rules), clock: req.clock,
    log: req.log, warn: req.warn, poll: req.poll, quietMs: req.quietMs,
    hooks: {
      rebuild: (svc) => rebuild(s, project, svc, req),
      restart: (svcs) => restartServices({ ...s, onProgress: undefined }, project, svcs),
    },
  });
  await session.start();
  return session;
}

/** Build, recreate only that service's containers, then restart the dependants that ask for it. */
async function rebuild(s: ComposeSession, project: Project, service: string, req: StartWatchRequest): Promise<void> {
  const build = req.build;
  if (build === undefined) throw new CoreError('NOT_IMPLEMENTED', `rebuild of ${service}: building images is not available in this engine`);
  await build(service);
  await up({ ...s, onProgress: undefined }, project, { services: [service], noDeps: true, forceRecreate: true });
  const dependants = Object.entries(project.services)
    .filter(([, svc]) => { const d = (svc.depends_on as Record<string, { restart?: boolean | string }> | undefined)?.[service]; return d !== undefined && String(d.restart) === 'true'; })
    .map(([name]) => name);
  if (dependants.length > 0) await restartServices({ ...s, onProgress: undefined }, project, dependants);
  if (req.prune) await s.client.pruneImages({ dangling: ['true'] });
}
