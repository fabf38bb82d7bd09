// `berth volume create` flags → the API body, as docker/cli's volume create builds it.
import type { VolumeCreateRequest } from '../../runtime/api/types';
import { CoreError } from '../../core/errors';
import { list, str, type FlagSpec, type FlagValues } from './engine-args';
import { keyValues } from './kv-flags';

export const CREATE_FLAGS: Record<string, FlagSpec> = {
  driver: { short: 'd', type: 'string' }, opt: { short: 'o', type: 'list' }, label: { type: 'list' }, name: { type: 'string' },
};

/** NAME may come as the positional or as the older `--name`; both at once must agree, as docker. */
export function volumeCreateRequest(positionals: string[], f: FlagValues): VolumeCreateRequest {
  if (positionals.length > 1) throw new CoreError('INVALID_ARGUMENT', '"volume create" requires at most 1 argument');
  const byFlag = str(f, 'name');
  const name = positionals[0] ?? byFlag;
  if (byFlag && positionals[0] && byFlag !== positionals[0]) {
    throw new CoreError('INVALID_ARGUMENT', `conflicting options: either specify --name or provide positional arg, not both`);
  }
  return { Name: name, Driver: str(f, 'driver') ?? 'local', DriverOpts: keyValues(list(f, 'opt')), Labels: keyValues(list(f, 'label')) };
}
