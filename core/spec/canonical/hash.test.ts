import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceHash } from './hash';

const base = { image: 'nginx:1.27', environment: { A: '1' }, ports: [{ mode: 'ingress', target: 80, protocol: 'tcp' }] };

test('the config hash is a sha256 that ignores key order', () => {
  const h = serviceHash(base);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(serviceHash({ ports: base.ports, environment: { A: '1' }, image: 'nginx:1.27' }), h);
});

test('what must recreate changes the hash; what must not, does not (compose ServiceHash)', () => {
  const h = serviceHash(base);
  assert.notEqual(serviceHash({ ...base, image: 'nginx:1.28' }), h);
  assert.notEqual(serviceHash({ ...base, environment: { A: '2' } }), h);
  assert.equal(serviceHash({ ...base, build: { context: '/x' } }), h);
  assert.equal(serviceHash({ ...base, scale: 3, pull_policy: 'always', profiles: ['p'] }), h);
  assert.equal(serviceHash({ ...base, depends_on: { db: { condition: 'service_started', required: true } } }), h);
  assert.equal(serviceHash({ ...base, deploy: { replicas: 2 } }), serviceHash({ ...base, deploy: { replicas: 5 } }));
});

test('extensions do not take part (json:"-" in compose-go)', () => {
  assert.equal(serviceHash({ ...base, 'x-note': 'anything' }), serviceHash(base));
});
