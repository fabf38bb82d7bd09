// Properties over random projects and observed states (fast-check):
// - every plan's edges point backwards (executable front to back);
// - after the plan runs (simulated), the same `up` plans nothing: up is idempotent;
// - after `up`, each converged service has exactly its replica count running, under unique names;
// - after `down --remove-orphans -v`, nothing of the project is left.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkPlanOrder, renderPlan } from '../../core/plan';
import { downOptions, reconcile, reconcileDown, upOptions, type DesiredProject, type UpFlags } from '../../core/reconcile';
import type { ObservedContainer, ObservedState } from '../../core/observe';
import { upTargets } from '../../core/reconcile/selection';
import { simulate } from './simulate';

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'] as const;
const STATES = ['running', 'exited', 'created', 'paused', 'dead', 'restarting'] as const;

interface ServiceSpec { replicas: number; deps: string[]; condition: (typeof CONDITIONS)[number]; restart: boolean; required: boolean; back: boolean; data: boolean; hash: string; ns: boolean }
interface ContainerSpec { service: string; number: number; state: string; hash: string; oneOff: boolean; tmpName: boolean }
interface FlagSpec { forceRecreate: boolean; noRecreate: boolean; removeOrphans: boolean; noStart: boolean; noDeps: boolean; pick: string[]; recreateData: boolean }

const serviceArb = (index: number): fc.Arbitrary<ServiceSpec> =>
  fc.record({
    replicas: fc.integer({ min: 0, max: 3 }),
    deps: fc.subarray(NAMES.slice(0, index)),
    condition: fc.constantFrom(...CONDITIONS),
    restart: fc.boolean(),
    required: fc.boolean(),
    back: fc.boolean(),
    data: fc.boolean(),
    hash: fc.constantFrom('h1', 'h2'),
    ns: fc.boolean(),
  });

const projectArb = fc.tuple(...NAMES.map((_, i) => serviceArb(i)), fc.integer({ min: 1, max: 5 })).map((parts) => {
  const count = parts[NAMES.length] as number;
  const project: DesiredProject = { name: 'p', services: {}, profiles: [], networks: {
    default: { key: 'default', name: 'p_default', external: false, labels: {}, configHash: 'n' },
    back: { key: 'back', name: 'p_back', external: false, labels: {}, configHash: 'n' },
  }, volumes: { data: { key: 'data', name: 'p_data', external: false, labels: {}, configHash: 'v' } } };
  NAMES.slice(0, count).forEach((name, i) => {
    const s = parts[i] as ServiceSpec;
    const deps = s.deps.filter((d) => NAMES.indexOf(d) < count);
    project.services[name] = {
      name, image: `img-${name}`, customImage: true, configHash: s.hash, replicas: s.replicas,
      // network_mode: service:<first dependency>, which compose-go also records as a dependency
      namespaceParents: s.ns && deps.length > 0 ? [deps[0]] : [],
      dependsOn: Object.fromEntries(deps.map((d) => [d, { condition: s.condition, required: s.required, restart: s.restart }])),
      networks: s.back ? ['default', 'back'] : ['default'], volumes: s.data ? ['data'] : [], labels: {}, profiles: [],
    };
  });
  return project;
});

const containerArb: fc.Arbitrary<ContainerSpec> = fc.record({
  service: fc.constantFrom(...NAMES, 'gone'),
  number: fc.integer({ min: 1, max: 4 }),
  state: fc.constantFrom(...STATES),
  hash: fc.constantFrom('h1', 'h2'),
  oneOff: fc.boolean(),
  // left over from an interrupted recreate: same number, temporary name
  tmpName: fc.boolean(),
});

function observedFrom(project: DesiredProject, specs: ContainerSpec[], withNetworks: boolean, backHash = 'n', dataHash = 'v'): ObservedState {
  const seen = new Set<string>();
  const containers: ObservedContainer[] = [];
  specs.forEach((s, i) => {
    const name = s.oneOff ? `p-${s.service}-run-${i}` : `${s.tmpName ? `tmp${i}_` : ''}p-${s.service}-${s.number}`;
    if (seen.has(name)) return;
    seen.add(name);
    const svc = project.services[s.service];
    containers.push({
      id: `id${String(i).padStart(10, '0')}`, name, service: s.service, number: s.number, oneOff: s.oneOff,
      state: s.state as ObservedContainer['state'], configHash: s.hash, imageDigest: '', image: `img-${s.service}`,
      networks: (svc?.networks ?? ['default']).map((k) => `p_${k}`), volumes: (svc?.volumes ?? []).map((k) => `p_${k}`), created: i, labels: {},
    });
  });
  const networks = withNetworks ? [{ id: 'n1', name: 'p_default', key: 'default', managed: true }, { id: 'n2', name: 'p_back', key: 'back', configHash: backHash, managed: true }] : [];
  return { project: 'p', containers, networks, volumes: withNetworks ? [{ name: 'p_data', key: 'data', configHash: dataHash, managed: true }] : [], images: {} };
}

const flagsArb: fc.Arbitrary<FlagSpec> = fc.record({
  forceRecreate: fc.boolean(),
  noRecreate: fc.boolean(),
  removeOrphans: fc.boolean(),
  noStart: fc.boolean(),
  noDeps: fc.boolean(),
  pick: fc.subarray(NAMES, { maxLength: 2 }),
  recreateData: fc.boolean(),
});

const caseArb = fc.tuple(projectArb, fc.array(containerArb, { maxLength: 10 }), fc.boolean(), flagsArb, fc.constantFrom('n', 'old'), fc.constantFrom('v', 'old'));

function flagsFor(project: DesiredProject, f: FlagSpec): UpFlags {
  const services = f.pick.filter((n) => project.services[n] !== undefined);
  return { services, forceRecreate: f.forceRecreate && !f.noRecreate, noRecreate: f.noRecreate, removeOrphans: f.removeOrphans, noStart: f.noStart, noDeps: f.noDeps };
}

describe('reconcile properties', () => {
  it('plans are ordered, up is idempotent, replicas converge', () => {
    fc.assert(
      fc.property(caseArb, ([project, specs, withNetworks, f, backHash, dataHash]) => {
        const observed = observedFrom(project, specs, withNetworks, backHash, dataHash);
        const flags = { ...flagsFor(project, f), recreateVolumes: f.recreateData ? ['data'] : [] };
        const plan = reconcile(project, observed, upOptions(flags));
        assert.deepEqual(checkPlanOrder(plan), []);
        const after = simulate(project, observed, plan);
        const again = reconcile(project, after, upOptions({ ...flags, forceRecreate: false, recreateVolumes: [] }));
        assert.deepEqual(again.operations, [], `not idempotent; first plan:\n${renderPlan(plan)}second:\n${renderPlan(again)}`);
        const names = after.containers.map((c) => c.name);
        assert.equal(new Set(names).size, names.length, 'container names are unique');
        if (flags.noStart || flags.noRecreate) return;
        for (const name of upTargets(project, flags.services ?? [], flags.noDeps ?? false)) {
          const running = after.containers.filter((c) => !c.oneOff && c.service === name && (c.state === 'running' || c.state === 'restarting'));
          assert.equal(running.length, project.services[name].replicas, `service ${name} after:\n${renderPlan(plan)}`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('down --remove-orphans -v leaves nothing of the project', () => {
    fc.assert(
      fc.property(caseArb, ([project, specs, withNetworks]) => {
        const observed = observedFrom(project, specs, withNetworks);
        const plan = reconcileDown(project, observed, downOptions({ removeOrphans: true, volumes: true }));
        assert.deepEqual(checkPlanOrder(plan), []);
        const after = simulate(project, observed, plan);
        assert.deepEqual(after.containers.map((c) => c.name), []);
        assert.deepEqual(after.networks.map((n) => n.name), []);
        assert.deepEqual(after.volumes.map((v) => v.name), []);
      }),
      { numRuns: 500 },
    );
  });
});
