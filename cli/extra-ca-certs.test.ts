import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restoreExtraCaCerts } from './extra-ca-certs';

test('restoreExtraCaCerts: the parked path goes back to NODE_EXTRA_CA_CERTS and the parking variable goes away', () => {
  const env: NodeJS.ProcessEnv = { PATH: '/bin', BERTH_EXTRA_CA_CERTS: '/etc/ssl/certs/ca certs.crt' };
  restoreExtraCaCerts(env);
  assert.deepEqual(env, { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca certs.crt' });
});

test('restoreExtraCaCerts: an empty parked value (the user had none) sets nothing', () => {
  const env: NodeJS.ProcessEnv = { BERTH_EXTRA_CA_CERTS: '' };
  restoreExtraCaCerts(env);
  assert.deepEqual(env, {});
});

test('restoreExtraCaCerts: without the shebang (node run directly) the environment is untouched', () => {
  const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '/x.pem' };
  restoreExtraCaCerts(env);
  assert.deepEqual(env, { NODE_EXTRA_CA_CERTS: '/x.pem' });
});

test('restoreExtraCaCerts: works on process.env itself (what children inherit)', () => {
  const saved = { n: process.env.NODE_EXTRA_CA_CERTS, b: process.env.BERTH_EXTRA_CA_CERTS };
  try {
    delete process.env.NODE_EXTRA_CA_CERTS;
    process.env.BERTH_EXTRA_CA_CERTS = '/y.pem';
    restoreExtraCaCerts(process.env);
    assert.equal(process.env.NODE_EXTRA_CA_CERTS, '/y.pem');
    assert.equal('BERTH_EXTRA_CA_CERTS' in process.env, false);
  } finally {
    if (saved.n === undefined) delete process.env.NODE_EXTRA_CA_CERTS; else process.env.NODE_EXTRA_CA_CERTS = saved.n;
    if (saved.b === undefined) delete process.env.BERTH_EXTRA_CA_CERTS; else process.env.BERTH_EXTRA_CA_CERTS = saved.b;
  }
});
