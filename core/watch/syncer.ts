// Applies a payload to every container of a service (each replica, in parallel): deletions first,
// then one tar put at `/`. Paths resolve inside each container's root on the engine's side (the
// engine never follows a link out of it). Errors are collected per container, not fail-fast, as
// compose's sync does, so one broken replica does not stop the others.
import type { EngineClient } from '../engine/client';
import type { PathFilter } from './ignore';
import { packPayload, type Payload } from './payload';
import { execOrThrow } from './container-exec';

export interface SyncContainer {
  id: string;
  name: string;
}

export interface SyncOutcome {
  files: number;
  deleted: number;
  errors: string[];
}

export async function applyPayload(client: EngineClient, containers: readonly SyncContainer[], p: Payload, filterOf: (host: string) => PathFilter | undefined): Promise<SyncOutcome> {
  const out: SyncOutcome = { files: 0, deleted: p.deletes.length, errors: [] };
  await Promise.all(containers.map(async (c) => {
    try {
      await removeAll(client, c.id, p.deletes);
      if (p.writes.length === 0) return;
      const { stream, done } = packPayload(p, filterOf);
      await client.getContainer(c.id).putArchive('/', stream);
      out.files = Math.max(out.files, await done);
    } catch (err) {
      out.errors.push(`${c.name}: ${(err as Error).message}`);
    }
  }));
  return out;
}

async function removeAll(client: EngineClient, id: string, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  const handle = client.getContainer(id);
  const results = await Promise.all(paths.map((p) => handle.removePath(p)));
  const left = paths.filter((_, i) => results[i] === 'unsupported');
  // An engine without Berth's delete call (Docker): as compose, `rm -rf` in the container.
  if (left.length > 0) await execOrThrow(client, id, { command: ['rm', '-rf', '--', ...left] }, 'rm -rf in the container');
}
