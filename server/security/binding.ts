import net from 'node:net';

/** True for addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
}

/**
 * Listening beyond loopback without users would hand the database to the network: refuse.
 * Throws an Error whose message tells the operator what to do.
 */
export function assertSafeBinding(host: string, userCount: number): void {
  if (isLoopbackHost(host) || userCount > 0) return;
  throw new Error(
    `HOST=${host} would expose the app beyond this machine, but no users are configured. ` +
      'Add one first (npm run user:add -- --name alice --role editor) or keep HOST=127.0.0.1.',
  );
}
