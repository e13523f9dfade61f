import { Router } from 'express';
import { z } from 'zod';
import { FAMILIES } from '../families';
import type { InvestigationsService } from '../services/investigations-service';
import { etag, parseIfMatch } from '../workspace/versions';
import { sessionUser } from './notes';
import { isoDate } from './schemas';
import { parseInput } from './validate';
import { strictRouter } from './router';

/** Elements one investigation may hold (the JSON body limit, 64 kB, usually binds first). */
const MAX_ELEMENTS = 5000;

const id = z.string().min(1).max(300);
const ids = z.array(id).max(MAX_ELEMENTS);
const point = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

/** The share-link state (client/src/url-state.ts ViewState), checked field by field. */
const view = z
  .object({
    focus: id.optional(),
    families: z.array(z.enum(FAMILIES)).optional(),
    kinds: z.array(z.string().max(40)).max(40).optional(),
    at: isoDate.optional(),
    layout: z.string().max(40).optional(),
    expanded: ids.optional(),
    query: z.string().max(20_000).optional(),
    params: z.string().max(20_000).optional(),
    mode: z.enum(['add', 'replace']).optional(),
    pathFrom: id.optional(),
    pathTo: id.optional(),
    groups: z
      .array(z.object({ name: z.string().max(80), members: ids, open: z.boolean() }).strict())
      .max(500)
      .optional(),
  })
  .strict();

const state = z
  .object({
    view,
    nodes: ids,
    edges: ids,
    positions: z
      .record(id, point)
      .refine((p) => Object.keys(p).length <= MAX_ELEMENTS, `at most ${MAX_ELEMENTS} positions`),
    selection: ids,
    viewport: z.object({ zoom: z.number().positive().finite(), pan: point }).strict().optional(),
    compare: z.object({ from: isoDate, to: isoDate, recorded: z.boolean() }).strict().optional(),
  })
  .strict();

export const body = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'the name is empty')
      .max(120, 'a name has at most 120 characters'),
    description: z.string().max(10_000).default(''),
    role: z
      .enum(['viewer', 'editor'])
      .default('editor')
      .describe('Who may open it: viewer = everyone signed in; editor (default) = editors only.'),
    state,
  })
  .strict();

export const idParams = z.object({
  id: z
    .string()
    .regex(
      /^investigation:[0-9a-f-]{36}$/,
      'expected an investigation id such as investigation:1b4e…',
    )
    .describe('Investigation id'),
});
export const listQuery = z.object({
  owner: z.string().max(64).optional().describe('Only those of this user'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Saved investigations; versioned like the graph's elements (ETag, If-Match, 409, 428). */
export function investigationRoutes(investigations: InvestigationsService): Router {
  const router = strictRouter();
  router.post('/investigations', async (req, res) => {
    const input = parseInput(body, req.body);
    const inv = await investigations.create(sessionUser(res), input);
    res
      .status(201)
      .set('ETag', etag(inv.version))
      .json({ investigation: inv, version: inv.version });
  });
  router.get('/investigations', async (req, res) => {
    const q = parseInput(listQuery, req.query);
    res.json({ investigations: await investigations.list(sessionUser(res), q.owner, q.limit) });
  });
  router.get('/investigations/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const inv = await investigations.get(sessionUser(res), id);
    res.set('ETag', etag(inv.version)).json({ investigation: inv, version: inv.version });
  });
  router.put('/investigations/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const expected = parseIfMatch(req.headers['if-match']);
    const input = parseInput(body, req.body);
    const inv = await investigations.update(sessionUser(res), id, expected, input);
    res.set('ETag', etag(inv.version)).json({ investigation: inv, version: inv.version });
  });
  router.delete('/investigations/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const expected = parseIfMatch(req.headers['if-match']);
    const gone = await investigations.remove(sessionUser(res), id, expected);
    res.json({ deleted: gone, version: gone.version });
  });
  return router;
}
