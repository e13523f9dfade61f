import type { Db } from '../db/db';
import { badRequest } from '../errors';
import type { DiffOptions, GraphDiff } from './diff-common';
import { recordedDiff } from './recorded-diff';
import { worldDiff } from './world-diff';

/** `GET /api/diff`: what changed between two dates (world time) or two instants (record time). */
export class DiffService {
  constructor(private readonly db: Db) {}

  world(opts: DiffOptions): Promise<GraphDiff> {
    checkOrder(opts.from, opts.to);
    return worldDiff(this.db, opts);
  }

  recorded(opts: DiffOptions): Promise<GraphDiff> {
    checkOrder(opts.from, opts.to);
    return recordedDiff(this.db, {
      ...opts,
      from: instantOf(opts.from, 'start'),
      to: instantOf(opts.to, 'end'),
    });
  }
}

/**
 * A bare date as an instant (UTC): `from` at its start, `to` at the end of its day (the next
 * midnight, exclusive), so `from=to=2025-07-01` is that whole day.
 */
export function instantOf(value: string, side: 'start' | 'end'): string {
  if (value.length > 10) return new Date(value).toISOString();
  const d = new Date(`${value}T00:00:00Z`);
  if (side === 'end') d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

function checkOrder(from: string, to: string): void {
  const a = from.length > 10 ? Date.parse(from) : Date.parse(`${from}T00:00:00Z`);
  const b = to.length > 10 ? Date.parse(to) : Date.parse(`${to}T00:00:00Z`);
  if (a > b) throw badRequest(`from: ${from} is after to ${to}; swap them`);
}
