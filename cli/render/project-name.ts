// The compose project's name, found cheaply: the loader's front half up to the name (core/spec
// loadProjectName: -p, COMPOSE_PROJECT_NAME, the files' `name:`, the directory), without the
// validation and the rest. Apart from compose-setup.ts, which loads the whole loader, so that the
// dashboard's first frame (cli/commands/dash.ts) can list what runs before it loads the project.
import type { ComposeGlobals } from '../args/compose-flags';
import { createFsHost } from '../../core/host/fs-host';
import { loadProjectName } from '../../core/spec/model-loader';
import type { ModelOptions } from '../../core/spec/model-input';
import type { CommandContext } from '../context';

/** The loader's options from compose's global flags. */
export function modelOptions(globals: ComposeGlobals): ModelOptions {
  return { files: globals.files, projectName: globals.projectName, projectDirectory: globals.projectDirectory, envFiles: globals.envFiles, profiles: globals.profiles };
}

/**
 * As compose's projectOrName: with -p given, a project whose compose file cannot be read (none
 * here, `dash -p other`) is known by -p alone; without -p the failure stands.
 */
export function nameFromFlag(globals: ComposeGlobals, err: unknown): string {
  if (globals.projectName !== undefined && (err as { code?: string }).code !== undefined) return globals.projectName;
  throw err;
}

/** What projectNameOr (compose-setup.ts) names, without loading the project. */
export function projectNameOnly(globals: ComposeGlobals, ctx: CommandContext): string {
  try {
    return loadProjectName(modelOptions(globals), createFsHost(ctx.env, ctx.cwd));
  } catch (err) {
    return nameFromFlag(globals, err);
  }
}
