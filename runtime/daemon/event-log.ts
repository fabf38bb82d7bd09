// The daemon's event stream as the API serves it: a bounded history (for `/events?since=`) and
// live subscribers. Services' own event buses are forwarded into it by the wiring.
import type { EventsBackend } from '../api/backend';
import type { EventMessage } from '../api/types';

export class EventLog implements EventsBackend {
  private readonly history: EventMessage[] = [];
  private readonly listeners = new Set<(e: EventMessage) => void>();

  constructor(private readonly now: () => number, private readonly keep = 1000) {}

  /** Records an event, filling Docker's time fields and the deprecated status/id/from ones. */
  publish(type: EventMessage['Type'], action: string, id: string, attributes: Record<string, string> = {}): EventMessage {
    const ms = this.now();
    const e: EventMessage = {
      Type: type, Action: action, Actor: { ID: id, Attributes: attributes }, scope: 'local',
      time: Math.floor(ms / 1000), timeNano: Math.round(ms * 1e6),
    };
    if (type === 'container' || type === 'image') {
      e.status = action;
      e.id = id;
      if (attributes.image) e.from = attributes.image;
    }
    this.push(e);
    return e;
  }

  /** Records an event already in Docker's shape. */
  push(e: EventMessage): void {
    this.history.push(e);
    if (this.history.length > this.keep) this.history.shift();
    for (const l of this.listeners) {
      try { l(e); } catch { /* a failing subscriber must not break the others */ }
    }
  }

  subscribe(listener: (e: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  recent(): EventMessage[] {
    return [...this.history];
  }
}
