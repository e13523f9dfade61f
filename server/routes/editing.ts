import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { ENTITY_KINDS, RELATIONSHIP_TYPES, type RelationshipType } from '../model/families';
import { RESERVED_KEYS, type EditService, type Provenance } from '../services/edit-service';
import { etag, parseIfMatch } from '../workspace/versions';
import { entityId } from './explorer-params';
import { isoDate } from './schemas';
import { parseInput } from './validate';
import { strictRouter } from './router';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const ratio = z.number().min(0, 'must be in 0..1').max(1, 'must be in 0..1');

/** `source`: an existing Source id, or a new source `{"title","url","date"}`. */
const sourceRef = z
  .union(
    [
      entityId,
      z.strictObject({
        title: text(300),
        url: z
          .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
          .max(2000)
          .optional(),
        date: isoDate.optional(),
      }),
    ],
    { error: 'expected a Source id (source:…) or {"title","url","date"}' },
  )
  .describe('An existing Source id, or a new source (created as `source:<slug>`, or found by url)');

const provenance = {
  source: sourceRef,
  evidence: text(2000).describe('Why we believe it, one phrase'),
  confidence: ratio.describe('1 = stated outright, lower = implied or inferred'),
  reason: z.string().trim().max(2000).optional().describe('Why this change (optional)'),
};

const propertyKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a property name is a letter then letters, digits or _')
  .refine((k) => !RESERVED_KEYS.has(k), 'set by its own field or by the app, not in properties');
const propertyValue = z.union(
  [z.string().max(5000), z.number().finite(), z.boolean(), z.array(z.string().max(1000)).max(200)],
  { error: 'expected a string, number, boolean or list of strings' },
);
const names = z.array(text(300)).max(200);

export const entityCreate = z.strictObject({
  kind: z.enum(ENTITY_KINDS),
  name: text(300),
  aliases: names.optional(),
  description: z.string().trim().max(5000).optional(),
  identifiers: names.optional(),
  properties: z.record(propertyKey, propertyValue).optional(),
  ...provenance,
});

export const entityPatch = z
  .strictObject({
    name: text(300).optional(),
    aliases: names.optional(),
    description: z.string().trim().max(5000).optional(),
    identifiers: names.optional(),
    properties: z.record(propertyKey, propertyValue.nullable()).optional(),
    ...provenance,
  })
  .refine(
    (b) => ['name', 'aliases', 'description', 'identifiers', 'properties'].some((k) => k in b),
    { message: 'nothing to change: give name, aliases, description, identifiers or properties' },
  )
  .describe(
    'At least one of name, aliases, description, identifiers, properties (null removes a property)',
  );

export const retraction = z.strictObject(provenance);

const relationshipFields = {
  stake: ratio.nullable().optional().describe('Exact share; sets stakeMin = stakeMax = stake'),
  stakeMin: ratio.nullable().optional(),
  stakeMax: ratio.nullable().optional(),
  stakeMinExclusive: z.boolean().nullable().optional(),
  stakeMaxExclusive: z.boolean().nullable().optional(),
  since: isoDate.nullable().optional().describe('Inclusive start of validity'),
  until: isoDate.nullable().optional().describe('Exclusive end of validity'),
  role: z.string().trim().max(300).nullable().optional(),
  interestType: z.string().trim().max(100).nullable().optional(),
  amountUsd: z.number().finite().min(0).nullable().optional(),
};

type StakeShape = {
  stake?: number | null;
  stakeMin?: number | null;
  stakeMax?: number | null;
  since?: string | null;
  until?: string | null;
};

/** Stake given one way only, bounds in order, validity a real span: each error names its field. */
function checkRelationship(b: StakeShape, ctx: z.RefinementCtx): void {
  if (b.stake != null && (b.stakeMin != null || b.stakeMax != null)) {
    ctx.addIssue({
      code: 'custom',
      path: ['stake'],
      message: 'give stake (exact) or stakeMin/stakeMax (a range), not both',
    });
  }
  if (b.stakeMin != null && b.stakeMax != null && b.stakeMin > b.stakeMax) {
    ctx.addIssue({ code: 'custom', path: ['stakeMax'], message: 'must be at least stakeMin' });
  }
  if (b.since && b.until && b.since >= b.until) {
    ctx.addIssue({
      code: 'custom',
      path: ['until'],
      message: 'must be after since (until is exclusive)',
    });
  }
}

const relationshipType = z.enum(Object.keys(RELATIONSHIP_TYPES) as [RelationshipType]);

export const relationshipCreate = z
  .strictObject({
    type: relationshipType,
    from: entityId,
    to: entityId,
    ...relationshipFields,
    ...provenance,
  })
  .superRefine((b, ctx) => {
    if (b.from === b.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must differ from from' });
    }
    checkRelationship(b, ctx);
  })
  .describe(
    'Stake as `stake` (exact) or `stakeMin`/`stakeMax` (a range); OWNS and CONTROLS without one get [0, 1] (unknown)',
  );

export const relationshipPatch = z
  .strictObject({ ...relationshipFields, ...provenance })
  .superRefine(checkRelationship)
  .refine((b) => Object.keys(relationshipFields).some((k) => k in b), {
    message: `nothing to change: give some of ${Object.keys(relationshipFields).join(', ')}`,
  })
  .describe(
    'At least one relationship field; null removes it. The provenance replaces the claim’s.',
  );

/** Claim ids are never parsed; any non-blank text up to 1000 characters. */
const relationshipId = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^\S+$/, 'expected a relationship id')
  .describe('The claim id (URL-encoded: `OWNS%3Aorg%3Ameta-%3Eorg%3Ascale-ai`).');
export const relParams = z.object({ id: relationshipId });
export const entityParams = z.object({ id: entityId });
export const atQuery = z.object({
  at: isoDate
    .optional()
    .describe('Read as of this day: an element retracted after it is still shown (YYYY-MM-DD).'),
});

/** The element's own fields of a body, without the write's provenance. */
function withoutProvenance<B extends Record<string, unknown>>(
  b: B,
): Omit<B, keyof typeof provenance> {
  const out: Record<string, unknown> = { ...b };
  for (const k of Object.keys(provenance)) delete out[k];
  return out as Omit<B, keyof typeof provenance>;
}

function user(res: Response): string {
  return (res.locals.user as { name?: string } | undefined)?.name ?? 'local';
}

function prov(res: Response, b: z.infer<typeof retraction>): Provenance {
  return {
    user: user(res),
    source: b.source,
    evidence: b.evidence,
    confidence: b.confidence,
    reason: b.reason || undefined,
  };
}

function send<B extends { version: number }>(res: Response, status: number, body: B) {
  res.set('ETag', etag(body.version));
  res.status(status).json(body);
}

function log(req: Request, res: Response, what: string, change: { id: string; target: string }) {
  req.log?.info({ user: user(res), change: change.id, target: change.target }, what);
}

/**
 * The editing API (editors only, by server/security/policy.ts; CSRF like every write): entities
 * and relationships created, edited and retracted, each write one transaction with its Change.
 */
export function editingRoutes(edits: EditService): Router {
  const router = strictRouter();

  router.post('/entities', async (req, res) => {
    const b = parseInput(entityCreate, req.body);
    const { kind, name, aliases, description, identifiers, properties } = b;
    const out = await edits.createEntity(
      { kind, name, aliases, description, identifiers, properties },
      prov(res, b),
    );
    log(req, res, 'entity created', out.change);
    send(res, 201, { entity: out.entity, version: out.version, change: out.change.id });
  });

  router.patch('/entities/:id', async (req, res) => {
    const { id } = parseInput(entityParams, req.params);
    const expected = parseIfMatch(req.headers['if-match']);
    const b = parseInput(entityPatch, req.body);
    const { name, aliases, description, identifiers, properties } = b;
    const out = await edits.updateEntity(
      id,
      expected,
      { name, aliases, description, identifiers, properties },
      prov(res, b),
    );
    log(req, res, 'entity updated', out.change);
    send(res, 200, { entity: out.entity, version: out.version, change: out.change.id });
  });

  router.delete('/entities/:id', async (req, res) => {
    const { id } = parseInput(entityParams, req.params);
    const expected = parseIfMatch(req.headers['if-match']);
    const b = parseInput(retraction, req.body ?? {});
    const out = await edits.retractEntity(id, expected, prov(res, b));
    log(req, res, 'entity retracted', out.change);
    send(res, 200, {
      entity: out.entity,
      version: out.version,
      change: out.change.id,
      relationships: out.relationships,
    });
  });

  router.get('/relationships/:id', async (req, res) => {
    const { id } = parseInput(relParams, req.params);
    const { at } = parseInput(atQuery, req.query);
    send(res, 200, await edits.relationship(id, at));
  });

  router.post('/relationships', async (req, res) => {
    const b = parseInput(relationshipCreate, req.body);
    const fields = withoutProvenance(b);
    const out = await edits.createRelationship(fields, prov(res, b));
    log(req, res, 'relationship created', out.change);
    send(res, 201, { relationship: out.relationship, version: out.version, change: out.change.id });
  });

  router.patch('/relationships/:id', async (req, res) => {
    const { id } = parseInput(relParams, req.params);
    const expected = parseIfMatch(req.headers['if-match']);
    const b = parseInput(relationshipPatch, req.body);
    const fields = withoutProvenance(b);
    const out = await edits.updateRelationship(id, expected, fields, prov(res, b));
    log(req, res, 'relationship updated', out.change);
    send(res, 200, { relationship: out.relationship, version: out.version, change: out.change.id });
  });

  router.delete('/relationships/:id', async (req, res) => {
    const { id } = parseInput(relParams, req.params);
    const expected = parseIfMatch(req.headers['if-match']);
    const b = parseInput(retraction, req.body ?? {});
    const out = await edits.retractRelationship(id, expected, prov(res, b));
    log(req, res, 'relationship retracted', out.change);
    send(res, 200, { relationship: out.relationship, version: out.version, change: out.change.id });
  });

  return router;
}
