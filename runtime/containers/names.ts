// Container ids and names, as Docker makes them: a 64-hex id (12 shown), a name that is either
// given ([a-zA-Z0-9][a-zA-Z0-9_.-]+) or generated as adjective_surname.
import { randomBytes } from 'node:crypto';
import { EngineError } from '../errors';

export const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function newContainerId(random: (n: number) => Buffer = randomBytes): string {
  return random(32).toString('hex');
}

const ADJECTIVES = ['brave', 'calm', 'eager', 'fond', 'gentle', 'happy', 'jolly', 'keen', 'lucid', 'merry', 'nifty', 'proud', 'quirky', 'serene', 'sharp', 'tender', 'upbeat', 'vivid', 'witty', 'zealous'];
const SURNAMES = ['babbage', 'curie', 'darwin', 'euler', 'fermat', 'gauss', 'hopper', 'hypatia', 'kepler', 'lamarr', 'lovelace', 'meitner', 'noether', 'pascal', 'ritchie', 'shannon', 'thompson', 'turing', 'volta', 'wozniak'];

export function generateName(taken: (name: string) => boolean, random: (n: number) => Buffer = randomBytes): string {
  for (let i = 0; i < 100; i++) {
    const [a, b, c] = random(3);
    const name = `${ADJECTIVES[a % ADJECTIVES.length]}_${SURNAMES[b % SURNAMES.length]}${i > 10 ? c : ''}`;
    if (!taken(name)) return name;
  }
  return `berth_${random(6).toString('hex')}`;
}

export function validateName(name: string): string {
  if (!NAME_RE.test(name)) throw new EngineError('INVALID_ARGUMENT', `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  return name.replace(/^\//, '');
}

/**
 * Finds a container the way Docker does: exact id, exact name (with or without "/"), then a
 * unique id prefix. An ambiguous prefix is an error, not a guess.
 */
export function lookup<T extends { id: string; name: string }>(all: readonly T[], ref: string): T {
  const r = ref.replace(/^\//, '');
  const exact = all.find((c) => c.id === r) ?? all.find((c) => c.name === r);
  if (exact) return exact;
  const byPrefix = r.length > 0 ? all.filter((c) => c.id.startsWith(r)) : [];
  if (byPrefix.length === 1) return byPrefix[0];
  if (byPrefix.length > 1) throw new EngineError('INVALID_ARGUMENT', `multiple IDs found with provided prefix: ${ref}`);
  throw new EngineError('NOT_FOUND', `No such container: ${ref}`);
}

/**
 * Names being created right now. A create checks the records, then awaits (image resolve, rootfs,
 * mounts) before its record exists: without a hold taken at the check, two concurrent creates of
 * one name both pass it. The hold is synchronous, so the loser of a race sees it (409).
 */
export class NameReservations {
  private readonly held = new Set<string>();

  has(name: string): boolean {
    return this.held.has(name);
  }

  /** Holds `name` until the returned release runs; CONFLICT when a create already holds it. */
  hold(name: string): () => void {
    if (this.held.has(name)) throw nameConflict(name, 'a container being created');
    this.held.add(name);
    return () => { this.held.delete(name); };
  }
}

/** Docker's message for a name in use (daemon/names.go). */
export function nameConflict(name: string, owner: string): EngineError {
  return new EngineError('CONFLICT', `Conflict. The container name "/${name}" is already in use by ${owner}. You have to remove (or rename) that container to be able to reuse that name.`);
}
