// Bodies of the wrong shape answer Docker's messages, naming the field; what Docker clients send
// (nulls included) passes untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineError } from '../../errors';
import { validate } from './body';
import { containerCreateBody } from './container-create';
import { execStartBody, networkCreateBody } from './other-bodies';

const message = (schema: Parameters<typeof validate>[0], body: unknown): string => {
  try { validate(schema, body); } catch (e) { assert.ok(e instanceof EngineError && e.code === 'INVALID_ARGUMENT'); return e.message; }
  return 'valid';
};

test('a wrong type reads as Go\'s UnmarshalTypeError, with the holding struct and the field path', () => {
  assert.equal(message(containerCreateBody, { Image: 'bb', HostConfig: { Binds: 'x:/y' } }),
    'json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Binds of type []string');
  assert.equal(message(containerCreateBody, { Image: 5 }), 'json: cannot unmarshal number into Go struct field CreateRequest.Image of type string');
  assert.equal(message(containerCreateBody, { Image: 'bb', HostConfig: { Memory: 1.5 } }),
    'json: cannot unmarshal number 1.5 into Go struct field HostConfig.HostConfig.Memory of type int64');
  assert.equal(message(containerCreateBody, { Image: 'bb', Env: ['A=1', 2] }),
    'json: cannot unmarshal number into Go struct field CreateRequest.Env of type string');
  assert.equal(message(containerCreateBody, { Image: 'bb', HostConfig: { Mounts: [{ Target: 3 }] } }),
    'json: cannot unmarshal number into Go struct field Mount.HostConfig.Mounts.Target of type string');
  assert.equal(message(networkCreateBody, [1]), 'json: cannot unmarshal array into Go value of type network.CreateRequest');
  assert.equal(message(execStartBody, { Detach: 'yes' }), 'json: cannot unmarshal string into Go struct field ExecStartOptions.Detach of type bool');
});

test('other problems name the field', () => {
  assert.match(message(containerCreateBody, { HostConfig: { RestartPolicy: { Name: 'sometimes' } } }), /^invalid field HostConfig\.RestartPolicy\.Name: /);
});

test('what the docker CLI sends passes: nulls, unknown fields, empty structs', () => {
  const cli = {
    Hostname: '', Env: null, Cmd: ['true'], Image: 'bb', Volumes: {}, Entrypoint: null, OnBuild: null, Labels: {},
    ExposedPorts: { '80/tcp': {} }, HostConfig: { Binds: null, LogConfig: { Type: '', Config: {} }, PortBindings: {}, RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, ConsoleSize: [0, 0], Isolation: '', MemorySwappiness: null },
    NetworkingConfig: { EndpointsConfig: { default: null } }, Platform: null,
  };
  assert.equal(message(containerCreateBody, cli), 'valid');
});
