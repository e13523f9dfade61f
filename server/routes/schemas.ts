import { z } from 'zod';

/** How `at` reads wherever the explorer takes it (OpenAPI descriptions come from the schemas). */
export const AT_DESCRIPTION =
  'Only relationships valid on this day: `since` ≤ at < `until`, open ends allowed (YYYY-MM-DD).';

/** YYYY-MM-DD that is a real calendar day. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a calendar date');
