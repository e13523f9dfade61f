import { z } from 'zod';
import { FAMILIES, type Family } from '../families';
import { ENTITY_ID, ENTITY_ID_MAX_LENGTH } from '../model/entity-ids';

/** Every id the loader writes: slugs (`org:scale-ai`) and imported ids as the source spells them. */
export const ENTITY_ID_PATTERN = ENTITY_ID;

export const entityId = z
  .string()
  .max(ENTITY_ID_MAX_LENGTH, `an entity id has at most ${ENTITY_ID_MAX_LENGTH} characters`)
  .regex(ENTITY_ID_PATTERN, 'expected an entity id such as org:scale-ai')
  .meta({
    description:
      'Entity id: a slug (`org:scale-ai`) or an imported id as its source spells it (`bods:01B68D7633`).',
  });

/** `families=ownership,client` (comma-separated, repeated or not) to a list of known families. */
export const familiesParam = z
  .string()
  .max(200)
  .transform((s, ctx): Family[] => {
    const names = s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0);
    const unknown = names.filter((n) => !(FAMILIES as readonly string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown family ${unknown.length ? unknown.join(', ') : '(empty)'}; expected some of ${FAMILIES.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(names)] as Family[];
  })
  .meta({
    description: `Comma-separated relationship families to follow: ${FAMILIES.join(', ')}. Unknown family → 400.`,
    example: 'ownership,client',
  });

export const directionParam = z.enum(['out', 'in', 'both']);
