import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CoreError } from '../errors';
import { downOptions, upOptions } from './options';
import { canonicalService, durationSeconds, fromComposeTree } from './from-compose';
import { dependencyOrder } from './service-order';

describe('up options', () => {
  it('maps flags to strategies as compose does', () => {
    assert.deepEqual([upOptions().recreate, upOptions().recreateDependencies], ['diverged', 'diverged']);
    assert.deepEqual([upOptions({ forceRecreate: true }).recreate, upOptions({ forceRecreate: true }).recreateDependencies], ['force', 'diverged']);
    assert.equal(upOptions({ alwaysRecreateDeps: true }).recreateDependencies, 'force');
    assert.deepEqual([upOptions({ noRecreate: true }).recreate, upOptions({ noRecreate: true }).recreateDependencies], ['never', 'never']);
    assert.equal(upOptions().inherit, true);
    assert.equal(upOptions({ renewAnonVolumes: true }).inherit, false);
  });

  it('rejects incompatible flags and bad scales', () => {
    assert.throws(() => upOptions({ forceRecreate: true, noRecreate: true }), (e: unknown) => e instanceof CoreError && e.code === 'INVALID_ARGUMENT');
    assert.throws(() => upOptions({ scale: { web: -1 } }), /whole number/);
    assert.throws(() => downOptions({ rmi: 'some' as 'all' }), /must be "local" or "all"/);
  });
});

describe('fromComposeTree', () => {
  const hash = (what: string, canonical: string) => `${what}=${canonical.length}`;

  it('applies compose defaults: default network, resource names, long depends_on, implicit dependencies', () => {
    const p = fromComposeTree({
      name: 'Demo',
      services: {
        web: { build: '.', depends_on: ['db'], links: ['cache:c'], volumes: ['data:/d', './src:/src'], stop_grace_period: '1m30s' },
        db: { image: 'postgres', networks: { back: {} }, deploy: { replicas: 2 } },
        cache: { image: 'redis', network_mode: 'service:db', volumes_from: ['db:ro', 'container:x'] },
      },
      networks: { back: { name: 'custom-back' }, ext: { external: true } },
      volumes: { data: {} },
    }, { hash });
    assert.equal(p.name, 'demo');
    assert.equal(p.services.web.image, 'demo-web');
    assert.equal(p.services.web.customImage, false);
    assert.deepEqual(p.services.web.dependsOn, {
      db: { condition: 'service_started', required: true, restart: false },
      cache: { condition: 'service_started', required: true, restart: true },
    });
    assert.deepEqual(p.services.web.volumes, ['data']);
    assert.equal(p.services.web.stopTimeout, 90);
    assert.deepEqual(p.services.db.networks, ['back']);
    assert.equal(p.services.db.replicas, 2);
    assert.deepEqual(p.services.cache.networks, []);
    assert.deepEqual(p.services.cache.namespaceParents, ['db']);
    assert.deepEqual(Object.keys(p.services.cache.dependsOn), ['db']);
    assert.equal(p.networks.default.name, 'demo_default');
    assert.equal(p.networks.back.name, 'custom-back');
    assert.equal(p.networks.ext.name, 'ext');
    assert.equal(p.networks.ext.configHash, undefined);
    assert.equal(p.volumes.data.name, 'demo_data');
  });

  it('leaves scale, replicas, depends_on, profiles and build out of the hash input', () => {
    const a = canonicalService({ image: 'x', environment: { A: '1' }, deploy: { replicas: 1, resources: {} }, scale: 1, depends_on: ['db'], profiles: ['p'], build: '.' });
    const b = canonicalService({ deploy: { resources: {}, replicas: 5 }, environment: { A: '1' }, image: 'x' });
    assert.equal(a, b);
    assert.notEqual(canonicalService({ image: 'x' }), canonicalService({ image: 'y' }));
  });

  it('reads durations', () => {
    assert.equal(durationSeconds('10s'), 10);
    assert.equal(durationSeconds('1h2m'), 3720);
    assert.equal(durationSeconds('500ms'), 0.5);
  });
});

describe('dependencyOrder', () => {
  const svc = (name: string, deps: string[]) => ({
    name, image: 'x', customImage: true, configHash: 'h', replicas: 1, namespaceParents: [], networks: [], volumes: [], labels: {}, profiles: [],
    dependsOn: Object.fromEntries(deps.map((d) => [d, { condition: 'service_started' as const, required: true, restart: false }])),
  });

  it('puts dependencies first, ties by name', () => {
    const services = { web: svc('web', ['api']), api: svc('api', ['db']), db: svc('db', []), admin: svc('admin', ['db']) };
    assert.deepEqual(dependencyOrder(services, Object.keys(services)), ['db', 'admin', 'api', 'web']);
    assert.deepEqual(dependencyOrder(services, ['web', 'admin']), ['admin', 'web']);
  });

  it('names a cycle', () => {
    const services = { a: svc('a', ['b']), b: svc('b', ['a']), c: svc('c', []) };
    assert.throws(() => dependencyOrder(services, Object.keys(services)), /dependency cycle detected: a -> b -> a/);
  });
});
