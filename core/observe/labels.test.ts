import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { containerLabels, formatDependsOnLabel, LABEL, parseDependsOnLabel, projectFilter, resourceLabels } from './labels';
import { normalizeImageRef } from './image-ref';

describe('compose labels', () => {
  it('writes the com.docker.compose.* keys compose writes on a service container', () => {
    const labels = containerLabels({
      project: 'demo', service: 'web', number: 2, oneOff: false, configHash: 'abc', workingDir: '/src', configFiles: ['/src/compose.yaml', '/src/compose.override.yaml'],
      environmentFiles: [], imageDigest: 'sha256:1', dependsOn: [{ service: 'db', condition: 'service_healthy', restart: true }],
    });
    assert.equal(labels['com.docker.compose.project'], 'demo');
    assert.equal(labels['com.docker.compose.service'], 'web');
    assert.equal(labels['com.docker.compose.container-number'], '2');
    assert.equal(labels['com.docker.compose.oneoff'], 'False');
    assert.equal(labels['com.docker.compose.config-hash'], 'abc');
    assert.equal(labels['com.docker.compose.project.config_files'], '/src/compose.yaml,/src/compose.override.yaml');
    assert.equal(labels['com.docker.compose.image'], 'sha256:1');
    assert.equal(labels['com.docker.compose.depends_on'], 'db:service_healthy:true');
    assert.equal(labels[LABEL.environmentFile], undefined);
  });

  it('filters listings by the lower-cased project label', () => {
    assert.deepEqual(projectFilter('Demo'), { label: ['com.docker.compose.project=demo'] });
  });

  it('labels networks and volumes with their compose key', () => {
    assert.deepEqual(resourceLabels('network', 'demo', 'back', 'h'), {
      'com.docker.compose.project': 'demo', 'com.docker.compose.network': 'back', 'com.docker.compose.version': '2.40.0', 'com.docker.compose.config-hash': 'h',
    });
    assert.equal(resourceLabels('volume', 'demo', 'data')['com.docker.compose.volume'], 'data');
  });

  it('round-trips depends_on, sorted, and reads older short forms', () => {
    const entries = [
      { service: 'z', condition: 'service_started' as const, restart: false },
      { service: 'a', condition: 'service_completed_successfully' as const, restart: true },
    ];
    const text = formatDependsOnLabel(entries);
    assert.equal(text, 'a:service_completed_successfully:true,z:service_started:false');
    assert.deepEqual(parseDependsOnLabel(text), [entries[1], entries[0]]);
    assert.deepEqual(parseDependsOnLabel('db'), [{ service: 'db', condition: 'service_started', restart: false }]);
    assert.deepEqual(parseDependsOnLabel(''), []);
    assert.deepEqual(parseDependsOnLabel(undefined), []);
  });
});

describe('normalizeImageRef', () => {
  it('adds :latest and drops the default registry, as RepoTags show references', () => {
    assert.equal(normalizeImageRef('nginx'), 'nginx:latest');
    assert.equal(normalizeImageRef('docker.io/library/nginx:1.25'), 'nginx:1.25');
    assert.equal(normalizeImageRef('docker.io/bitnami/redis'), 'bitnami/redis:latest');
    assert.equal(normalizeImageRef('localhost:5000/app'), 'localhost:5000/app:latest');
    assert.equal(normalizeImageRef('localhost:5000/app:2'), 'localhost:5000/app:2');
    assert.equal(normalizeImageRef('nginx@sha256:abc'), 'nginx@sha256:abc');
  });
});
