// Host veths of released sandboxes, from the release until the kernel has freed them.
// A release drops the container's namespace instead of deleting each host veth: a synchronous
// delete waited 15-40 ms of RCU grace periods per endpoint on the event loop. Once its last
// reference is gone the kernel destroys the namespace on its cleanup_net workqueue, and a veth
// inside takes its host peer along (veth_dellink unregisters both ends), batched for every
// namespace dying at that moment (10 sandboxes: ~40 ms, off the loop).
// Until then the names stay taken (a new endpoint must not pick one: EEXIST), and so, as the
// allocator's last choice, do their addresses (the old end is still on the bridge with that IP).
// A namespace something still holds (a process that escaped the container's cleanup, a joined
// container, an open fd) would keep its host veth on the bridge: past `graceMs` it is deleted
// here, with the kernel's wait off the loop too.
import { setTimeout as sleep } from 'node:timers/promises';

export interface DyingLink {
  name: string;
  networkId: string;
  ip: string;
}

export interface DyingLinksOps {
  /** Whether the link is still there (e.g. /sys/class/net/<name>). */
  exists(name: string): Promise<boolean>;
  /** Deletes it (a no-op when it is gone). */
  remove(name: string): Promise<void>;
  /** Milliseconds, monotonic. */
  now(): number;
}

export class DyingLinks {
  private readonly links = new Map<string, DyingLink & { since: number }>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  /**
   * pollMs paces the background sweep; settlePollMs a settle, which someone waits for (a network
   * removal: `down`), so it looks often; each look is a stat per link.
   */
  constructor(private readonly ops: DyingLinksOps, private readonly graceMs = 3000, private readonly pollMs = 50, private readonly settlePollMs = 3) {}

  add(links: DyingLink[]): void {
    const since = this.ops.now();
    for (const l of links) this.links.set(l.name, { ...l, since });
    this.schedule();
  }

  has(name: string): boolean {
    return this.links.has(name);
  }

  /** Names of one network's links still pending. */
  names(networkId: string): string[] {
    return [...this.links.values()].filter((l) => l.networkId === networkId).map((l) => l.name);
  }

  get size(): number {
    return this.links.size;
  }

  /** Addresses on the network whose old veth may still be on its bridge. */
  ips(networkId: string): string[] {
    return [...this.links.values()].filter((l) => l.networkId === networkId).map((l) => l.ip);
  }

  /**
   * Waits (bounded by graceMs) for the kernel to free every link (of one network, when given),
   * then deletes what is left of them.
   */
  async settle(networkId?: string): Promise<void> {
    const mine = (l: DyingLink) => networkId === undefined || l.networkId === networkId;
    const pending = () => [...this.links.values()].some(mine);
    const end = this.ops.now() + this.graceMs;
    while (pending() && this.ops.now() < end) {
      await this.sweepOnce(false);
      if (pending()) await sleep(this.settlePollMs);
    }
    if (pending()) await this.sweepOnce(true, mine);
  }

  /** Polls while anything is pending; the timer does not keep the process alive. */
  private schedule(): void {
    if (this.timer || this.links.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sweepOnce(false).finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }

  /** One pass (never two at once): forget what the kernel freed, delete what outlived graceMs (or `which`, forced). */
  private async sweepOnce(force: boolean, which: (l: DyingLink) => boolean = () => true): Promise<void> {
    while (this.sweeping) await this.sweeping;
    this.sweeping = this.sweep(force, which).finally(() => {
      this.sweeping = undefined;
    });
    await this.sweeping;
  }

  private async sweep(force: boolean, which: (l: DyingLink) => boolean): Promise<void> {
    const now = this.ops.now();
    await Promise.all([...this.links.values()].filter(which).map(async (l) => {
      if (await this.ops.exists(l.name)) {
        if (!force && now - l.since < this.graceMs) return;
        // Best effort: a failure here leaves the link to a later reset's leftover sweep.
        await this.ops.remove(l.name).catch(() => undefined);
      }
      this.links.delete(l.name);
    }));
  }
}
