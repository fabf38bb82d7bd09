// Objects as YAML: one multi-document stream for stdout, or one file per object for -o DIR.
import { stringify } from 'yaml';
import type { KubeObject } from './types';

export function toYamlStream(objects: KubeObject[]): string {
  return objects.map((o) => `---\n${objectYaml(o)}`).join('');
}

export function objectYaml(o: KubeObject): string {
  // No line folding and no anchors: what kubectl reads back is exactly what was generated.
  return stringify(o, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** `<kind>-<name>.yaml`, lowercase: unique, since names are unique per kind. */
export function fileNameOf(o: KubeObject): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
}
