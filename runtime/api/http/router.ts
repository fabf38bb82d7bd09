// Method + path pattern → handler. Patterns use `:name` for one segment and `:name*` for the rest
// of a path up to a fixed suffix (image names contain slashes and colons: Docker's mux declares
// them `{name:.*}`). An optional `/vX.Y` prefix selects the API version, as in dockerd.
import { EngineError } from '../../errors';
import { API_VERSION_MAX, checkApiVersion } from '../version';
import type { ApiContext } from './context';

export type Handler = (ctx: ApiContext) => Promise<void> | void;

interface Route {
  method: string;
  regex: RegExp;
  names: string[];
  handler: Handler;
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
  apiVersion: string;
}

const VERSIONED = /^\/v(\d+\.\d+)(\/.*)$/;

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    const names: string[] = [];
    const source = pattern.split('/').map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const greedy = seg.endsWith('*');
      names.push(greedy ? seg.slice(1, -1) : seg.slice(1));
      return greedy ? '(.+)' : '([^/]+)';
    }).join('/');
    this.routes.push({ method, regex: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  get(p: string, h: Handler): this { return this.add('GET', p, h); }
  post(p: string, h: Handler): this { return this.add('POST', p, h); }
  put(p: string, h: Handler): this { return this.add('PUT', p, h); }
  delete(p: string, h: Handler): this { return this.add('DELETE', p, h); }
  head(p: string, h: Handler): this { return this.add('HEAD', p, h); }

  /** Finds the handler; throws NOT_FOUND (404 "page not found", as dockerd) when none matches. */
  match(method: string, rawPath: string): RouteMatch {
    let path = rawPath;
    let apiVersion = API_VERSION_MAX;
    const v = VERSIONED.exec(rawPath);
    if (v) {
      apiVersion = v[1];
      path = v[2];
      checkApiVersion(apiVersion);
    }
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => { params[n] = safeDecode(m[i + 1]); });
      return { handler: r.handler, params, apiVersion };
    }
    throw new EngineError('NOT_FOUND', 'page not found');
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
