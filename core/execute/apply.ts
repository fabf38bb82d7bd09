// One operation → one engine call. No decisions: what to create, in which order and why was
// settled by the reconciler; this file only translates (core/reconcile/README.md's table).
import type {
  ContainerCreateRequest, NetworkCreateRequest, VolumeCreateRequest,
} from '../../runtime/api/types';
import { CoreError } from '../errors';
import type {
  ContainerRef, CreateContainerOp, CreateNetworkOp, CreateVolumeOp, Operation, RecreateContainerOp,
} from '../plan/operation';
import type { ExecutorEngine } from './engine';
import { waitForCondition, type WaitDeps } from './wait-condition';

/** The bodies of create calls come from the project, through the layer above (core/compose). */
export interface ConfigSource {
  container(op: CreateContainerOp | RecreateContainerOp): Promise<ContainerCreateRequest>;
  network(op: CreateNetworkOp): NetworkCreateRequest;
  volume(op: CreateVolumeOp): VolumeCreateRequest;
}

export interface ApplyContext {
  engine: ExecutorEngine;
  config: ConfigSource;
  wait: WaitDeps;
  /** Container ids that creates of this plan returned, by op id. */
  created: Map<string, string>;
}

/** What happened, when it was not plainly done: a warning to show and go on with; the containers a gate waited for. */
export type ApplyOutcome = { warning?: string; containers?: string[] };

export function resolveRef(ref: ContainerRef, created: Map<string, string>): string {
  if ('containerId' in ref) return ref.containerId;
  const id = created.get(ref.createdBy);
  if (id === undefined) throw new CoreError('INTERNAL', `no container was created by "${ref.createdBy}"`);
  return id;
}

export async function applyOperation(op: Operation, ctx: ApplyContext): Promise<ApplyOutcome> {
  const e = ctx.engine;
  const ref = (r: ContainerRef): string => resolveRef(r, ctx.created);
  switch (op.kind) {
    case 'CreateNetwork': await e.createNetwork(ctx.config.network(op)); return {};
    case 'RemoveNetwork': return tolerate(() => e.removeNetwork(op.name), { NOT_FOUND: '', CONFLICT: `network ${op.name} is still in use` });
    case 'DisconnectNetwork': await e.disconnectNetwork(op.network, ref(op.container)); return {};
    case 'ConnectNetwork': await e.connectNetwork(op.network, ref(op.container)); return {};
    case 'CreateVolume': await e.createVolume(ctx.config.volume(op)); return {};
    case 'RemoveVolume': return tolerate(() => e.removeVolume(op.name), { NOT_FOUND: '', CONFLICT: `volume ${op.name} is still in use` });
    case 'CreateContainer':
      ctx.created.set(op.id, await e.createContainer(await ctx.config.container(op), op.name));
      return {};
    case 'RecreateContainer':
      ctx.created.set(op.id, await e.createContainer(await ctx.config.container(op), op.tmpName));
      return {};
    case 'StopContainer': await e.stopContainer(ref(op.container), op.timeout); return {};
    case 'RemoveContainer': return tolerate(() => e.removeContainer(ref(op.container), { volumes: op.volumes, force: true }), { NOT_FOUND: '' });
    case 'RenameContainer': await e.renameContainer(ref(op.container), op.to); return {};
    case 'StartContainer': await e.startContainer(ref(op.container)); return {};
    case 'UnpauseContainer': await e.unpauseContainer(ref(op.container)); return {};
    case 'WaitCondition': return waitGate(op, ctx);
    case 'RemoveImage': return tolerate(() => e.removeImage(op.image), { NOT_FOUND: `image ${op.image} not found`, CONFLICT: `image ${op.image} is in use` });
  }
}

async function waitGate(op: Extract<Operation, { kind: 'WaitCondition' }>, ctx: ApplyContext): Promise<ApplyOutcome> {
  try {
    return { containers: await waitForCondition(op, ctx.wait) };
  } catch (err) {
    // compose-spec depends_on.required: false → a dependency that fails is a warning, not an error.
    if (!op.required && !ctx.wait.signal?.aborted) return { warning: `optional dependency ${op.target}: ${(err as Error).message}` };
    throw err;
  }
}

/** Codes that are not failures here: '' = done silently, else a warning with that text (as compose down). */
async function tolerate(call: () => Promise<void>, codes: Partial<Record<string, string>>): Promise<ApplyOutcome> {
  try {
    await call();
    return {};
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const text = typeof code === 'string' ? codes[code] : undefined;
    if (text === undefined) throw err;
    return text === '' ? {} : { warning: text };
  }
}
