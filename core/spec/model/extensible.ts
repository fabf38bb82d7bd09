// Strict mappings that still let `x-` extension keys through, as the Compose schema writes them:
// `additionalProperties: false` + `patternProperties: {"^x-": {}}`. zod's strictObject cannot
// express "unknown keys are errors except x-*", so unknown keys are checked by a refinement that
// runs even when other fields already failed (so every mistake is reported in one pass).
import { z } from 'zod';
import { didYouMean } from './did-you-mean';

/** The issue params our validator reads back to print "did you mean". */
export interface UnknownKeyParams {
  unknownKey: string;
  suggestion?: string;
}

function rejectUnknown(shape: z.ZodRawShape, allowX: boolean) {
  const known = Object.keys(shape);
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(shape, key) || (allowX && key.startsWith('x-'))) continue;
      const suggestion = didYouMean(key, known);
      const params: UnknownKeyParams = { unknownKey: key, suggestion };
      ctx.addIssue({ code: 'custom', message: `additional properties '${key}' not allowed`, path: [key], params });
    }
  };
}

// `when` makes zod run the check even after other issues on the same object (only on mappings:
// a value of the wrong type already has its issue).
const ALWAYS = {
  when: (p: { value: unknown }) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value),
} as const;

/** A mapping with these keys and `x-*` extensions; any other key is an error. */
export function xobj<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject(shape).superRefine(rejectUnknown(shape, true), ALWAYS as never);
}

/** A mapping with exactly these keys (no extensions), as schema objects without patternProperties. */
export function sobj<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject(shape).superRefine(rejectUnknown(shape, false), ALWAYS as never);
}

/** JSON-schema `uniqueItems`: no two items deeply equal (compared in canonical JSON form). */
export function unique<T extends z.ZodType>(item: T) {
  return z.array(item).superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((v, i) => {
      const k = JSON.stringify(v);
      const first = seen.get(k);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', message: `array items[${first},${i}] must be unique`, path: [i] });
      } else seen.set(k, i);
    });
  });
}

/**
 * A mapping whose keys must match `pattern` (patternProperties + additionalProperties: false).
 * Keys failing the pattern are reported with the key in the path.
 */
export function keyed<T extends z.ZodType>(pattern: RegExp, value: T) {
  return z.record(z.string(), value).superRefine((rec, ctx) => {
    for (const key of Object.keys(rec)) {
      if (!pattern.test(key)) ctx.addIssue({ code: 'custom', message: `additional properties '${key}' not allowed`, path: [key] });
    }
  }, ALWAYS as never);
}

/**
 * patternProperties WITHOUT additionalProperties: false. Keys matching `pattern` are checked
 * against `value`; other keys may hold anything, exactly as JSON schema reads it.
 */
export function patterned<T extends z.ZodType>(pattern: RegExp, value: T) {
  return z.record(z.string(), z.unknown()).superRefine((rec, ctx) => {
    for (const [key, v] of Object.entries(rec)) {
      if (!pattern.test(key)) continue;
      const r = value.safeParse(v);
      if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as never);
    }
  }) as unknown as z.ZodType<Record<string, z.infer<T>>>;
}
