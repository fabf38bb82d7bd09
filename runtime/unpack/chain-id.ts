// Chain ids, as the OCI image spec defines them: ChainID(L0) = DiffID(L0),
// ChainID(L0..n) = sha256(ChainID(L0..n-1) + " " + DiffID(Ln)). A chain id names a whole layer
// stack, so two images sharing their first layers share those snapshots.
import { createHash } from 'node:crypto';

export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? d : `sha256:${createHash('sha256').update(`${prev} ${d}`).digest('hex')}`);
  }
  return out;
}
