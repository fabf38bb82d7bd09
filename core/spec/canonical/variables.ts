// `config --variables`: every variable the compose files use, with its default, alternate value
// and whether it is required, as compose-go template.ExtractVariables reports them from the
// merged model read without interpolation.

export interface Variable {
  Name: string;
  DefaultValue: string;
  PresenceValue: string;
  Required: boolean;
}

function closing(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(body: string, out: Map<string, Variable>): void {
  const m = /^([_a-zA-Z][_a-zA-Z0-9]*)(:?[-?+])?([\s\S]*)$/.exec(body);
  if (!m) return;
  const [, name, op, word] = m as unknown as [string, string, string | undefined, string];
  const v: Variable = { Name: name, DefaultValue: '', PresenceValue: '', Required: false };
  if (op?.endsWith('-')) v.DefaultValue = word;
  else if (op?.endsWith('?')) v.Required = true;
  else if (op?.endsWith('+')) v.PresenceValue = word;
  if (!out.has(name) || v.DefaultValue || v.PresenceValue || v.Required) out.set(name, v);
  // The word is a template too (`${A:-${B}}` uses B).
  if (op) scan(word, out);
}

function scan(text: string, out: Map<string, Variable>): void {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    const next = text[i + 1];
    if (next === '$') { i++; continue; }
    if (next === '{') {
      const end = closing(text, i + 2);
      if (end < 0) return;
      braced(text.slice(i + 2, end), out);
      i = end;
      continue;
    }
    const m = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(text.slice(i + 1));
    if (m && !out.has(m[0])) out.set(m[0], { Name: m[0], DefaultValue: '', PresenceValue: '', Required: false });
  }
}

/** Variables used by the string values of an uninterpolated tree, keyed by name, sorted. */
export function extractVariables(tree: unknown): Record<string, Variable> {
  const out = new Map<string, Variable>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') scan(v, out);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(tree);
  return Object.fromEntries([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
