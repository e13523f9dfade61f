import { Router, type Response } from 'express';
import { z } from 'zod';
import { LOCAL_USER, type SessionUser } from '../auth/users';
import { NOTE_MAX_LENGTH } from '../model/notes';
import type { NotesService } from '../services/notes-service';
import { parseInput } from './validate';
import { strictRouter } from './router';

/** An entity id or a relationship (claim) id: the loader's ids are printable, at most 300 characters. */
const targetId = z
  .string()
  .trim()
  .min(1, 'name the entity or relationship id the note is about')
  .max(300, 'an id has at most 300 characters');

const noteText = z
  .string()
  .trim()
  .min(1, 'the note is empty')
  .max(NOTE_MAX_LENGTH, `a note has at most ${NOTE_MAX_LENGTH} characters`);

export const createBody = z.object({ target: targetId, text: noteText }).strict();
export const updateBody = z.object({ text: noteText }).strict();
export const idParams = z.object({
  id: z
    .string()
    .regex(/^note:[0-9a-f-]{36}$/, 'expected a note id such as note:1b4e…')
    .describe('Note id'),
});
export const listQuery = z.object({
  target: targetId.optional().describe('Entity or relationship id'),
  author: z.string().max(64).optional().describe('User name'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export function sessionUser(res: Response): SessionUser {
  return (res.locals.user as SessionUser | undefined) ?? LOCAL_USER;
}

/** Notes: editors write (access policy), viewers read; only the author edits or deletes. */
export function noteRoutes(notes: NotesService): Router {
  const router = strictRouter();
  router.post('/notes', async (req, res) => {
    const { target, text } = parseInput(createBody, req.body);
    res.status(201).json({ note: await notes.create(sessionUser(res), target, text) });
  });
  router.get('/notes', async (req, res) => {
    res.json({ notes: await notes.list(parseInput(listQuery, req.query)) });
  });
  router.get('/notes/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    res.json({ note: await notes.get(id) });
  });
  router.patch('/notes/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { text } = parseInput(updateBody, req.body);
    res.json({ note: await notes.update(sessionUser(res), id, text) });
  });
  router.delete('/notes/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    res.json({ deleted: await notes.remove(sessionUser(res), id) });
  });
  return router;
}
