// The context a command runs with. Its own module, so that the command modules and the lazy
// command table (cli/commands/index.ts) that imports them do not import each other.
import type { Writable } from 'node:stream';

export interface CommandContext {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
