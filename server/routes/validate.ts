import type { z } from 'zod';
import { AppError } from '../errors';

/** Parses request input with a zod schema; the first problem becomes a 400 naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError(400, 'INVALID_REQUEST', `${field}${issue.message}`);
  }
  return result.data;
}
