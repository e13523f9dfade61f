import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { ROOT_DIR } from '../../server/config';

/**
 * Finding 7 of the penetration test: `/login?next=/%09/evil.example/phish` sent the browser to
 * another site after signing in. The page's check (server/auth/public/next-path.js) is loaded
 * here as the browser loads it, and fed what URLSearchParams hands it.
 */
const PUBLIC = path.join(ROOT_DIR, 'server', 'auth', 'public');
const sandbox: {
  window: { safeNextPath?: (raw: string, origin: string) => string };
  URL: typeof URL;
} = { window: {}, URL };
vm.runInNewContext(fs.readFileSync(path.join(PUBLIC, 'next-path.js'), 'utf8'), sandbox);
const safeNextPath = sandbox.window.safeNextPath!;
const ORIGIN = 'http://localhost:3000';
/** What the login page reads from its own query string. */
const fromQuery = (qs: string) => new URLSearchParams(qs).get('next') ?? '/';

describe('the redirect after sign-in stays on this origin', () => {
  it.each([
    '?next=/%09/evil.example/phish',
    '?next=/%0d/evil.example',
    '?next=/%0a/evil.example',
    '?next=//evil.example',
    '?next=/%5c/evil.example',
    '?next=%5c%5cevil.example',
    '?next=/\\evil.example',
    '?next=https://evil.example/',
    '?next=http:evil.example',
    '?next=javascript:alert(1)',
    '?next=%20//evil.example',
    '?next=/%09%09/evil.example',
  ])('%s → /', (qs) => {
    const target = safeNextPath(fromQuery(qs), ORIGIN);
    expect(target).toBe('/');
    expect(new URL(target, ORIGIN).origin).toBe(ORIGIN);
  });

  it.each([
    ['?next=/', '/'],
    ['?next=%2Fexplore%3Fq%3Dscale', '/explore?q=scale'],
    ['?next=/entity/org:scale-ai#graph', '/entity/org:scale-ai#graph'],
    ['?next=/a/../b', '/b'],
  ])('%s → %s', (qs, expected) => {
    expect(safeNextPath(fromQuery(qs), ORIGIN)).toBe(expected);
  });

  it('the sign-in page loads the check before its own script', () => {
    const html = fs.readFileSync(path.join(PUBLIC, 'login.html'), 'utf8');
    expect(html.indexOf('next-path.js')).toBeGreaterThan(0);
    expect(html.indexOf('next-path.js')).toBeLessThan(html.indexOf('login.js'));
    expect(fs.readFileSync(path.join(PUBLIC, 'login.js'), 'utf8')).toContain('safeNextPath');
  });
});
