// Names and labels as Kubernetes accepts them. Compose names allow `_` and `.` and capitals;
// object names of Services and Pods must be RFC 1123 labels (lowercase, digits, '-', <= 63).

/**
 * A compose name as an RFC 1035 label (what a Service name must be, and so every name here):
 * lowercase, [._] as '-', starting with a letter ('s-' before a leading digit), <= 63 characters.
 */
export function dnsLabel(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const lettered = /^[0-9]/.test(s) ? `s-${s}` : s;
  return (lettered.slice(0, 63).replace(/-+$/, '') || 'x');
}

/** `<prefix>-<suffix>` kept a valid label (the suffix survives a long prefix). */
export function childName(prefix: string, suffix: string): string {
  const tail = `-${dnsLabel(suffix)}`;
  return `${prefix.slice(0, 63 - tail.length).replace(/-+$/, '')}${tail}`;
}

const QUALIFIED = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** A key valid for labels and annotations (an optional DNS-subdomain prefix, then a name <= 63). */
export function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  return QUALIFIED.test(key) && (slash === -1 || slash <= 253);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** The labels that select one service's pods (as the recommended app.kubernetes.io labels). */
export function selectorLabels(project: string, service: string): Record<string, string> {
  return { 'app.kubernetes.io/name': dnsLabel(service), 'app.kubernetes.io/part-of': dnsLabel(project) };
}

/** The pod label that marks membership of one compose network (NetworkPolicies select on it). */
export function networkLabel(network: string): string {
  return `network.berth.io/${dnsLabel(network)}`;
}

/** A ConfigMap or Secret data key: [-._a-zA-Z0-9]+ */
export function dataKey(name: string): string {
  return name.replace(/[^-._a-zA-Z0-9]+/g, '_') || 'content';
}

export function isDataKey(name: string): boolean {
  return /^[-._a-zA-Z0-9]+$/.test(name) && name.length <= 253;
}
