// A zod failure as the message dockerd gives for the same body. dockerd decodes JSON into Go
// structs, so a value of the wrong type reads
//   json: cannot unmarshal number into Go struct field HostConfig.HostConfig.Binds of type []string
// (Go's UnmarshalTypeError: the struct holding the field, the field's path, the Go type). Other
// failures (a bad enum value, a number out of range) read "invalid field <path>: <reason>".
import type { z } from 'zod';

type Path = ReadonlyArray<PropertyKey>;

/** The JSON kind of a value, in Go's words ("number 1.5" for a fraction, as Go prints it). */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'number' : `number ${v}`;
  return typeof v;
}

/** The Go type a schema stands for: []string, map[string]string, int64, bool, container.HostConfig... */
export function goType(s: z.ZodType | undefined): string {
  if (!s) return 'interface {}';
  const def = s._zod.def as { type: string; innerType?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[]; checks?: unknown[] };
  switch (def.type) {
    case 'optional': case 'nullable': return goType(def.innerType);
    case 'string': case 'enum': return 'string';
    case 'boolean': return 'bool';
    case 'number': return isInt(s) ? 'int64' : 'float64';
    case 'array': return `[]${goType(def.element)}`;
    case 'tuple': return '[2]uint';
    case 'record': return `map[string]${goType(def.valueType)}`;
    case 'object': return s.description ?? 'struct';
    case 'union': return goType(def.options?.[0]);
    default: return 'interface {}';
  }
}

function isInt(s: z.ZodType): boolean {
  return (s as unknown as { format?: string | null }).format?.includes('int') === true;
}

/** The schema found by following `path` from `root` (optional/nullable unwrapped on the way). */
export function schemaAt(root: z.ZodType, path: Path): z.ZodType | undefined {
  let cur: z.ZodType | undefined = root;
  for (const key of path) {
    cur = unwrap(cur);
    if (!cur) return undefined;
    const def = cur._zod.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType; items?: z.ZodType[] };
    if (def.type === 'object') cur = def.shape?.[String(key)];
    else if (def.type === 'array') cur = def.element;
    else if (def.type === 'record') cur = def.valueType;
    else if (def.type === 'tuple') cur = def.items?.[Number(key)];
    else return undefined;
  }
  return cur;
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s;
  while (cur && ['optional', 'nullable'].includes(cur._zod.def.type)) cur = (cur._zod.def as unknown as { innerType: z.ZodType }).innerType;
  return cur;
}

function valueAt(body: unknown, path: Path): unknown {
  let cur = body;
  for (const key of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  return cur;
}

/** The Go struct that holds the field at `path`: the nearest object's name (the root's otherwise). */
function holder(root: z.ZodType, path: Path): string {
  for (let i = path.length - 1; i > 0; i--) {
    const s = unwrap(schemaAt(root, path.slice(0, i)));
    if (s?._zod.def.type === 'object' && s.description) return s.description.replace(/^.*\./, '');
  }
  return (root.description ?? 'struct').replace(/^.*\./, '');
}

/** Docker's message for the first problem zod found in `body`. */
export function dockerMessage(root: z.ZodType, body: unknown, issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'invalid_type') {
    const value = valueAt(body, issue.path);
    if (issue.path.length === 0) return `json: cannot unmarshal ${jsonKind(value)} into Go value of type ${goType(root)}`;
    // Go's field path names struct fields only, not list positions.
    const goField = issue.path.filter((k) => typeof k === 'string').join('.');
    return `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${holder(root, issue.path)}.${goField} of type ${goType(schemaAt(root, issue.path))}`;
  }
  return `invalid field ${field || 'body'}: ${issue.message}`;
}
