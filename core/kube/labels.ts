// Compose labels and annotations as Kubernetes metadata. A compose label whose key and value a
// Kubernetes label accepts stays a label; any other becomes an annotation (values there are free).
import { isLabelValue, isQualifiedName } from './names';
import type { ServiceScope } from './scope';

export interface Metadata {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function composeMetadata(s: ServiceScope, labels: Record<string, string> | undefined, path: Array<string | number>): Metadata {
  const out: Metadata = { labels: {}, annotations: {} };
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (!isQualifiedName(k)) s.report.dropped([...path, k], 'not a valid Kubernetes label or annotation key');
    else if (isLabelValue(v)) out.labels[k] = v;
    else {
      s.report.changed([...path, k], 'the value is not a valid Kubernetes label value: kept as an annotation');
      out.annotations[k] = v;
    }
  }
  return out;
}

export function annotations(s: ServiceScope): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.svc.annotations ?? {})) {
    if (isQualifiedName(k)) out[k] = v;
    else s.report.dropped([...s.path, 'annotations', k], 'not a valid Kubernetes annotation key');
  }
  return out;
}
