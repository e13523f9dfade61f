import crypto from 'node:crypto';
import type { EncodedProps } from './property-codec';

const MOD = 1n << 256n;

/**
 * A checksum of a graph's content that ignores Neo4j's internal ids and the order records come
 * in: every node hashes its sorted labels and typed properties; every relationship its type,
 * typed properties and the hashes of its two end nodes; the total is the sum of all hashes mod
 * 2^256 (a multiset hash, so it streams in constant memory besides the node-hash map).
 */
export class GraphChecksum {
  nodes = 0;
  relationships = 0;
  private sum = 0n;
  private readonly nodeHashes = new Map<string, Buffer>();

  private add(hash: Buffer): void {
    this.sum = (this.sum + BigInt(`0x${hash.toString('hex')}`)) % MOD;
  }

  addNode(elementId: string, labels: readonly string[], props: EncodedProps): void {
    const hash = sha256(JSON.stringify(['N', [...labels].sort(), props]));
    this.nodeHashes.set(elementId, hash.subarray(0, 16));
    this.nodes++;
    this.add(hash);
  }

  /** Needs both end nodes added first. */
  addRelationship(type: string, start: string, end: string, props: EncodedProps): void {
    const a = this.nodeHashes.get(start);
    const b = this.nodeHashes.get(end);
    if (!a || !b)
      throw new Error(`Relationship ${type} refers to a node not seen: ${start}/${end}`);
    this.relationships++;
    this.add(sha256(JSON.stringify(['R', type, props, a.toString('hex'), b.toString('hex')])));
  }

  hasNode(elementId: string): boolean {
    return this.nodeHashes.has(elementId);
  }

  digest(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}

function sha256(text: string): Buffer {
  return crypto.createHash('sha256').update(text).digest();
}
