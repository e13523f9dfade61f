import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** The app on a real loopback port, for raw requests supertest cannot make. */
export function listen(app: Express): Promise<{ server: http.Server; port: number }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port }),
    );
  });
}

/** A POST whose head is sent and whose body never completes, until abort(). */
export function holdRequest(port: number, path: string, headers: Record<string, string>) {
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    headers: { ...headers, 'Content-Length': '1000' },
    setHost: false,
    agent: false,
  });
  req.on('error', () => undefined);
  req.flushHeaders();
  req.write('{"query":');
  const closed = new Promise<void>((resolve) => req.on('close', () => resolve()));
  return { closed, abort: () => req.destroy() };
}
