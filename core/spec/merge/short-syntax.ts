// Just enough of the short volume and port grammars to know an entry's identity while merging
// (the full parsers, producing long syntax, belong to the back half's canonical transform).
import { isMapping } from '../yaml/tree-path';

/** The container path of `[source:]target[:mode]` (compose-go format.ParseVolume). */
export function volumeTarget(spec: string): string {
  // A Windows drive letter ("C:\data:/data") is part of the source, not a separator.
  const drive = /^[a-zA-Z]:[\\/]/.test(spec) ? 2 : 0;
  const parts = [spec.slice(0, drive) + spec.slice(drive).split(':')[0], ...spec.slice(drive).split(':').slice(1)];
  return parts.length === 1 ? parts[0] : parts[1];
}

/** `host_ip:published:target/protocol`, for the short form and the long form alike. */
export function portKey(entry: unknown): string {
  if (typeof entry === 'number') return key('', '', String(entry), '');
  if (isMapping(entry)) {
    const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
    return key(str(entry.host_ip), str(entry.published), str(entry.target), str(entry.protocol));
  }
  if (typeof entry !== 'string') return String(entry);
  const [addr, proto = ''] = splitOnce(entry, '/');
  const m = /^(?:(.+):)?([^:]*):([^:]+)$/.exec(addr);
  if (!m) return key('', '', addr, proto);
  return key((m[1] ?? '').replace(/^\[(.*)\]$/, '$1'), m[2], m[3], proto);
}

function key(hostIp: string, published: string, target: string, protocol: string): string {
  return `${hostIp || '0.0.0.0'}:${published}:${target}/${protocol || 'tcp'}`;
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.lastIndexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}
