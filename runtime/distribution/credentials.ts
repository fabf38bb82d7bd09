// What a caller authenticates with, as the Docker API carries it (X-Registry-Auth, POST /auth):
// a user name and password, an identity (refresh) token from an earlier login, or a ready
// registry token. Decoded from the header's base64url JSON; a malformed header is an error
// rather than an anonymous pull, so a typo in a client never silently drops credentials.
import { EngineError } from '../errors';

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (Docker's IdentityToken). */
  identityToken?: string;
  /** A bearer token to send as is (Docker's RegistryToken). */
  registryToken?: string;
  serverAddress?: string;
}

interface AuthConfigJson {
  username?: unknown; password?: unknown; identitytoken?: unknown; registrytoken?: unknown; serveraddress?: unknown;
  auth?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The API's AuthConfig (any key case, as Go's JSON decoder matches them). */
export function credentialsFromJson(value: unknown): RegistryCredentials {
  if (typeof value !== 'object' || value === null) return {};
  const lower: AuthConfigJson = {};
  for (const [k, v] of Object.entries(value)) (lower as Record<string, unknown>)[k.toLowerCase()] = v;
  const creds: RegistryCredentials = {
    username: str(lower.username), password: str(lower.password), identityToken: str(lower.identitytoken),
    registryToken: str(lower.registrytoken), serverAddress: str(lower.serveraddress),
  };
  const auth = str(lower.auth);
  if (auth && !creds.username) {
    const plain = Buffer.from(auth, 'base64').toString('utf8');
    const i = plain.indexOf(':');
    if (i > 0) Object.assign(creds, { username: plain.slice(0, i), password: plain.slice(i + 1) });
  }
  return creds;
}

/** X-Registry-Auth: base64url (or std base64) of the AuthConfig JSON; absent or "{}" → anonymous. */
export function decodeRegistryAuth(header: string | undefined): RegistryCredentials {
  if (header === undefined || header.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(header.trim(), 'base64url').toString('utf8'));
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', 'X-Registry-Auth is not base64 JSON', { cause: err });
  }
  return credentialsFromJson(json);
}

export function hasCredentials(c: RegistryCredentials): boolean {
  return !!(c.username || c.identityToken || c.registryToken);
}
