// Whether a service asks for stable storage (a StatefulSet): `x-kubernetes: {controller: statefulset}`.
import { xKubernetes } from './merge';

export function wantsStatefulSetOf(svc: unknown): boolean {
  return String(xKubernetes(svc).controller ?? '').toLowerCase() === 'statefulset';
}
