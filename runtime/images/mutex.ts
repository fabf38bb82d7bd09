// A promise-chain mutex: record updates (tag moves, deletes, GC) run one at a time within one
// engine, so a name never points at two images and GC never races a half-written record.
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
