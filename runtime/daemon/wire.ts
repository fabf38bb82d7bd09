// The services berthd serves, adapted to the API's backends. Services land one by one; what is
// not wired yet answers 501 through the API.
import type { Backends, EventsBackend } from '../api/backend';
import { EventBus } from '../events/index';
import { ImageService } from '../images/index';
import { createSyscalls } from '../mount/index';
import { imagesBackend } from './images-backend';

export interface WireOptions {
  root: string;
  log: (line: string) => void;
  now: () => number;
}

export interface WiredServices {
  backends: Omit<Backends, 'system'>;
  bus: EventBus;
  storageDriver: string;
  close(): Promise<void>;
}

/** The bus's clock in ns, from the daemon's ms clock. */
function nanos(now: () => number): () => bigint {
  return () => BigInt(Math.round(now() * 1000)) * 1000n;
}

export async function wireServices(opts: WireOptions): Promise<WiredServices> {
  const bus = new EventBus(nanos(opts.now));
  const events: EventsBackend = { subscribe: (fn) => bus.subscribe(fn), recent: () => bus.since(0n) };
  const sys = createSyscalls();
  const images = await ImageService.open({ root: opts.root, sys, now: () => new Date(opts.now()) });
  return {
    backends: { events, images: imagesBackend(images, bus) },
    bus,
    storageDriver: images.snapshotter.name === 'overlayfs' ? 'overlay2' : images.snapshotter.name,
    close: async () => undefined,
  };
}
