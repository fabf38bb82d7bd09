import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ContainerSummary, NetworkResource, Volume } from '../../runtime/api/types';
import { observeProject } from './observe';

function container(name: string, labels: Record<string, string>, extra: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    Id: `id-${name}`, Names: [`/${name}`], Image: 'nginx', ImageID: 'sha256:x', Command: '', Created: 5, Ports: [], Labels: labels, State: 'running', Status: '',
    HostConfig: { NetworkMode: 'bridge' }, NetworkSettings: { Networks: {} }, Mounts: [], ...extra,
  };
}

function network(name: string, labels: Record<string, string>): NetworkResource {
  return { Name: name, Id: `n-${name}`, Created: '', Scope: 'local', Driver: 'bridge', EnableIPv6: false, IPAM: { Driver: 'default', Config: [], Options: null }, Internal: false, Attachable: false, Ingress: false, Containers: {}, Options: {}, Labels: labels };
}

function volume(name: string, labels: Record<string, string> | null): Volume {
  return { Name: name, Driver: 'local', Mountpoint: '', Labels: labels, Scope: 'local', Options: null };
}

describe('observeProject', () => {
  const listing = {
    containers: [
      container('demo-web-2', {
        'com.docker.compose.project': 'demo', 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': '2',
        'com.docker.compose.oneoff': 'False', 'com.docker.compose.config-hash': 'h', 'com.docker.compose.image': 'sha256:d',
      }, {
        NetworkSettings: { Networks: { demo_front: {}, demo_back: {} } },
        Mounts: [
          { Type: 'volume', Name: 'demo_data', Source: '/v', Destination: '/data', Mode: '', RW: true, Propagation: '' },
          { Type: 'bind', Source: '/src', Destination: '/src', Mode: '', RW: true, Propagation: '' },
        ],
      }),
      container('demo-web-run-1a2b', { 'com.docker.compose.project': 'demo', 'com.docker.compose.service': 'web', 'com.docker.compose.oneoff': 'True' }, { State: 'exited' }),
      container('other-web-1', { 'com.docker.compose.project': 'other', 'com.docker.compose.service': 'web' }),
      container('plain', {}),
    ],
    networks: [
      network('demo_back', { 'com.docker.compose.project': 'demo', 'com.docker.compose.network': 'back', 'com.docker.compose.config-hash': 'nh' }),
      network('shared', {}),
      network('bridge', {}),
    ],
    volumes: [volume('demo_data', { 'com.docker.compose.project': 'demo', 'com.docker.compose.volume': 'data' }), volume('random', null)],
    images: [{ Id: 'sha256:img', ParentId: '', RepoTags: ['nginx:latest', '<none>:<none>'], RepoDigests: [], Created: 0, Size: 0, SharedSize: 0, Labels: {}, Containers: 0 }],
  };

  it('keeps only the project, parses labels, networks and named volume mounts', () => {
    const state = observeProject('Demo', listing, { networks: ['shared'], volumes: [] });
    assert.equal(state.project, 'demo');
    assert.deepEqual(state.containers.map((c) => c.name), ['demo-web-2', 'demo-web-run-1a2b']);
    const [web, run] = state.containers;
    assert.equal(web.service, 'web');
    assert.equal(web.number, 2);
    assert.equal(web.oneOff, false);
    assert.equal(web.configHash, 'h');
    assert.equal(web.imageDigest, 'sha256:d');
    assert.deepEqual(web.networks, ['demo_back', 'demo_front']);
    assert.deepEqual(web.volumes, ['demo_data']);
    assert.equal(run.oneOff, true);
    assert.equal(run.number, 0);
    assert.equal(run.state, 'exited');
  });

  it('reads networks and volumes by label, and unlabelled ones only when wanted by name', () => {
    const state = observeProject('demo', listing, { networks: ['shared'], volumes: [] });
    assert.deepEqual(state.networks, [
      { id: 'n-demo_back', name: 'demo_back', key: 'back', configHash: 'nh', managed: true },
      { id: 'n-shared', name: 'shared', key: undefined, configHash: undefined, managed: false },
    ]);
    assert.deepEqual(state.volumes.map((v) => [v.name, v.key, v.managed]), [['demo_data', 'data', true]]);
    assert.deepEqual(state.images, { 'nginx:latest': 'sha256:img' });
  });
});
