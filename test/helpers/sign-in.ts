import type express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/app';
import { hashPassword } from '../../server/auth/passwords';
import type { UserRecord } from '../../server/auth/users';
import type { Db } from '../../server/db/db';

/** The real app with users (two editors and a viewer) on the suite's database. */
export async function appWithUsers(db: Db): Promise<express.Express> {
  const users: UserRecord[] = [
    { name: 'erin', role: 'editor', passwordHash: await hashPassword('erin-password-12') },
    { name: 'ed', role: 'editor', passwordHash: await hashPassword('ed-password-1234') },
    { name: 'vic', role: 'viewer', passwordHash: await hashPassword('vic-password-123') },
  ];
  return createApp({ db, mode: 'external', logger: pino({ level: 'silent' }), auth: { users } });
}

export const PASSWORDS: Record<string, string> = {
  erin: 'erin-password-12',
  ed: 'ed-password-1234',
  vic: 'vic-password-123',
};

/** A signed-in agent and the CSRF token its writes send. */
export async function signIn(app: express.Express, name: string) {
  const agent = request.agent(app);
  const { csrfToken } = (await agent.get('/api/auth/csrf')).body as { csrfToken: string };
  const res = await agent
    .post('/api/auth/login')
    .set('X-CSRF-Token', csrfToken)
    .send({ name, password: PASSWORDS[name] })
    .expect(200);
  return { agent, token: (res.body as { csrfToken: string }).csrfToken };
}
