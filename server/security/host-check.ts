import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import { isLoopbackHost } from './binding';

/**
 * Against DNS rebinding: a page on evil.example whose name resolves to 127.0.0.1 reaches this app
 * with `Host: evil.example:3000`. Only loopback names on the port the request arrived on are
 * accepted, plus `allowedHosts` entries (`name` = any port, `name:port` = that port only).
 */
export function hostCheck(allowedHosts: readonly string[] = []): RequestHandler {
  const anyPort = new Set<string>();
  const exact = new Set<string>();
  for (const entry of allowedHosts.map((h) => h.toLowerCase())) {
    if (/:\d+$/.test(entry)) exact.add(entry);
    else anyPort.add(entry);
  }
  return (req, _res, next) => {
    const host = (req.headers.host ?? '').toLowerCase();
    const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(host);
    if (m) {
      const [, name, port] = m;
      const localPort = String(req.socket.localPort ?? '');
      if (isLoopbackHost(name) && (port ?? '80') === localPort) return next();
      if (anyPort.has(name) || exact.has(host)) return next();
    }
    next(new AppError(421, 'HOST_NOT_ALLOWED', 'This server does not answer for that host name'));
  };
}
