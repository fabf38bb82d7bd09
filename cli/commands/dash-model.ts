// The full model of `berth dash` (core/dash/model.ts), made once the first frame is on screen: it
// brings the compose loader (yaml, zod), the reconciler and the compose use cases, which the first
// frame (core/dash/early-model.ts) does without. cli/commands/dash.ts imports this file lazily.
import { setTimeout as delay } from 'node:timers/promises';
import type { ComposeGlobals } from '../args/compose-flags';
import type { FirstLook } from '../../core/dash/early-model';
import { DashModel } from '../../core/dash/model';
import type { EngineClient, EngineConfig } from '../../core/engine/index';
import { composeSession, loadComposeProject, projectNameOr, type CommandContext } from '../render/compose-setup';
import { dashHooks } from './dash-hooks';

export interface DashModelInputs {
  client: EngineClient;
  config: EngineConfig;
  globals: ComposeGlobals;
  ctx: CommandContext;
  /** The project's name, as the first frame resolved it. */
  name: string;
  first?: FirstLook;
}

/**
 * The model of the project here. A compose file that does not load (now that the frame shows
 * what runs) does not end the dashboard: it runs as without one (`dash -p`), saying why.
 */
export function dashModel(i: DashModelInputs): DashModel {
  const session = composeSession(i.client, i.ctx, { progress: false, parallel: i.globals.parallel });
  let target: ReturnType<typeof projectNameOr> = { name: i.name };
  let problem: string | undefined;
  try {
    target = projectNameOr(i.globals, i.ctx);
  } catch (err) {
    problem = `compose file: ${err instanceof Error ? err.message : String(err)}`;
  }
  return new DashModel({
    session, project: target.project, projectName: i.name, hooks: dashHooks(i.globals, i.config, i.ctx), first: i.first, problem,
    withService: (svc) => loadComposeProject(i.globals, i.ctx, [svc]),
    now: () => Date.now(),
    timer: (fn, ms) => { const ctl = new AbortController(); delay(ms, undefined, { signal: ctl.signal }).then(fn, () => undefined); return () => ctl.abort(); },
  });
}
