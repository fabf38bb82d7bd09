// fromProject over core/spec's real loader: the view must match what the reconciler expects, and
// the config hash must be core/spec's serviceConfigHash (what `berth config --hash` prints).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadProject, serviceConfigHash, type SpecHost } from '../spec';
import { renderPlan } from '../plan';
import { emptyObservedState } from '../observe';
import { fromProject } from './from-project';
import { reconcile } from './reconcile';

function host(files: Record<string, string>): SpecHost {
  return { readFile: (p) => files[p], isDirectory: (p) => p === '/p', env: {}, cwd: '/p', home: '/root' };
}

const compose = `
name: shop
services:
  web:
    build: .
    depends_on:
      db: {condition: service_healthy}
    volumes: [data:/d, ./src:/src]
    stop_grace_period: 20s
  db:
    image: postgres:16
    deploy: {replicas: 2}
    networks: [back]
  sidecar:
    image: busybox
    network_mode: service:web
  debug:
    image: busybox
    profiles: [debug]
networks:
  back: {}
  corp: {external: true}
volumes:
  data: {}
`;

describe('fromProject', () => {
  const project = loadProject({ files: [] }, host({ '/p/compose.yaml': compose }));
  const view = fromProject(project);

  it('maps services with compose-go defaults already applied by the loader', () => {
    assert.equal(view.name, 'shop');
    assert.equal(view.services.web.image, 'shop-web');
    assert.equal(view.services.web.customImage, false);
    assert.equal(view.services.web.configHash, serviceConfigHash(project, 'web'));
    assert.deepEqual(view.services.web.dependsOn, { db: { condition: 'service_healthy', required: true, restart: false } });
    assert.deepEqual(view.services.web.networks, ['default']);
    assert.deepEqual(view.services.web.volumes, ['data']);
    assert.equal(view.services.web.stopTimeout, 20);
    assert.equal(view.services.db.replicas, 2);
    assert.deepEqual(view.services.db.networks, ['back']);
    assert.deepEqual(view.services.sidecar.namespaceParents, ['web']);
    assert.deepEqual(view.services.sidecar.networks, []);
    assert.equal(view.services.sidecar.dependsOn.web?.restart, true);
  });

  it('keeps disabled services known, and names resources', () => {
    assert.deepEqual(view.services.debug?.profiles, ['debug']);
    assert.equal(view.networks.back.name, 'shop_back');
    assert.equal(view.networks.default.name, 'shop_default');
    assert.equal(view.volumes.data.name, 'shop_data');
    assert.match(view.networks.back.configHash ?? '', /^[0-9a-f]{64}$/);
  });

  it('plans a fresh up from it', () => {
    const text = renderPlan(reconcile(view, emptyObservedState('shop')));
    assert.match(text, /^create network shop_back because missing$/m);
    assert.match(text, /^create container shop-db-2 \(service db\) because missing; after create network shop_back$/m);
    assert.match(text, /^wait db service_healthy because web depends on it; after start container shop-db-2$/m);
    assert.doesNotMatch(text, /debug/);
  });
});
