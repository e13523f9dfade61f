import { Router } from 'express';
import { z } from 'zod';
import type { Auth } from '../auth/auth';
import { MAX_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords';
import { AppError } from '../errors';
import type { LoginOutcome } from '../security/login-throttle';
import { parseInput } from './validate';
import { strictRouter } from './router';

export const loginBody = z.object({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** Sign in, sign out, who am I, and the CSRF token; all reachable without a session. */
export function authRoutes(auth: Auth, loginLimit: import('express').RequestHandler): Router {
  const router = strictRouter();

  router.get('/auth/csrf', (req, res) => {
    res.json({ csrfToken: auth.csrfToken(req, res) });
  });

  router.get('/auth/me', (req, res) => {
    const { user, expired } = auth.currentUser(req);
    if (!user) {
      throw expired
        ? new AppError(401, 'SESSION_EXPIRED', 'Your session has ended; sign in again')
        : new AppError(401, 'UNAUTHENTICATED', 'Sign in first');
    }
    res.json({ user, mode: auth.mode, csrfToken: auth.csrfToken(req, res) });
  });

  router.post('/auth/login', loginLimit, async (req, res) => {
    if (auth.mode === 'local') {
      throw new AppError(
        404,
        'AUTH_NOT_CONFIGURED',
        'No users are configured: the app runs in single-user local mode',
      );
    }
    auth.checkCsrf(req);
    const { name, password } = parseInput(loginBody, req.body);
    const record = auth.users.get(name);
    const ok = await verifyPassword(password, record?.passwordHash);
    // Counted before the answer leaves, so the next attempt on any instance sees it.
    await (res.locals.loginOutcome as LoginOutcome | undefined)?.(ok && record !== undefined);
    if (!ok || !record) {
      req.log?.info({ user: name }, 'sign-in refused');
      throw new AppError(401, 'INVALID_CREDENTIALS', 'Unknown user name or wrong password');
    }
    const csrfToken = await auth.login(req, record);
    req.log?.info({ user: record.name, role: record.role }, 'signed in');
    res.json({ user: { name: record.name, role: record.role }, csrfToken });
  });

  router.post('/auth/logout', async (req, res) => {
    if (auth.mode === 'users' && req.session?.csrfToken) auth.checkCsrf(req);
    await auth.logout(req, res);
    res.status(204).end();
  });

  return router;
}
