// The context a command runs with: structurally the CommandContext of ./index, declared here so
// the container/image/engine command modules do not import the command table that lazily imports
// them (dependency-cruiser counts that as a cycle).
import type { Writable } from 'node:stream';

export interface CommandContext {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
