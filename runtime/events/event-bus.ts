// The engine's in-process event bus, streamed by the API as Docker's GET /events. Keeps a bounded
// history so `--since` can replay, as dockerd's events.Events does (it keeps the last 256).
import type { EventMessage } from '../api/types';

export type EventType = EventMessage['Type'];

export interface EventInput {
  Type: EventType;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
}

/** Docker's event filters: type, event (action), container/image/network/volume (id or name), label. */
export type EventFilters = Record<string, string[]>;

export type EventListener = (ev: EventMessage) => void;

export function matchesFilters(ev: EventMessage, filters: EventFilters = {}): boolean {
  const any = (key: string, test: (v: string) => boolean): boolean => !filters[key]?.length || filters[key].some(test);
  const attrs = ev.Actor.Attributes;
  const actorMatch = (v: string): boolean => ev.Actor.ID === v || ev.Actor.ID.startsWith(v) || attrs.name === v;
  return any('type', (v) => v === ev.Type)
    && any('event', (v) => v === ev.Action || ev.Action.startsWith(`${v}:`))
    && any('container', (v) => ev.Type === 'container' && actorMatch(v))
    && any('image', (v) => ev.Type === 'image' ? actorMatch(v) : attrs.image === v)
    && any('network', (v) => ev.Type === 'network' && actorMatch(v))
    && any('volume', (v) => ev.Type === 'volume' && actorMatch(v))
    && any('label', (v) => { const [k, val] = v.split('=', 2); return val === undefined ? k in attrs : attrs[k] === val; });
}

export class EventBus {
  private readonly listeners = new Set<{ fn: EventListener; filters?: EventFilters }>();
  private readonly history: EventMessage[] = [];

  /** `nowNs` gives the time in ns since the epoch (injected: tests run on a fake clock). */
  constructor(private readonly nowNs: () => bigint, private readonly keep = 256) {}

  publish(input: EventInput): EventMessage {
    const timeNano = this.nowNs();
    const attributes = input.Actor.Attributes ?? {};
    const ev: EventMessage = {
      Type: input.Type,
      Action: input.Action,
      Actor: { ID: input.Actor.ID, Attributes: attributes },
      scope: 'local',
      time: Number(timeNano / 1_000_000_000n),
      timeNano: Number(timeNano),
    };
    // The deprecated top-level fields docker-compose v1 still reads, as dockerd sends them.
    if (input.Type === 'container') { ev.status = input.Action; ev.id = input.Actor.ID; if (attributes.image) ev.from = attributes.image; }
    this.history.push(ev);
    if (this.history.length > this.keep) this.history.shift();
    for (const l of this.listeners) if (matchesFilters(ev, l.filters)) l.fn(ev);
    return ev;
  }

  /** Past events in [sinceNs, untilNs) that match, oldest first. */
  since(sinceNs: bigint, filters?: EventFilters, untilNs?: bigint): EventMessage[] {
    return this.history.filter((e) => BigInt(e.timeNano) >= sinceNs && (untilNs === undefined || BigInt(e.timeNano) < untilNs) && matchesFilters(e, filters));
  }

  /** Calls `fn` for each future matching event; returns the unsubscribe function. */
  subscribe(fn: EventListener, filters?: EventFilters): () => void {
    const entry = { fn, filters };
    this.listeners.add(entry);
    return () => { this.listeners.delete(entry); };
  }

  get listenerCount(): number { return this.listeners.size; }
}
