import fs from 'node:fs';
import path from 'node:path';
import { ENTITY_KINDS, RELATIONSHIP_TYPES } from './families';
import { ROOT_DIR } from './config';

export const CYPHER_DIR = path.join(ROOT_DIR, 'cypher');

/** Tokens that may fill a `{{NAME}}` slot: only labels and types we define, never user text. */
const ALLOWED_TOKENS = new Set<string>([...ENTITY_KINDS, ...Object.keys(RELATIONSHIP_TYPES)]);

/** All `cypher/*.cypher` files, read once at start and looked up by name. */
export class QueryStore {
  private readonly queries = new Map<string, string>();

  constructor(dir: string = CYPHER_DIR) {
    for (const file of fs.readdirSync(dir)) {
      if (file.endsWith('.cypher')) {
        this.queries.set(
          file.replace(/\.cypher$/, ''),
          fs.readFileSync(path.join(dir, file), 'utf8'),
        );
      }
    }
  }

  get(name: string): string {
    const text = this.queries.get(name);
    if (text === undefined) throw new Error(`No query named ${name} in cypher/`);
    return text;
  }

  /** A query with `{{SLOT}}` placeholders filled from the allow-list of labels and types. */
  render(name: string, slots: Record<string, string>): string {
    return this.get(name).replace(/\{\{(\w+)\}\}/g, (_, slot: string) => {
      const value = slots[slot];
      if (value === undefined || !ALLOWED_TOKENS.has(value)) {
        throw new Error(
          `Query ${name}: slot ${slot} needs a known label or type, got ${String(value)}`,
        );
      }
      return value;
    });
  }

  /** Statements of a multi-statement file such as schema.cypher, split on `;` line ends. */
  statements(name: string): string[] {
    return this.get(name)
      .split(/;\s*$/m)
      .map((s) => s.replace(/^\s*\/\/.*$/gm, '').trim())
      .filter((s) => s.length > 0);
  }
}
