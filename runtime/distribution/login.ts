// `docker login` as dockerd's registry service does it (registry/auth.go loginV2): ping /v2/,
// then prove the credentials in the registry's own scheme: Basic on /v2/, or a token from the
// token service (asked for offline, so a registry that grants a refresh token returns one, which
// the CLI then stores as the identity token instead of the password).
import { EngineError } from '../errors';
import type { RegistryCredentials } from './credentials';
import { RegistrySession, type SessionDeps } from './session';
import { readCapped } from './tokens';

export interface LoginResult { status: 'Login Succeeded'; identityToken?: string }

/** docker.io for Docker Hub's addresses; otherwise host[:port] of whatever form was given. */
export function registryDomain(serverAddress: string | undefined): string {
  const raw = (serverAddress ?? '').trim();
  if (raw === '') return 'docker.io';
  const host = raw.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  if (host === '' || host === 'index.docker.io' || host === 'registry-1.docker.io' || host === 'docker.io') return 'docker.io';
  if (!/^[a-z0-9.-]+(:\d+)?$|^\[[a-f0-9:]+\](:\d+)?$/.test(host)) throw new EngineError('INVALID_ARGUMENT', `invalid registry address "${serverAddress}"`);
  return host;
}

export async function login(deps: SessionDeps, creds: RegistryCredentials): Promise<LoginResult> {
  const domain = registryDomain(creds.serverAddress);
  if (!creds.username && !creds.identityToken) throw new EngineError('INVALID_ARGUMENT', 'login needs a username and password');
  const s = await RegistrySession.open(deps, domain, creds, 'push');
  if (s.authScheme === 'bearer') {
    const t = await s.token([], true).catch((err: unknown) => {
      throw new EngineError('FAILED_PRECONDITION', `login to ${domain} failed: ${(err as Error).message}`, { cause: err });
    });
    return { status: 'Login Succeeded', identityToken: t.refreshToken };
  }
  const res = await s.send({ method: 'GET', path: '/v2/', scopes: [] });
  const body = await readCapped(res.body, 64 * 1024).catch(() => '');
  if (res.status === 200) return { status: 'Login Succeeded' };
  if (res.status === 401 || res.status === 403) throw new EngineError('FAILED_PRECONDITION', `login to ${domain} failed: unauthorized: incorrect username or password`);
  throw new EngineError('UNAVAILABLE', `login to ${domain} failed: registry answered ${res.status} ${body.slice(0, 200)}`);
}
