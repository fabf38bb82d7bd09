// Spawning the kernel's configuration tools (nft) and writing sysctl files. One process per
// script: a spawn costs milliseconds here (DESIGN.md), so callers hand over whole scripts
// (`nft -f -`). Links and namespaces go through netlink.ts instead (no spawn at all).
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { EngineError } from '../errors';

export interface RunResult {
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new EngineError('UNAVAILABLE', `cannot run ${cmd}: ${e.message}`, { cause: e })));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      if (code === 0) resolve({ stdout, stderr });
      else reject(new EngineError('INTERNAL', `${cmd} ${args.join(' ')} failed (exit ${code}): ${stderr.trim() || stdout.trim()}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Applies an nftables script as one transaction: all of it or none of it. */
export async function nftApply(script: string): Promise<void> {
  await run('nft', ['-f', '-'], script);
}

export async function writeSysctl(key: string, value: string): Promise<void> {
  await writeFile(`/proc/sys/${key.replace(/\./g, '/')}`, value);
}
