import { createHash } from 'node:crypto';
import { transliterate } from 'transliteration';
import { ID_PREFIX, type EntityKind } from '../model/families';

/**
 * Slug of a name for a new entity id: transliterated to ASCII (`Тайвань` → `tayvan`, `北京` →
 * `bei-jing`), lower case, words joined by `-`. A name with no letters at all gets a short hash
 * so its id is still stable.
 */
export function nameSlug(name: string): string {
  const slug = transliterate(name.normalize('NFKC'))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || `x-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** `org:scale-ai` for an Organization named "Scale AI". */
export function entityIdBase(kind: EntityKind, name: string): string {
  return `${ID_PREFIX[kind]}:${nameSlug(name)}`;
}

/** The base itself when free, else the first free `base-2`, `base-3`, … */
export function firstFreeId(base: string, taken: ReadonlySet<string>, separator = '-'): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}${separator}${n}`;
    if (!taken.has(id)) return id;
  }
}
