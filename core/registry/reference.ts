// The registry of an image reference, as distribution/reference splits it (the engine parses
// references fully; the CLI only needs the domain to pick credentials): a first path component
// with "." or ":" or equal to "localhost" is a registry; anything else lives on docker.io.
export const DOCKER_HUB = 'docker.io';
/** The key Docker Hub's credentials are stored under in config.json and credential helpers. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

export function registryOf(image: string): string {
  const name = image.split('@')[0];
  const i = name.indexOf('/');
  if (i < 0) return DOCKER_HUB;
  const first = name.slice(0, i);
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return DOCKER_HUB;
  return first === 'index.docker.io' ? DOCKER_HUB : first;
}

/** host[:port] of what `login` was given (a URL, a host, nothing for Docker Hub). */
export function serverHost(server: string | undefined): string {
  const raw = (server ?? '').trim();
  if (raw === '') return DOCKER_HUB;
  const host = raw.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return ['index.docker.io', 'registry-1.docker.io', 'docker.io', ''].includes(host) ? DOCKER_HUB : host;
}
