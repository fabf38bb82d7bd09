// Test support: every generated object validated against the Kubernetes OpenAPI schemas, through
// kubernetes-models (its classes validate with the schemas of a recent Kubernetes release), and
// checked for fields the API does not define (strict-fields.ts).
import assert from 'node:assert/strict';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { KubeObject } from '../../core/kube/index';
import { modelFile, unknownFields } from './strict-fields';

type Model = new (data: never) => { validate(): void };

const MODELS: Record<string, Model> = {
  'v1/ConfigMap': ConfigMap, 'v1/Secret': Secret, 'v1/Service': Service, 'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim, 'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet, 'apps/v1/DaemonSet': DaemonSet, 'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress, 'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'rbac.authorization.k8s.io/v1/Role': Role, 'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
};

/** Throws, naming the object and the schema's complaint, unless every object validates. */
export function assertValid(objects: KubeObject[], where: string): void {
  const names = new Set<string>();
  for (const o of objects) {
    const id = `${o.apiVersion}/${o.kind}`;
    const Model = MODELS[id];
    assert.ok(Model, `${where}: ${id} has no schema here`);
    try {
      new Model(structuredClone(o) as never).validate();
    } catch (err) {
      assert.fail(`${where}: ${o.kind} ${o.metadata.name}: ${(err as Error).message}`);
    }
    // kubectl apply refuses unknown fields (--validate=strict); the models alone let them pass.
    assert.deepEqual(unknownFields(o, modelFile(o.apiVersion, o.kind)), [], `${where}: ${o.kind} ${o.metadata.name}: unknown fields`);
    assert.match(o.metadata.name, /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, `${where}: ${o.kind} name ${o.metadata.name}`);
    const key = `${o.kind}/${o.metadata.name}`;
    assert.ok(!names.has(key), `${where}: two objects ${key}`);
    names.add(key);
  }
}
