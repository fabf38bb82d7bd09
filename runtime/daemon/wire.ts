// The services berthd serves, adapted to the API's backends. Services land one by one; what is
// not wired yet answers 501 through the API.
import type { Backends } from '../api/backend';
import type { EventLog } from './event-log';

export interface WireOptions {
  root: string;
  events: EventLog;
  log: (line: string) => void;
  now: () => number;
}

export interface WiredServices {
  backends: Omit<Backends, 'system' | 'events'>;
  storageDriver: string;
  close(): Promise<void>;
}

export async function wireServices(_opts: WireOptions): Promise<WiredServices> {
  return { backends: {}, storageDriver: 'overlay2', close: async () => undefined };
}
