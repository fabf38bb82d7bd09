import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from './router';
import { parseFilters, queryBool, queryInt } from './query';
import { errorReply } from './status';
import { EngineError } from '../../errors';

const h = (): void => undefined;

test('routes match with params, greedy image names and the version prefix', () => {
  const r = new Router().get('/images/json', h).get('/images/:name*/json', h).delete('/images/:name*', h).post('/containers/:id/start', h);
  assert.deepEqual(r.match('GET', '/v1.41/images/localhost:5000/a/b:1/json').params, { name: 'localhost:5000/a/b:1' });
  assert.deepEqual(r.match('GET', '/images/json').params, {});
  assert.equal(r.match('DELETE', '/images/sha256%3Aabc').params.name, 'sha256:abc');
  const m = r.match('POST', '/v1.43/containers/t1/start');
  assert.equal(m.apiVersion, '1.43');
  assert.equal(m.params.id, 't1');
  assert.throws(() => r.match('GET', '/containers/t1/start'), (e: EngineError) => e.code === 'NOT_FOUND');
  assert.throws(() => r.match('GET', '/v1.12/images/json'), (e: EngineError) => e.code === 'INVALID_ARGUMENT');
});

test('query booleans as docker-py and the CLI send them; filters in both JSON forms', () => {
  const q = new URLSearchParams('a=1&b=True&c=false&d=0&n=5');
  assert.deepEqual([queryBool(q, 'a'), queryBool(q, 'b'), queryBool(q, 'c'), queryBool(q, 'd'), queryBool(q, 'x')], [true, true, false, false, false]);
  assert.equal(queryInt(q, 'n'), 5);
  assert.deepEqual(parseFilters('{"label":["a=b"],"dangling":{"true":true}}'), { label: ['a=b'], dangling: ['true'] });
  assert.throws(() => parseFilters('[1]'), (e: EngineError) => e.code === 'INVALID_ARGUMENT');
});

test('error codes map to Docker statuses', () => {
  const status = (code: ConstructorParameters<typeof EngineError>[0]): number => errorReply(new EngineError(code, 'x')).status;
  assert.deepEqual(['NOT_FOUND', 'CONFLICT', 'ALREADY_EXISTS', 'INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'NOT_IMPLEMENTED', 'UNAVAILABLE', 'INTERNAL'].map((c) => status(c as never)), [404, 409, 409, 400, 409, 501, 503, 500]);
  assert.deepEqual(errorReply(new Error('boom')), { status: 500, body: { message: 'boom' } });
});
