// The PATH a process gets when its image sets none: Docker's (and BuildKit's) default, for
// containers, RUN steps and the config of an imported rootfs alike.
export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** `env` with the default PATH first when it has none. */
export function withDefaultPath(env: readonly string[]): string[] {
  return env.some((e) => e.startsWith('PATH=')) ? [...env] : [DEFAULT_PATH_ENV, ...env];
}
