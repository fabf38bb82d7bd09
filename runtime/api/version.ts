// The API versions berthd speaks. Clients negotiate from `_ping`'s API-Version header (the docker
// CLI) or `GET /version` (docker-py); versioned paths from MIN to MAX are accepted, as dockerd
// accepts [MinAPIVersion, APIVersion] and answers 400 outside it.
import { EngineError } from '../errors';

export const API_VERSION_MAX = '1.45';
export const API_VERSION_MIN = '1.41';
/** The engine version reported by /version and `berth engine status`. */
export const ENGINE_VERSION = '0.1.0';

export function compareVersions(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** Checks a requested version against the supported range, with dockerd's messages. */
export function checkApiVersion(v: string): void {
  if (compareVersions(v, API_VERSION_MIN) < 0) {
    throw new EngineError('INVALID_ARGUMENT', `client version ${v} is too old. Minimum supported API version is ${API_VERSION_MIN}, please upgrade your client to a newer version`);
  }
  if (compareVersions(v, API_VERSION_MAX) > 0) {
    throw new EngineError('INVALID_ARGUMENT', `client version ${v} is too new. Maximum supported API version is ${API_VERSION_MAX}`);
  }
}
