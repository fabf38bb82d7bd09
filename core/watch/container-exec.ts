// Runs a command in a container and waits for it (sync+exec hooks, and the `rm -rf` fallback for
// engines without Berth's delete call). Output is collected (bounded) for the error message.
import type { EngineClient } from '../engine/client';
import { demuxStream } from '../engine/demux';
import { Writable } from 'node:stream';
import { CoreError } from '../errors';

export interface ExecSpec {
  command: string[];
  user?: string;
  privileged?: boolean;
  workingDir?: string;
  environment?: string[];
}

const KEEP = 4096;

export async function execAndWait(client: EngineClient, containerId: string, spec: ExecSpec): Promise<{ exitCode: number; output: string }> {
  const exec = await client.getContainer(containerId).exec({
    Cmd: spec.command, User: spec.user, Privileged: spec.privileged, WorkingDir: spec.workingDir, Env: spec.environment,
    AttachStdout: true, AttachStderr: true,
  });
  const { socket, multiplexed } = await exec.start();
  let output = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (output.length < KEEP) output += chunk.toString('utf8').slice(0, KEEP - output.length);
      cb();
    },
  });
  if (multiplexed) await demuxStream(socket, sink, sink);
  else await new Promise<void>((resolve, reject) => { socket.on('error', reject); socket.on('end', resolve); socket.pipe(sink); });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output };
}

/** Runs and throws when the command fails, with its output. */
export async function execOrThrow(client: EngineClient, containerId: string, spec: ExecSpec, what: string): Promise<void> {
  const r = await execAndWait(client, containerId, spec);
  if (r.exitCode !== 0) throw new CoreError('FAILED_PRECONDITION', `${what} exited ${r.exitCode}${r.output.trim() ? `: ${r.output.trim()}` : ''}`);
}
