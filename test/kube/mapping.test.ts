// Unit tests of the mapping, over the real loader with an in-memory host: each asserts one rule
// of compose -> Kubernetes and the report entry (with its line) where the rule loses something.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryHost } from '../../core/host/memory-host';
import { loadProject } from '../../core/spec/index';
import { convertProject, type ConvertOptions, type ConvertResult, type KubeObject } from '../../core/kube/index';
import { dnsLabel } from '../../core/kube/names';
import { bytesQuantity, cpuQuantity } from '../../core/kube/quantities';
import { deepMerge } from '../../core/kube/merge';
import { assertValid } from './validate';

function convert(yaml: string, opts: Partial<ConvertOptions> = {}, files: Record<string, string> = {}, env: Record<string, string> = {}): ConvertResult {
  const all: Record<string, string> = { '/p/compose.yaml': yaml, ...files };
  const project = loadProject({ files: ['/p/compose.yaml'] }, createMemoryHost({ files: all, cwd: '/p', env }));
  const r = convertProject(project, opts, { readFile: (p) => all[p] });
  assertValid(r.objects, 'unit');
  return r;
}

function find(r: ConvertResult, kind: string, name: string): KubeObject {
  const o = r.objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind}/${name} in ${r.objects.map((x) => `${x.kind}/${x.metadata.name}`).join(' ')}`);
  return o;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const podOf = (o: KubeObject): any => (o.spec as any).template.spec;

test('names: compose names become RFC 1123 labels; two that collide are an error', () => {
  assert.equal(dnsLabel('Web_App.1'), 'web-app-1');
  assert.equal(dnsLabel('1st'), 's-1st');
  assert.throws(() => convert('services:\n  web_a: {image: a}\n  web-a: {image: b}\n'), /both become web-a/);
});

test('quantities: bytes as binary suffixes, fractional CPUs as millicores', () => {
  assert.equal(bytesQuantity(512 * 2 ** 20), '512Mi');
  assert.equal(bytesQuantity(1000), '1000');
  assert.equal(cpuQuantity(0.25), '250m');
  assert.equal(cpuQuantity(2), '2');
});

test('x-kubernetes merge: maps merge key by key, lists replace', () => {
  assert.deepEqual(deepMerge({ a: { b: 1, c: [1, 2] } }, { a: { c: [3], d: 4 } }), { a: { b: 1, c: [3], d: 4 } });
});

test('report: a key with no equivalent is dropped with its file and line', () => {
  const r = convert('services:\n  app:\n    image: a\n    network_mode: host\n');
  assert.deepEqual(r.report, [{ key: 'services.app.network_mode', file: '/p/compose.yaml', line: 4, kind: 'dropped', reason: 'host: no equivalent' }]);
});

test('report: an unknown service key is reported, never dropped silently', () => {
  const r = convert('services:\n  app:\n    image: a\n    x-custom: 1\n    oom_score_adj: 5\n');
  assert.deepEqual(r.report.map((e) => [e.key, e.line]), [['services.app.x-custom', 4], ['services.app.oom_score_adj', 5]]);
});

test('healthcheck: readiness and liveness probes; start_period a startup probe', () => {
  const r = convert('services:\n  db:\n    image: a\n    healthcheck: {test: "pg_isready", interval: 10s, retries: 2, start_period: 20s}\n');
  const c = podOf(find(r, 'Deployment', 'db')).containers[0];
  assert.deepEqual(c.readinessProbe.exec.command, ['/bin/sh', '-c', 'pg_isready']);
  assert.equal(c.livenessProbe.periodSeconds, 10);
  assert.equal(c.startupProbe.failureThreshold, 20 / 5 + 2);
});

test('depends_on: healthy waits in an init container; completed_successfully makes a Job and RBAC', () => {
  const r = convert(`services:
  db: {image: a}
  init: {image: b, restart: "on-failure:3"}
  app:
    image: c
    depends_on:
      db: {condition: service_healthy}
      init: {condition: service_completed_successfully}
`);
  const pod = podOf(find(r, 'Deployment', 'app'));
  assert.deepEqual(pod.initContainers.map((c: { name: string }) => c.name), ['wait-for-db', 'wait-for-init']);
  assert.equal(pod.serviceAccountName, 'p-job-waiter');
  const job = find(r, 'Job', 'init');
  assert.equal((job.spec as { backoffLimit: number }).backoffLimit, 3);
  find(r, 'RoleBinding', 'p-job-waiter');
  find(r, 'Service', 'db');
  assert.ok(!r.objects.some((o) => o.kind === 'Service' && o.metadata.name === 'init'));
  assert.ok(r.report.some((e) => e.key === 'services.app.depends_on.db' && /no healthcheck/.test(e.reason)));
});

test('networks: services that share no network carry no common network label', () => {
  const r = convert('services:\n  a: {image: a, networks: [n1]}\n  b: {image: b, networks: [n1, n2]}\n  c: {image: c, networks: [n2]}\nnetworks: {n1: {}, n2: {}}\n');
  const labels = (n: string): string[] => Object.keys((find(r, 'Deployment', n).spec as { template: { metadata: { labels: object } } }).template.metadata.labels).filter((k) => k.startsWith('network.'));
  assert.deepEqual(labels('a'), ['network.berth.io/n1']);
  assert.deepEqual(labels('c'), ['network.berth.io/n2']);
  const policy = find(r, 'NetworkPolicy', 'network-n1').spec as { podSelector: unknown; ingress: Array<{ from: Array<{ podSelector: unknown }> }> };
  assert.deepEqual(policy.ingress[0]!.from[0]!.podSelector, policy.podSelector);
});

test('ports: a NodePort keeps a host port in 30000-32767; --namespace reaches every object', () => {
  const r = convert('services:\n  web: {image: a, ports: ["30080:80", "8080:81"]}\n', { namespace: 'shop' });
  const ports = (find(r, 'Service', 'web-published').spec as { ports: Array<{ nodePort?: number; port: number }> }).ports;
  assert.deepEqual(ports.map((p) => [p.port, p.nodePort]), [[30080, 30080], [8080, undefined]]);
  assert.ok(r.objects.every((o) => o.metadata.namespace === 'shop'));
  assert.ok(r.report.some((e) => e.key === 'services.web.ports.1' && e.kind === 'changed'));
});

test('environment: a ConfigMap; an unset variable is reported; $( stays literal in args', () => {
  const r = convert('services:\n  app:\n    image: a\n    command: ["echo", "$$(date)"]\n    environment: [A=1, UNSET]\n');
  assert.deepEqual(find(r, 'ConfigMap', 'app-env').data, { A: '1' });
  assert.deepEqual(podOf(find(r, 'Deployment', 'app')).containers[0].args, ['echo', '$$(date)']);
  assert.ok(r.report.some((e) => e.key === 'services.app.environment.UNSET' && e.kind === 'dropped'));
});

test('secrets: content from a variable, mounted at /run/secrets/<name> with its mode', () => {
  const r = convert('services:\n  app:\n    image: a\n    secrets: [{source: token, mode: 0400}]\nsecrets:\n  token: {environment: TOKEN}\n', {}, {}, { TOKEN: 't0k' });
  assert.deepEqual(find(r, 'Secret', 'token').stringData, { token: 't0k' });
  const pod = podOf(find(r, 'Deployment', 'app'));
  assert.deepEqual(pod.containers[0].volumeMounts, [{ name: 'secret-0', mountPath: '/run/secrets/token', subPath: 'token', readOnly: true }]);
  assert.equal(pod.volumes[0].secret.items[0].mode, 0o400);
});

test('volumes: a bind mount is refused unless hostPath is asked for; a claim per named volume', () => {
  const yaml = 'services:\n  app:\n    image: a\n    volumes: [./src:/src, data:/data]\nvolumes: {data: {}}\n';
  const refused = convert(yaml);
  assert.ok(refused.report.some((e) => e.key === 'services.app.volumes.0' && e.kind === 'dropped' && /refused/.test(e.reason)));
  assert.equal(podOf(find(refused, 'Deployment', 'app')).containers[0].volumeMounts.length, 1);
  assert.equal((find(refused, 'Deployment', 'app').spec as { strategy: { type: string } }).strategy.type, 'Recreate');
  const host = convert(yaml, { hostPath: true, volumeSize: '3Gi' });
  assert.equal(podOf(find(host, 'Deployment', 'app')).volumes.find((v: { hostPath?: unknown }) => v.hostPath).hostPath.path, '/p/src');
  assert.equal((find(host, 'PersistentVolumeClaim', 'data').spec as { resources: { requests: { storage: string } } }).resources.requests.storage, '3Gi');
});

test('the validation itself bites: a wrong type and an unknown field are both refused', () => {
  const deployment = (container: Record<string, unknown>): KubeObject => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i', ...container }] } } },
  });
  assertValid([deployment({})], 'good');
  assert.throws(() => assertValid([deployment({ ports: [{ containerPort: '80' }] })], 'type'), /containerPort must be integer/);
  assert.throws(() => assertValid([deployment({ readinesProbe: {} })], 'field'), /spec\.template\.spec\.containers\.0\.readinesProbe/);
});

test('internal networks: a service only on internal networks may reach their members and DNS only', () => {
  const r = convert('services:\n  a: {image: a, networks: [back]}\n  b: {image: b, networks: [back, front]}\nnetworks:\n  back: {internal: true}\n  front: {}\n');
  const egress = (find(r, 'NetworkPolicy', 'a-internal').spec as { egress: Array<{ to: unknown[] }> }).egress;
  assert.deepEqual(egress[0]!.to, [{ podSelector: { matchLabels: { 'network.berth.io/back': 'true' } } }]);
  assert.ok(!r.objects.some((o) => o.metadata.name === 'b-internal'));
  assert.ok(r.report.some((e) => e.key === 'services.b.networks.back' && e.kind === 'changed'));
});

test('depends_on required: false is reported, since the pod waits all the same', () => {
  const r = convert('services:\n  db: {image: a}\n  app:\n    image: b\n    depends_on:\n      db: {condition: service_started, required: false}\n');
  assert.ok(r.report.some((e) => e.key === 'services.app.depends_on.db.required' && e.kind === 'changed'));
});

test('project x-kubernetes.namespace is the default namespace; --namespace wins', () => {
  const yaml = 'x-kubernetes: {namespace: shop}\nservices:\n  app: {image: a}\n';
  assert.ok(convert(yaml).objects.every((o) => o.metadata.namespace === 'shop'));
  assert.ok(convert(yaml, { namespace: 'other' }).objects.every((o) => o.metadata.namespace === 'other'));
});

test('a misspelt x-kubernetes key is reported, not ignored', () => {
  const r = convert('services:\n  app:\n    image: a\n    x-kubernetes:\n      workloads: {}\nvolumes:\n  v:\n    x-kubernetes: {sise: 1Gi}\n');
  assert.deepEqual(r.report.map((e) => [e.key, e.line, e.kind]), [['services.app.x-kubernetes.workloads', 5, 'dropped'], ['volumes.v.x-kubernetes.sise', 8, 'dropped']]);
});

test('network_mode none: a NetworkPolicy that lets nothing in or out, reported as changed', () => {
  const r = convert('services:\n  job:\n    image: a\n    network_mode: none\n');
  assert.deepEqual((find(r, 'NetworkPolicy', 'job-isolated').spec as { policyTypes: string[] }).policyTypes, ['Ingress', 'Egress']);
  assert.deepEqual(r.report.map((e) => [e.key, e.kind]), [['services.job.network_mode', 'changed']]);
});
