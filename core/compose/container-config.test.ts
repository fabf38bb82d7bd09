import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryHost } from '../host/memory-host';
import { loadProject } from '../spec';
import { LABEL } from '../observe/labels';
import { containerConfig, restartPolicyOf } from './container-config';
import { resolveRunEnv } from './one-off';

function load(yaml: string) {
  const host = createMemoryHost({ files: { '/p/shop/compose.yaml': yaml }, cwd: '/p/shop', env: {} });
  return loadProject({ files: [] }, host);
}

const YAML = `services:
  web:
    image: busybox:latest
    command: httpd -f -p 8080
    entrypoint: ["/bin/sh", "-c"]
    ports: ["127.0.0.1:8080:8080", "9000"]
    expose: ["7000"]
    environment: {A: "1", UNSET: null}
    labels: {team: core}
    user: "1000"
    working_dir: /srv
    init: true
    restart: on-failure:3
    stop_grace_period: 1m30s
    stop_signal: SIGINT
    cap_add: [NET_ADMIN]
    tmpfs: ["/run:size=64k"]
    volumes: [data:/data, ./site:/site:ro]
    networks:
      front: {aliases: [www]}
      back: {priority: 10}
    healthcheck:
      test: ["CMD", "wget", "-q", "localhost:8080"]
      interval: 2s
      timeout: 500ms
      retries: 4
      start_period: 1s
      start_interval: 100ms
    depends_on:
      db: {condition: service_healthy}
  db:
    image: busybox:latest
    network_mode: none
    healthcheck: {disable: true}
  side:
    image: busybox:latest
    ipc: service:web
    network_mode: none
networks: {front: {}, back: {}}
volumes: {data: {}}
`;

test('a service becomes the create body compose sends', () => {
  const project = load(YAML);
  const body = containerConfig({ project, service: 'web', number: 2, configHash: 'abc', imageDigest: 'sha256:1' });
  assert.equal(body.Image, 'busybox:latest');
  assert.deepEqual(body.Cmd, ['httpd', '-f', '-p', '8080']);
  assert.deepEqual(body.Entrypoint, ['/bin/sh', '-c']);
  // a key without a value goes as a bare KEY: the engine unsets it, also over the image's ENV
  assert.deepEqual(body.Env, ['A=1', 'UNSET']);
  assert.equal(body.User, '1000');
  assert.equal(body.WorkingDir, '/srv');
  assert.equal(body.StopTimeout, 90);
  assert.equal(body.StopSignal, 'SIGINT');
  assert.deepEqual(Object.keys(body.ExposedPorts ?? {}).sort(), ['7000/tcp', '8080/tcp', '9000/tcp']);
  assert.deepEqual(body.HostConfig?.PortBindings, { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '9000/tcp': [{ HostIp: '', HostPort: '' }] });
  assert.deepEqual(body.Healthcheck, { Test: ['CMD', 'wget', '-q', 'localhost:8080'], Interval: 2e9, Timeout: 5e8, Retries: 4, StartPeriod: 1e9, StartInterval: 1e8 });
  assert.equal(body.HostConfig?.Init, true);
  assert.deepEqual(body.HostConfig?.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.deepEqual(body.HostConfig?.CapAdd, ['NET_ADMIN']);
  assert.deepEqual(body.HostConfig?.Tmpfs, { '/run': 'size=64k' });
  const mounts = body.HostConfig?.Mounts ?? [];
  assert.deepEqual(mounts.map((m) => [m.Type, m.Source, m.Target, m.ReadOnly]), [['volume', 'shop_data', '/data', false], ['bind', '/p/shop/site', '/site', true]]);
  // highest priority network first: it is the container's NetworkMode
  assert.equal(body.HostConfig?.NetworkMode, 'shop_back');
  assert.deepEqual(body.NetworkingConfig?.EndpointsConfig?.shop_front?.Aliases, ['web', 'www']);
  assert.deepEqual(body.NetworkingConfig?.EndpointsConfig?.shop_back?.Aliases, ['web']);
});

test('labels: compose keys plus the user labels, so the next observation recognises the container', () => {
  const project = load(YAML);
  const labels = containerConfig({ project, service: 'web', number: 2, configHash: 'abc', imageDigest: 'sha256:1', replace: 'old' }).Labels ?? {};
  assert.equal(labels.team, 'core');
  assert.equal(labels[LABEL.project], 'shop');
  assert.equal(labels[LABEL.service], 'web');
  assert.equal(labels[LABEL.containerNumber], '2');
  assert.equal(labels[LABEL.oneOff], 'False');
  assert.equal(labels[LABEL.configHash], 'abc');
  assert.equal(labels[LABEL.image], 'sha256:1');
  assert.equal(labels[LABEL.replace], 'old');
  assert.equal(labels[LABEL.workingDir], '/p/shop');
  assert.equal(labels[LABEL.dependsOn], 'db:service_healthy:false');
});

test('namespaces of another service resolve to its container; a disabled healthcheck is NONE', () => {
  const project = load(YAML);
  const side = containerConfig({ project, service: 'side', number: 1, configHash: 'x', parentContainer: (s) => (s === 'web' ? 'cid123' : undefined) });
  assert.equal(side.HostConfig?.IpcMode, 'container:cid123');
  assert.equal(side.HostConfig?.NetworkMode, 'none');
  assert.deepEqual(side.NetworkingConfig?.EndpointsConfig, {});
  assert.deepEqual(containerConfig({ project, service: 'db', number: 1, configHash: 'x' }).Healthcheck, { Test: ['NONE'] });
});

test('restart policies: restart: wins, deploy.restart_policy maps any/on-failure/none', () => {
  const p = (svc: object) => restartPolicyOf(svc as never);
  assert.deepEqual(p({ restart: 'always' }), { Name: 'always' });
  assert.deepEqual(p({ restart: 'unless-stopped' }), { Name: 'unless-stopped' });
  assert.deepEqual(p({ restart: 'on-failure' }), { Name: 'on-failure', MaximumRetryCount: 0 });
  assert.deepEqual(p({}), { Name: 'no' });
  assert.deepEqual(p({ deploy: { restart_policy: {} } }), { Name: 'always' });
  assert.deepEqual(p({ deploy: { restart_policy: { condition: 'on-failure', max_attempts: 2 } } }), { Name: 'on-failure', MaximumRetryCount: 2 });
  assert.deepEqual(p({ deploy: { restart_policy: { condition: 'none' } } }), { Name: 'no' });
});

test('run -e KEY takes the project environment\'s value, or is dropped without one', () => {
  assert.deepEqual(resolveRunEnv(['A=1', 'SHELL_SET', 'NOWHERE', 'EMPTY='], { SHELL_SET: 'shell' }), ['A=1', 'SHELL_SET=shell', 'EMPTY=']);
});

test('devices: short and long forms become HostConfig.Devices, as compose sends them', () => {
  const project = load(`services:
  web:
    image: busybox
    devices:
      - /dev/fuse
      - /dev/net/tun:/dev/tun:r
      - {source: /dev/kvm, target: /dev/kvm2, permissions: rw}
`);
  assert.deepEqual(containerConfig({ project, service: 'web', number: 1, configHash: 'h', imageDigest: '' }).HostConfig?.Devices, [
    { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' },
    { PathOnHost: '/dev/net/tun', PathInContainer: '/dev/tun', CgroupPermissions: 'r' },
    { PathOnHost: '/dev/kvm', PathInContainer: '/dev/kvm2', CgroupPermissions: 'rw' },
  ]);
});
