// NODE_EXTRA_CA_CERTS, set aside by bin/berth's shebang and put back here.
//
// Node 20 reads and parses the NODE_EXTRA_CA_CERTS bundle eagerly at start-up, before any user
// code runs: with this host's /etc/ssl/certs/ca-certificates.crt that is ~40 ms of a 65 ms
// `node -e 0`. The CLI never speaks TLS (it talks HTTP to berthd over a unix socket), so bin/berth
// starts node without the variable (`env -S -u NODE_EXTRA_CA_CERTS
// BERTH_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node`: GNU env expands ${VAR} before -u applies)
// and this puts it back into process.env, so everything the CLI starts (the daemon, which pulls
// from registries over TLS; hooks; containers' helpers) sees the user's environment unchanged.

/** The variable bin/berth's shebang parks NODE_EXTRA_CA_CERTS in. */
export const PARKED_CA_CERTS = 'BERTH_EXTRA_CA_CERTS';

/**
 * Moves BERTH_EXTRA_CA_CERTS back to NODE_EXTRA_CA_CERTS when it is non-empty (the shebang sets it
 * to "" when the user had no NODE_EXTRA_CA_CERTS) and always removes BERTH_EXTRA_CA_CERTS, which
 * the user never set. A NODE_EXTRA_CA_CERTS already present (node started directly, not through
 * the shebang) is left as it is.
 */
export function restoreExtraCaCerts(env: NodeJS.ProcessEnv): void {
  const parked = env[PARKED_CA_CERTS];
  if (parked === undefined) return;
  delete env[PARKED_CA_CERTS];
  if (parked !== '' && env.NODE_EXTRA_CA_CERTS === undefined) env.NODE_EXTRA_CA_CERTS = parked;
}
