/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import pino from 'pino';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Response,
} from 'playwright-core';
import { createApp } from '../../server/app';
import type { AuthOptions } from '../../server/security';
import { ROOT_DIR } from '../../server/config';
import { suiteDb, suiteDriver } from './app';

declare global {
  // What the client exposes to tests (page.evaluate callbacks run in the browser).
  interface Window {
    cy?: import('cytoscape').Core;
  }
}

const CLIENT_DIR = path.join(ROOT_DIR, 'client');
export const CLIENT_DIST = path.join(CLIENT_DIR, 'dist');
export const ARTIFACTS_DIR = path.join(ROOT_DIR, 'test', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's headless Chromium, software-rendered, quiet (browser tests and the bench). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

function newest(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newest(path.join(p, e))));
}

function clientIsStale(): boolean {
  const index = path.join(CLIENT_DIST, 'index.html');
  if (!fs.existsSync(index)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts']
    .map((p) => path.join(CLIENT_DIR, p))
    .filter((p) => fs.existsSync(p));
  return Math.max(...sources.map(newest)) > fs.statSync(index).mtimeMs;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Builds the client when client/dist is missing or older than its sources. Jest workers run
 * browser test files in parallel, so a lock directory makes exactly one of them build.
 */
export async function ensureClientBuilt(): Promise<void> {
  const tag = crypto.createHash('sha1').update(ROOT_DIR).digest('hex').slice(0, 10);
  const lock = path.join(os.tmpdir(), `entity-graph-client-build-${tag}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Timed out waiting for the client build lock');
      await sleep(250);
    }
  }
  try {
    if (!clientIsStale()) return;
    const vite = path.join(ROOT_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
    const res = spawnSync(
      process.execPath,
      [vite, 'build', '--config', path.join(CLIENT_DIR, 'vite.config.ts'), '--logLevel', 'error'],
      { cwd: ROOT_DIR, encoding: 'utf8' },
    );
    if (res.status !== 0) throw new Error(`vite build failed:\n${res.stdout}\n${res.stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface BrowserSession {
  baseUrl: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** console.error messages and uncaught page errors since the page was opened. */
  consoleErrors: string[];
  /** Opens the app (optionally with a query string) and waits until the first view is ready. */
  open(search?: string): Promise<void>;
  /** Saves a screenshot under test/artifacts/. */
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** The real app (built client + API) on a free loopback port, against the suite's database. */
export async function startBrowserSession(
  prefix: string,
  opts: { auth?: AuthOptions } = {},
): Promise<BrowserSession> {
  await ensureClientBuilt();
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const driver: Driver = suiteDriver();
  const app = createApp({
    db: suiteDb(driver),
    mode: 'external',
    logger: pino({ level: 'silent' }),
    clientDir: CLIENT_DIST,
    auth: opts.auth,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));

  return {
    baseUrl,
    browser,
    context,
    page,
    consoleErrors,
    async open(search = '') {
      await page.goto(`${baseUrl}/${search}`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, {
        timeout: 30_000,
      });
    },
    async shot(name) {
      const file = path.join(ARTIFACTS_DIR, `${prefix}-${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await new Promise<void>((r) => server.close(() => r()));
      await driver.close();
    },
  };
}

/** Opens the console panel and waits until its editor and schema are ready. */
export async function openConsole(s: BrowserSession): Promise<void> {
  await s.page.locator('#toggle-console').click();
  await s.page.locator('#cypher-editor .cm-content').waitFor();
  await s.page.locator('#console[data-schema="loaded"]').waitFor();
}

/** Replaces the console's text by typing it, then runs it with Ctrl+Enter; resolves on the answer. */
export async function runConsoleQuery(s: BrowserSession, query: string): Promise<Response> {
  await s.page.locator('#cypher-editor .cm-content').click();
  await s.page.keyboard.press('ControlOrMeta+a');
  await s.page.keyboard.press('Delete');
  await s.page.keyboard.insertText(query);
  const response = s.page.waitForResponse((r) => r.url().endsWith('/api/cypher'));
  await s.page.keyboard.press('Control+Enter');
  return response;
}
