// The Debian base image (berth-debian:bookworm) in a test's own engine: scripts/debian-image.sh
// imports the rootfs tar that scripts/setup.sh cached under /var/cache/berth (mmdebstrap, at setup
// time: no test build fetches a package). With an empty cache (a machine where setup did not run)
// the script makes the tar first, from Debian's mirror only.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { E2eEngine, Run } from '../e2e/harness';

export const debianBase = 'berth-debian:bookworm';
const script = fileURLToPath(new URL('../../scripts/debian-image.sh', import.meta.url));

/** Imports the Debian base into `e` (10 minutes allowed: a cold mmdebstrap on a slow mirror). */
export async function importDebianBase(e: E2eEngine): Promise<Run> {
  const r = await e.run([script], { cmd: 'bash', timeoutMs: 600_000 });
  assert.equal(r.code, 0, `scripts/debian-image.sh failed (${r.code}): ${r.stderr}`);
  assert.equal(r.stdout.trim(), debianBase);
  return r;
}
