import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateTree } from './validate';
import { SpecError } from '../errors';

function message(tree: unknown): string {
  try {
    validateTree(tree);
  } catch (err) {
    assert.ok(err instanceof SpecError);
    return err.message;
  }
  assert.fail('expected a validation error');
}

test('type errors name the path and the type, as compose-go words them', () => {
  assert.equal(message({ services: { foo: { image: ['a'] } } }), 'services.foo.image must be a string');
  assert.equal(
    message({ services: { e: { environment: { FOO: ['1'] } } } }),
    'services.e.environment.FOO must be a boolean, null, number or string',
  );
  assert.equal(message({ name: 123 }), 'name must be a string');
});

test('unknown keys suggest the closest allowed key', () => {
  assert.equal(message({ servces: {} }), "(root) additional properties 'servces' not allowed (did you mean 'services'?)");
  assert.equal(
    message({ services: { web: { image: 'x', enviroment: {} } } }),
    "services.web additional properties 'enviroment' not allowed (did you mean 'environment'?)",
  );
  assert.equal(message({ services: { web: { zzzzzz: 1 } } }), "services.web additional properties 'zzzzzz' not allowed");
});

test('missing required properties and list positions', () => {
  assert.equal(
    message({ services: { f: { image: 'x', develop: { watch: [{ path: '.' }] } } } }),
    "services.f.develop.watch[0] missing property 'action'",
  );
  assert.equal(message({ services: { w: { ports: [{ target: 80, bogus: 1 }] } } }), "services.w.ports[0] additional properties 'bogus' not allowed");
});

test('x- extensions pass at every level that allows them', () => {
  const tree = { 'x-a': 1, services: { w: { image: 'x', 'x-b': { c: 1 }, deploy: { 'x-d': 1 } } }, networks: { n: { 'x-e': 1 } } };
  assert.doesNotThrow(() => validateTree(tree));
});
