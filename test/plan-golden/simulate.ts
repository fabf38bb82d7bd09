// Applies a plan to an observed state the way an engine would, so tests can check that a second
// reconcile after the first one's plan finds nothing to do ("up twice does nothing").
import { normalizeImageRef, type ObservedContainer, type ObservedState } from '../../core/observe';
import type { ContainerRef, Operation, Plan } from '../../core/plan';
import type { DesiredProject } from '../../core/reconcile';

export function simulate(project: DesiredProject, before: ObservedState, plan: Plan): ObservedState {
  const state: ObservedState = structuredClone(before);
  const created = new Map<string, string>();
  let seq = 0;
  for (const op of plan.operations) {
    const made = apply(project, state, op, created, () => `sim${String(++seq).padStart(9, '0')}`);
    if (made !== undefined) created.set(op.id, made);
  }
  return state;
}

function apply(project: DesiredProject, state: ObservedState, op: Operation, created: Map<string, string>, newId: () => string): string | undefined {
  const find = (ref: ContainerRef): ObservedContainer => {
    const id = 'containerId' in ref ? ref.containerId : created.get(ref.createdBy);
    const c = state.containers.find((x) => x.id === id);
    if (c === undefined) throw new Error(`${op.id}: no container ${JSON.stringify(ref)}`);
    return c;
  };
  switch (op.kind) {
    case 'CreateNetwork':
      state.networks.push({ id: `net-${op.name}`, name: op.name, key: op.key, configHash: project.networks[op.key]?.configHash, managed: true });
      return undefined;
    case 'CreateVolume':
      state.volumes.push({ name: op.name, key: op.key, configHash: project.volumes[op.key]?.configHash, managed: true });
      return undefined;
    case 'RemoveNetwork':
      if (state.containers.some((c) => c.networks.includes(op.name))) throw new Error(`${op.id}: network has active endpoints`);
      state.networks = state.networks.filter((n) => n.name !== op.name);
      return undefined;
    case 'DisconnectNetwork': {
      const c = find(op.container);
      c.networks = c.networks.filter((n) => n !== op.network);
      return undefined;
    }
    case 'ConnectNetwork': {
      const c = find(op.container);
      c.networks = [...c.networks, op.network].sort();
      return undefined;
    }
    case 'RemoveVolume':
      state.volumes = state.volumes.filter((v) => v.name !== op.name);
      return undefined;
    case 'RemoveImage':
      delete state.images[op.image];
      return undefined;
    case 'CreateContainer':
    case 'RecreateContainer': {
      const c = newContainer(project, state, op.service, op.number, op.kind === 'CreateContainer' ? op.name : op.tmpName, newId());
      state.containers.push(c);
      return c.id;
    }
    case 'StopContainer':
      find(op.container).state = 'exited';
      return undefined;
    case 'RemoveContainer': {
      const c = find(op.container);
      if (c.state === 'running') throw new Error(`${op.id}: container is running`);
      state.containers = state.containers.filter((x) => x !== c);
      return undefined;
    }
    case 'RenameContainer': {
      const c = find(op.container);
      if (state.containers.some((x) => x !== c && x.name === op.to)) throw new Error(`${op.id}: name ${op.to} is already in use`);
      c.name = op.to;
      return undefined;
    }
    case 'StartContainer':
    case 'UnpauseContainer':
      find(op.container).state = 'running';
      return undefined;
    case 'WaitCondition':
      return undefined;
  }
}

function newContainer(project: DesiredProject, state: ObservedState, service: string, number: number, name: string, id: string): ObservedContainer {
  const svc = project.services[service];
  if (state.containers.some((c) => c.name === name)) throw new Error(`name ${name} is already in use`);
  return {
    id, name, service, number, oneOff: false, state: 'created', configHash: svc.configHash,
    imageDigest: state.images[normalizeImageRef(svc.image)] ?? '', image: svc.image,
    networks: svc.networks.map((k) => project.networks[k].name).sort(),
    volumes: svc.volumes.map((k) => project.volumes[k].name).sort(), created: 0, labels: {},
  };
}
