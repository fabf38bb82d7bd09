// Every manifest the converter generates validates against the Kubernetes OpenAPI schemas
// (kubernetes-models), for every example of examples/ and every valid case of the shared compose
// corpus (../shared/compose-corpus, as test/conformance reads it), with each --publish-as, and
// every report entry names a compose key with its file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseHost, caseOptions, corpusDir, readCase } from '../../core/host/corpus';
import { createFsHost } from '../../core/host/fs-host';
import { loadProject, type Project } from '../../core/spec/index';
import { convertProject, type KubeHost, type PublishAs } from '../../core/kube/index';
import { prepared } from '../conformance/corpus-case';
import { assertValid } from './validate';

const fileHost: KubeHost = { readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

function check(project: Project, where: string): void {
  for (const publishAs of ['nodeport', 'loadbalancer', 'ingress'] as PublishAs[]) {
    const r = convertProject(project, { publishAs, hostPath: true, namespace: 'berth-test' }, fileHost);
    assertValid(r.objects, `${where} (--publish-as ${publishAs})`);
    assert.ok(r.objects.length > 0 || Object.keys(project.services).length === 0, `${where}: no objects`);
    for (const e of r.report) {
      assert.ok(e.file && e.line && e.line > 0, `${where}: ${e.key} has no file:line`);
      assert.ok(e.reason.length > 0, `${where}: ${e.key} has no reason`);
    }
  }
}

for (const name of readdirSync(examples).filter((n) => existsSync(join(examples, n, 'compose.yaml'))).sort()) {
  test(`convert validates: examples/${name}`, () => {
    const dir = join(examples, name);
    const project = loadProject({ files: [join(dir, 'compose.yaml')] }, createFsHost({ HOME: '/root' }, dir));
    check(project, `examples/${name}`);
  });
}

/**
 * The case as a Project: the full loader, or without the consistency checks for the cases that are
 * valid only at an earlier stage (cg-full-example sets network_mode beside networks); undefined for
 * the table cases (dotenv, interpolation) that hold no compose file.
 */
function caseProject(id: string): Project | undefined {
  const c = prepared(readCase(id));
  if (c.expect !== 'valid') return undefined;
  for (const skipConsistency of [false, true]) {
    try {
      return loadProject({ ...caseOptions(c), skipConsistency }, caseHost(c));
    } catch {
      // try the next way, or skip the case
    }
  }
  return undefined;
}

test('convert validates: every valid case of the compose corpus', () => {
  const ids = readdirSync(corpusDir()).filter((id) => existsSync(join(corpusDir(), id, 'case.json'))).sort();
  let converted = 0;
  for (const id of ids) {
    const project = caseProject(id);
    if (!project) continue;
    check(project, `corpus/${id}`);
    converted++;
  }
  assert.ok(converted >= 50, `only ${converted} corpus cases converted`);
});
