// A small reserve of ready network namespaces (loopback up). Creating a netns is the slowest step
// of an attach here (`ip netns add` builds the namespace and its bind mount: 4-14 ms measured), so
// one is made in the background ahead of need and prepareNetwork only adds the veth. Spares carry
// the service's prefix; reset/close delete them, and open() deletes any a crash left behind.
import { readdir } from 'node:fs/promises';

export class NetnsPool {
  private spares: string[] = [];
  private filling: Promise<void> | undefined;

  /** `prefix` should name this engine instance (see context.ts: prefix + a tag of the state root). */
  constructor(
    private readonly prefix: string,
    private readonly randomHex: (bytes: number) => string,
    private readonly ops: { create(name: string): Promise<void>; remove(name: string): Promise<void> },
    private readonly size = 1,
  ) {}

  private async create(): Promise<string> {
    const name = `${this.prefix}-${this.randomHex(8)}`;
    await this.ops.create(name);
    return name;
  }

  /** A ready namespace: a spare if one is there, else a new one. The caller calls refill() later. */
  async take(): Promise<string> {
    return this.spares.shift() ?? (await this.create());
  }

  refill(): void {
    if (this.filling) return;
    this.filling = (async () => {
      while (this.spares.length < this.size) this.spares.push(await this.create());
    })()
      .catch(() => undefined)
      .finally(() => {
        this.filling = undefined;
      });
  }

  /** Deletes the spares (after any refill in flight). */
  async drain(): Promise<void> {
    while (this.filling) await this.filling;
    for (const n of this.spares.splice(0)) await this.ops.remove(n);
  }

  /** engine reset: every namespace whose name starts with `prefix` (any state root's), spares aside. */
  async sweepPrefix(prefix: string): Promise<void> {
    const names = await readdir('/run/netns').catch(() => [] as string[]);
    for (const n of names) {
      if (n.startsWith(prefix) && !this.spares.includes(n)) await this.ops.remove(n).catch(() => undefined);
    }
  }

  /** Deletes namespaces with this prefix that no record names (spares of a crashed engine). */
  async sweep(inUse: Set<string>): Promise<void> {
    const names = await readdir('/run/netns').catch(() => [] as string[]);
    for (const n of names) {
      if (n.startsWith(`${this.prefix}-`) && !inUse.has(n) && !this.spares.includes(n)) await this.ops.remove(n);
    }
  }
}
