import { randomUUID } from 'node:crypto';
import type { StateDb } from './state-db';

/**
 * Slots of work in flight per key (console runs per user), shared by every instance on the
 * database: taking one counts the live slots and creates one under the key's lock, in one query.
 * A slot is released when its work ends; one left by an instance that died expires after its lease.
 */
export class SharedSlots {
  constructor(
    private readonly state: StateDb,
    private readonly prefix: string,
    private readonly leaseMs: number,
  ) {}

  /** A slot id when one of `max` was free, else undefined. */
  async acquire(key: string, max: number): Promise<string | undefined> {
    const slot = randomUUID();
    const [rec] = await this.state.run('state-slot-acquire', {
      id: this.state.keys.id(`slots:${this.prefix}:${key}`),
      slot,
      max,
      now: Date.now(),
      leaseMs: this.leaseMs,
    });
    return rec.get('granted') === true ? slot : undefined;
  }

  async release(slot: string): Promise<void> {
    await this.state.run('state-slot-release', { slot });
  }
}
