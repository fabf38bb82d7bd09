// Blob ingests whose digest is unknown until hashed race GC: the blob appears in the store
// before the load can lease it. Ingests hold the gate shared; GC holds it exclusive, waiting for
// running ingests and holding new ones back, as containerd's GC takes its lock over ingests.
export class GcGate {
  private active = 0;
  private drained: (() => void) | undefined;
  private closed: Promise<void> | undefined;

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      if (this.active === 0) this.drained?.();
    }
  }

  /** One exclusive holder at a time is the caller's job (GC runs under the record lock). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    let open!: () => void;
    this.closed = new Promise((r) => { open = r; });
    try {
      if (this.active > 0) await new Promise<void>((r) => { this.drained = r; });
      this.drained = undefined;
      return await fn();
    } finally {
      this.closed = undefined;
      open();
    }
  }
}
