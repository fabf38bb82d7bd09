// The real `docker` CLI (v28, client only) pointed at a test's berthd: its own DOCKER_CONFIG in the
// test's temp dir, no hints, output collected, killed after 30 s.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TempRoot } from '../api/helpers';

export interface Run { code: number; stdout: string; stderr: string }

export function runDocker(t: TempRoot, args: string[], input?: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, DOCKER_HOST: `unix://${t.socketPath}`, DOCKER_CONFIG: join(t.dir, 'docker-config'), DOCKER_CLI_HINTS: 'false', ...extraEnv };
    const p = spawn('docker', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => { stdout += b; });
    p.stderr.on('data', (b: Buffer) => { stderr += b; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`docker ${args.join(' ')} timed out; stderr: ${stderr}`)); }, 30_000);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr }); });
    p.stdin.end(input);
  });
}
