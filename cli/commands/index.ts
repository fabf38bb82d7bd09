// The command table. Each entry is loaded lazily (its own chunk in the bundle).
import type { CommandContext } from '../context';
import type { CommandHelp } from '../help';

export type { CommandContext };

export interface CommandModule {
  run(args: string[], ctx: CommandContext): Promise<number>;
  /** What `berth CMD --help` prints (cli/help.ts). */
  help?: CommandHelp;
}

export const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  config: () => import('./config'),
  engine: () => import('./engine'),
  image: () => import('./image'),
  container: () => import('./container'),
  network: () => import('./network'),
  volume: () => import('./volume'),
  up: () => import('./up'),
  down: () => import('./down'),
  ps: () => import('./ps'),
  plan: () => import('./plan'),
  logs: () => import('./logs'),
  exec: () => import('./exec'),
  run: () => import('./run'),
  start: () => import('./start'),
  stop: () => import('./stop'),
  restart: () => import('./restart'),
  kill: () => import('./kill'),
  rm: () => import('./rm'),
  pause: () => import('./pause'),
  unpause: () => import('./unpause'),
  top: () => import('./top'),
  port: () => import('./port'),
  images: () => import('./images'),
  events: () => import('./events'),
  ls: () => import('./ls'),
  watch: () => import('./watch'),
  login: () => import('./login'),
  logout: () => import('./logout'),
  pull: () => import('./pull'),
  push: () => import('./push'),
  dash: () => import('./dash'),
  build: () => import('./build'),
  builder: () => import('./builder'),
  convert: () => import('./convert'),
};
