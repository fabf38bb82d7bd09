// A device mapping, `SRC[:DST][:PERMS]` as docker/cli's parseDevice and compose-go read it (with
// two parts the second is the permissions when it is only r, w and m, else the container path;
// permissions default to rwm), or compose's long form {source, target, permissions}.
import type { HostConfig } from '../../runtime/api/types';
import { CoreError } from '../errors';

export type DeviceMapping = NonNullable<HostConfig['Devices']>[number];

const isPerms = (p: string | undefined): p is string => p !== undefined && /^[rwm]{1,3}$/.test(p);

export function parseDevice(v: string): DeviceMapping {
  const parts = v.split(':');
  if (parts.length > 3 || parts[0] === '') throw new CoreError('INVALID_ARGUMENT', `invalid device specification: ${v}`);
  const [src, second, third] = parts as [string, string | undefined, string | undefined];
  const permsOnly = parts.length === 2 && isPerms(second);
  const dst = second !== undefined && !permsOnly ? second : src;
  const mode = parts.length === 3 ? third : permsOnly ? second : 'rwm';
  if (!isPerms(mode)) throw new CoreError('INVALID_ARGUMENT', `invalid device mode: ${mode ?? ''}`);
  return { PathOnHost: src, PathInContainer: dst, CgroupPermissions: mode };
}

/** compose `devices:`: short strings or {source, target, permissions}. */
export function composeDevices(raw: unknown): DeviceMapping[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((d: unknown) => {
    if (typeof d === 'string') return parseDevice(d);
    const o = d as { source?: string; target?: string; permissions?: string };
    return parseDevice([o.source ?? '', o.target ?? o.source ?? '', o.permissions ?? 'rwm'].join(':'));
  });
}
