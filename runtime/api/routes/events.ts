// GET /events: newline-delimited EventMessage objects, past ones from `since` first, then live
// ones until `until` or until the client goes away. Filters as dockerd's (daemon/events/filter.go):
// type, event/action, container, image, network, volume (id or name), label (key or key=value).
import type { Router } from '../http/router';
import type { ApiContext } from '../http/context';
import { parseFilters, type Filters } from '../http/query';
import { writeJsonLine } from '../json-stream';
import type { Backends } from '../backend';
import type { EventMessage } from '../types';
import { EngineError } from '../../errors';

export function addEventRoutes(r: Router, b: Backends, now: () => number): void {
  r.get('/events', (ctx) => streamEvents(ctx, b, now));
}

async function streamEvents(ctx: ApiContext, b: Backends, now: () => number): Promise<void> {
  const filters = parseFilters(ctx.query.get('filters'));
  const since = parseTime(ctx.query.get('since'), now);
  const until = parseTime(ctx.query.get('until'), now);
  const match = (e: EventMessage): boolean => eventMatches(e, filters) &&
    (since === undefined || e.timeNano >= since) && (until === undefined || e.timeNano <= until);
  const out = ctx.stream('application/json');
  if (since !== undefined) for (const e of b.events.recent?.() ?? []) if (match(e)) writeJsonLine(out, e);
  if (until !== undefined && until <= now() * 1e6) { out.end(); return; }
  await new Promise<void>((resolve) => {
    const unsubscribe = b.events.subscribe((e) => { if (match(e)) writeJsonLine(out, e); });
    const finish = (): void => { unsubscribe(); clearTimeout(timer); resolve(); };
    const timer = until === undefined ? undefined : setTimeout(() => { finish(); out.end(); }, until / 1e6 - now());
    ctx.onClose(finish);
  });
}

/** Unix seconds (fractional allowed) or RFC3339, as nanoseconds; relative durations ("10m") too. */
export function parseTime(v: string | null, now: () => number): number | undefined {
  if (v === null || v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1e9);
  const rel = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(v);
  if (rel) {
    const ms = Number(rel[1]) * { ms: 1, s: 1e3, m: 6e4, h: 3.6e6 }[rel[2] as 'ms' | 's' | 'm' | 'h'];
    return Math.round((now() - ms) * 1e6);
  }
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new EngineError('INVALID_ARGUMENT', `invalid timestamp "${v}"`);
  return t * 1e6;
}

export function eventMatches(e: EventMessage, f: Filters): boolean {
  const any = (key: string, test: (v: string) => boolean): boolean => !f[key]?.length || f[key].some(test);
  const attrs = e.Actor.Attributes;
  const actorIs = (type: string) => (v: string): boolean =>
    e.Type === type && (e.Actor.ID === v || e.Actor.ID.startsWith(v) || attrs.name === v);
  return any('type', (v) => e.Type === v) &&
    any('event', (v) => e.Action === v || e.Action.startsWith(`${v}:`)) &&
    any('action', (v) => e.Action === v) &&
    any('container', actorIs('container')) &&
    any('network', actorIs('network')) &&
    any('volume', actorIs('volume')) &&
    any('image', (v) => (e.Type === 'image' && (e.Actor.ID === v || attrs.name === v)) || attrs.image === v) &&
    any('label', (v) => {
      const i = v.indexOf('=');
      return i < 0 ? v in attrs : attrs[v.slice(0, i)] === v.slice(i + 1);
    });
}
