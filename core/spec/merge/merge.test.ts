import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergeTrees } from './merge';
import { enforceUnicity } from './unicity';
import { mergeFiles } from './merge-files';
import { toSequence } from './convert';
import { SpecError } from '../errors';
import { parseYaml } from '../yaml/parse';
import { SourceMap } from '../yaml/source-index';
import { readCase, readCorpusFile } from '../../host/corpus';

type Obj = Record<string, unknown>;

/** The loader's per-file step: resets, merge, uniqueness. */
function mergeAll(texts: string[], sources = new SourceMap()): Obj {
  return mergeFiles(texts.map((text, n) => ({ file: `/f${n}.yaml`, text })), sources);
}

const MERGE_CASES = [
  'cg-merge-annotations-mixed',
  'cg-merge-build-sequence',
  'cg-merge-dns-mixed',
  'cg-merge-environment-mixed',
  'cg-merge-environment-sequence',
  'cg-merge-labels-mixed',
  'cg-merge-logging-implicit-driver',
  'cg-merge-profiles',
  'cg-merge-secrets-by-target',
  'cg-merge-service-networks-mixed',
  'cg-merge-ulimits',
  'cg-unicity-environment',
];

describe('merge: corpus merge-stage cases', () => {
  for (const id of MERGE_CASES) {
    it(id, () => {
      const c = readCase(id);
      assert.equal(c.stage, 'merge');
      const merged = mergeAll(c.compose_files.map((f) => readCorpusFile(id, f)));
      const [expected] = parseYaml(readCorpusFile(id, 'expected.yaml'), 'expected.yaml', new SourceMap());
      assert.deepEqual(merged, expected.tree);
    });
  }
});

describe('merge: rules', () => {
  it('replaces command/entrypoint/healthcheck.test instead of appending', () => {
    const m = mergeAll([
      'services:\n  a:\n    command: [a, b]\n    entrypoint: x\n    healthcheck: {test: [CMD, a]}\n',
      'services:\n  a:\n    command: [c]\n    entrypoint: [y]\n    healthcheck: {test: [CMD, b]}\n',
    ]);
    assert.deepEqual(m, { services: { a: { command: ['c'], entrypoint: ['y'], healthcheck: { test: ['CMD', 'b'] } } } });
  });

  it('dedups ports across short and long syntax, volumes and devices by target, appends other lists', () => {
    const m = mergeAll([
      'services:\n  a:\n    ports: ["8080:80", "9090:90"]\n    volumes: ["./a:/data", "/logs"]\n    security_opt: [x]\n',
      'services:\n  a:\n    ports: [{published: 8080, target: 80, protocol: tcp}]\n    volumes: [{type: bind, source: ./b, target: /data}]\n    security_opt: [x]\n',
    ]);
    const a = (m.services as Obj).a as Obj;
    assert.deepEqual(a.ports, [{ published: 8080, target: 80, protocol: 'tcp' }, '9090:90']);
    assert.deepEqual(a.volumes, [{ type: 'bind', source: './b', target: '/data' }, '/logs']);
    assert.deepEqual(a.security_opt, ['x', 'x']);
  });

  it('merges depends_on list and map forms, build string and map forms', () => {
    const m = mergeAll(['services:\n  a:\n    build: ./dir\n    depends_on: [db]\n', 'services:\n  a:\n    build: {dockerfile: D}\n    depends_on:\n      db: {condition: service_healthy}\n      cache: {condition: service_started}\n']);
    assert.deepEqual((m.services as Obj).a, {
      build: { context: './dir', dockerfile: 'D' },
      depends_on: { db: { condition: 'service_healthy', required: true }, cache: { condition: 'service_started' } },
    });
  });

  it('replaces logging when the driver differs', () => {
    const m = mergeAll(['services:\n  a:\n    logging: {driver: json-file, options: {max-size: 1m}}\n', 'services:\n  a:\n    logging: {driver: syslog}\n']);
    assert.deepEqual(((m.services as Obj).a as Obj).logging, { driver: 'syslog' });
  });

  it('merges extra_hosts without duplicates and ipam config by subnet', () => {
    const m = mergeAll([
      'services:\n  a:\n    extra_hosts: ["h=1.1.1.1"]\nnetworks:\n  n:\n    ipam: {config: [{subnet: 10.89.1.0/24, gateway: 10.89.1.1}]}\n',
      'services:\n  a:\n    extra_hosts: {h: 1.1.1.1, g: 2.2.2.2}\nnetworks:\n  n:\n    ipam: {config: [{subnet: 10.89.1.0/24, ip_range: 10.89.1.0/25}, {subnet: 10.89.2.0/24}]}\n',
    ]);
    assert.deepEqual(((m.services as Obj).a as Obj).extra_hosts, ['h=1.1.1.1', 'g=2.2.2.2']);
    assert.deepEqual(((m.networks as Obj).n as Obj).ipam, {
      config: [{ subnet: '10.89.1.0/24', gateway: '10.89.1.1', ip_range: '10.89.1.0/25' }, { subnet: '10.89.2.0/24' }],
    });
  });

  it('!reset removes, !override replaces (corpus cg-reset-network, cg-override-network)', () => {
    const reset = mergeAll(readCase('cg-reset-network').compose_files.map((f) => readCorpusFile('cg-reset-network', f)));
    assert.deepEqual(reset.networks, {});
    const over = mergeAll(readCase('cg-override-network').compose_files.map((f) => readCorpusFile('cg-override-network', f)));
    assert.deepEqual(over.networks, { test: {} });
    const m = mergeAll(['services:\n  a:\n    ports: ["1:1"]\n    environment: {A: "1", B: "2"}\n', 'services:\n  a:\n    ports: !override ["2:2"]\n    environment:\n      A: !reset\n']);
    assert.deepEqual((m.services as Obj).a, { ports: ['2:2'], environment: ['B=2'] });
  });

  it('carries positions of overriding values into the merged tree', () => {
    const sources = new SourceMap();
    const m = mergeAll(['services:\n  a:\n    image: x\n    ports: ["1:1"]\n', '\n\nservices:\n  a:\n    image: y\n    ports: ["2:2"]\n'], sources);
    sources.setRoot(m);
    assert.deepEqual(sources.find(['services', 'a', 'image']), { file: '/f1.yaml', line: 5, col: 5 });
    assert.equal(sources.find(['services', 'a', 'ports', 0])?.file, '/f0.yaml');
    assert.equal(sources.find(['services', 'a', 'ports', 1])?.file, '/f1.yaml');
  });

  it('keeps malformed entries of keyed lists as they are, for validation to report', () => {
    const m = mergeAll(['services:\n  a:\n    environment: [{A: 1}, B=1, null, B=2]\n    volumes: [{source: x}, {source: y}, "/d"]\n']);
    assert.deepEqual((m.services as Obj).a, { environment: [{ A: 1 }, 'B=2', null], volumes: [{ source: 'x' }, { source: 'y' }, '/d'] });
  });

  it('refuses to merge a mapping with a scalar', () => {
    assert.throws(
      () => mergeAll(['services:\n  a:\n    deploy: {replicas: 1}\n', 'services:\n  a:\n    deploy: x\n']),
      (err: unknown) => err instanceof SpecError && /cannot override services.a.deploy/.test(err.message) && err.file === '/f1.yaml' && err.line === 3,
    );
  });
});

describe('merge: properties', () => {
  const key = fc.constantFrom('A', 'B', 'C', 'D');
  const scalar = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean());
  const service = fc.record(
    {
      image: fc.string({ maxLength: 5 }),
      environment: fc.oneof(fc.dictionary(key, fc.string({ maxLength: 3 })), fc.uniqueArray(key, { maxLength: 4 }).map((ks) => ks.map((k) => `${k}=v`))),
      labels: fc.dictionary(key, fc.string({ maxLength: 3 })),
      ports: fc.uniqueArray(fc.integer({ min: 1, max: 9 }).map((n) => `${n}:${n}`), { maxLength: 3 }),
      command: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
      cap_add: fc.uniqueArray(key, { maxLength: 3 }),
      scale: fc.integer({ min: 0, max: 3 }),
      'x-ext': scalar,
    },
    { requiredKeys: [] },
  );
  const tree = fc.record({ services: fc.dictionary(fc.constantFrom('web', 'db'), service) }, { requiredKeys: [] });
  const run = (...trees: Obj[]) => {
    let model: Obj = {};
    for (const t of trees) model = enforceUnicity(mergeTrees(model, structuredClone(t)));
    return model;
  };

  /** Map-form environment/labels written as the KEY=VAL sequences a merge produces. */
  const norm = (t: Obj): Obj => {
    const out = structuredClone(t) as { services?: Record<string, Obj> };
    for (const svc of Object.values(out.services ?? {})) {
      for (const k of ['environment', 'labels']) if (k in svc) svc[k] = toSequence(svc[k]);
    }
    return out;
  };

  it('merging with an empty file is the identity', () => {
    fc.assert(fc.property(tree, (t) => assert.deepEqual(run(t, {}), run(t))));
    fc.assert(fc.property(tree, (t) => assert.deepEqual(run({}, t), run(t))));
  });

  it('merging a file onto itself changes nothing (up to list syntax)', () => {
    fc.assert(fc.property(tree, (t) => assert.deepEqual(norm(run(t, t)), norm(run(t)))));
  });

  it('the last file wins for scalars', () => {
    fc.assert(
      fc.property(tree, tree, (a, b) => {
        const m = run(a, b) as { services?: Record<string, Obj> };
        for (const [name, svc] of Object.entries((b.services ?? {}) as Record<string, Obj>)) {
          for (const k of ['image', 'scale', 'x-ext'] as const) if (k in svc) assert.deepEqual(m.services?.[name][k], svc[k]);
          if ('command' in svc) assert.deepEqual(m.services?.[name].command, svc.command);
        }
      }),
    );
  });
});
