// The field types the request schemas are made of. dockerd decodes JSON `null` into Go's zero
// value, and clients send it freely (the docker CLI sends "Cmd": null, "Binds": null...): every
// optional field therefore also accepts null. Integers are Go int64s: a fraction is refused.
import { z } from 'zod';

export const str = z.string().nullish();
export const bool = z.boolean().nullish();
export const int = z.number().int().nullish();
export const strs = z.array(z.string()).nullish();
export const strMap = z.record(z.string(), z.string()).nullish();
/** Docker's set-of-keys maps (ExposedPorts, Volumes): the values are empty structs. */
export const keySet = z.record(z.string(), z.looseObject({}).nullish()).nullish();

/** A Go struct: known fields typed, unknown ones kept (dockerd ignores them). */
export function struct<S extends z.core.$ZodLooseShape>(goName: string, shape: S): z.ZodObject<S, z.core.$loose> {
  return z.looseObject(shape).describe(goName);
}
