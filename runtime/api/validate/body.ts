// The boundary check of a request body: parse JSON, validate against the route's schema, answer
// 400 with Docker's message for the first problem. What passes goes on as sent (unknown fields
// kept, as dockerd ignores them), so the services see exactly what the client wrote.
import type { z } from 'zod';
import { EngineError } from '../../errors';
import { dockerMessage } from './docker-message';

/** Anything with the request body as JSON (ApiContext). */
export interface JsonBodySource {
  jsonBody<T>(): Promise<T>;
}

export function validate<T>(schema: z.ZodType, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return body as T;
  const issue = r.error.issues[0];
  throw new EngineError('INVALID_ARGUMENT', dockerMessage(schema, body, issue), { cause: r.error });
}

/** The request's JSON body, validated; `null` reads as an empty body (Go decodes it to a zero struct). */
export async function validBody<T>(ctx: JsonBodySource, schema: z.ZodType): Promise<T> {
  const body = await ctx.jsonBody<unknown>();
  return validate<T>(schema, body === null ? {} : body);
}
