import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors';
import { isTypedMediaType } from '../typed-json';
import { isUnsafeMethod, isUpload } from './policy';

/** File types an upload may declare: none of them is one a plain HTML form can send. */
const UPLOAD_TYPES =
  /^(application\/(json|x-ndjson|jsonl|gzip|x-gzip|octet-stream|xml|graphml\+xml)|text\/(csv|xml))\s*(;|$)/i;

function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

function isSameOrigin(req: Request, origin: string): boolean {
  const host = originHost(origin);
  return host !== undefined && host.toLowerCase() === (req.headers.host ?? '').toLowerCase();
}

const crossOrigin = () =>
  new AppError(403, 'CROSS_ORIGIN_REQUEST', 'Cross-origin requests may not change anything here');

/**
 * CORS, off unless origins are configured: allowed origins get credentials, the CSRF header and
 * a cached preflight; everyone else gets no CORS headers, so browsers keep the answer from them.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins.map((o) => o.replace(/\/$/, '')));
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (allowed.size === 0 || !origin || !allowed.has(origin)) return next();
    res.vary('Origin');
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Credentials', 'true');
    res.set('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id, ETag');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.set('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE');
      res.set('Access-Control-Allow-Headers', 'Content-Type, X-CSRF-Token, X-Request-Id, If-Match');
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * First line against CSRF, in every mode: a state-changing request must be JSON (an HTML form
 * cannot send that cross-origin without a preflight), must not come from another origin (Origin
 * header), and must not be a cross-site fetch (Sec-Fetch-Site), unless that origin is configured
 * in CORS_ORIGINS. Users mode adds the synchronizer token (Auth.checkCsrf).
 */
export function originGuard(corsOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(corsOrigins.map((o) => o.replace(/\/$/, '')));
  return (req, _res, next) => {
    if (!isUnsafeMethod(req.method)) return next();
    const origin = req.headers.origin;
    const configured = origin !== undefined && allowed.has(origin);
    if (origin !== undefined && !configured && !isSameOrigin(req, origin)) {
      return next(crossOrigin());
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none' && !configured) {
      return next(crossOrigin());
    }
    const type = req.headers['content-type'] ?? '';
    // The console also takes Neo4j's typed JSON: JSON too, and like application/json it cannot
    // come from a plain form (CORS preflight).
    const typedOk = isTypedMediaType(type) && req.originalUrl.split('?')[0] === '/api/cypher';
    // An upload may carry its file's type, but never one a cross-site form can send unasked.
    const uploadOk = isUpload(req.method, req.path) && UPLOAD_TYPES.test(type);
    if (!uploadOk && !typedOk && !/^application\/json\s*(;|$)/i.test(type)) {
      return next(
        new AppError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'State-changing requests must send Content-Type: application/json (or application/vnd.neo4j.query)',
        ),
      );
    }
    next();
  };
}
