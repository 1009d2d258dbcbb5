/**
 * The respondent page on a weak rural connection: its JS and CSS as sent (gzip and brotli bytes),
 * and the time from navigation until the resident survey's first question can be answered, in
 * Chromium throttled to 1.6 Mbit/s down and up with 150 ms latency (CDP
 * Network.emulateNetworkConditions), on a first visit (empty cache) and a repeat visit (warm HTTP
 * cache). The light front page, measured the same way, is the baseline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../server/app.ts';
import { projectRoot } from '../../server/config.ts';
import { testConfig } from '../helpers/app.ts';
import { buildClient } from '../e2e/support/build.ts';
import { launchBrowser } from '../e2e/support/browser.ts';

const SURVEY = 'minun-arkeni';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const THROTTLE = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (1.6e6 / 8) | 0 };

export interface AssetSizes {
  readonly files: number;
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

export interface RespondentFigures {
  readonly js: AssetSizes;
  readonly css: AssetSizes;
  /** Median milliseconds from navigation start until the first question takes an answer. */
  readonly firstVisitMs: number;
  readonly repeatVisitMs: number;
  /** The front page (no survey-core), until its list of surveys shows: the baseline. */
  readonly baselineFirstVisitMs: number;
  readonly baselineRepeatVisitMs: number;
  /** Bytes over the wire on the first and the repeat visit of the survey page. */
  readonly firstVisitBytes: number;
  readonly repeatVisitBytes: number;
}

/** The scripts and styles survey.html loads (entry, preloads, stylesheets), with their compressed sizes as built. */
function pageAssets(clientDir: string, html: string): { js: AssetSizes; css: AssetSizes } {
  const text = fs.readFileSync(path.join(clientDir, html), 'utf8');
  const urls = [...text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  const sizes = (ext: string): AssetSizes => {
    const files = [...new Set(urls.filter((u) => u.endsWith(ext)))].map((u) => path.join(clientDir, u));
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    return {
      files: files.length,
      raw: files.reduce((n, f) => n + size(f), 0),
      gzip: files.reduce((n, f) => n + size(`${f}.gz`), 0),
      brotli: files.reduce((n, f) => n + size(`${f}.br`), 0),
    };
  };
  return { js: sizes('.js'), css: sizes('.css') };
}

// Runs in the page before any of its scripts: notes when the first answerable control appears.
const WATCH_FIRST_CONTROL = `
  (() => {
    const selector = window.location.pathname.startsWith('/s/')
      ? '.sd-question input:not([readonly]), .sd-question .sd-dropdown, .sd-question textarea'
      : '.survey-list a';
    const seen = () => {
      if (window.__kuuloReady === undefined && document.querySelector(selector)) window.__kuuloReady = performance.now();
      return window.__kuuloReady !== undefined;
    };
    new MutationObserver((_, observer) => { if (seen()) observer.disconnect(); })
      .observe(document, { childList: true, subtree: true });
  })();
`;

async function visit(page: Page, url: string): Promise<{ ms: number; bytes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    bytes += event.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __kuuloReady?: number }).__kuuloReady !== undefined, undefined, { timeout: 60_000 });
  const ms = await page.evaluate(() => (window as unknown as { __kuuloReady: number }).__kuuloReady);
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return { ms: Math.round(ms), bytes };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
};

/** First and repeat visits of `url`, each in a new browser context (an empty cache), `RUNS` times. */
async function visits(browser: Browser, url: string) {
  const first: { ms: number; bytes: number }[] = [];
  const repeat: { ms: number; bytes: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    await context.addInitScript(WATCH_FIRST_CONTROL);
    first.push(await visit(await context.newPage(), url));
    repeat.push(await visit(await context.newPage(), url));
    await context.close();
  }
  return {
    firstMs: median(first.map((v) => v.ms)),
    repeatMs: median(repeat.map((v) => v.ms)),
    firstBytes: median(first.map((v) => v.bytes)),
    repeatBytes: median(repeat.map((v) => v.bytes)),
  };
}

export async function benchRespondent(): Promise<RespondentFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-bench-client-'));
  const clientDir = path.join(dir, 'client');
  await buildClient(clientDir);
  const config = testConfig({ databaseUrl: path.join(dir, 'kuulo.db'), surveysDir: path.join(projectRoot, 'surveys'), clientDir });
  const app = await buildApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchBrowser();
  try {
    const survey = await visits(browser, `${base}/s/${SURVEY}`);
    const front = await visits(browser, `${base}/`);
    return {
      ...pageAssets(clientDir, 'survey.html'),
      firstVisitMs: survey.firstMs,
      repeatVisitMs: survey.repeatMs,
      baselineFirstVisitMs: front.firstMs,
      baselineRepeatVisitMs: front.repeatMs,
      firstVisitBytes: survey.firstBytes,
      repeatVisitBytes: survey.repeatBytes,
    };
  } finally {
    await browser.close();
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx test/bench/respondent.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchRespondent();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log('\nRespondent page /s/minun-arkeni at 1.6 Mbit/s, 150 ms latency (median of', RUNS, 'runs)');
  console.table({
    'JS (gzip / brotli)': `${kb(figures.js.gzip)} / ${kb(figures.js.brotli)} in ${figures.js.files} files`,
    'CSS (gzip / brotli)': `${kb(figures.css.gzip)} / ${kb(figures.css.brotli)} in ${figures.css.files} files`,
    'first question answerable, first visit': `${figures.firstVisitMs} ms (${kb(figures.firstVisitBytes)} transferred)`,
    'first question answerable, repeat visit': `${figures.repeatVisitMs} ms (${kb(figures.repeatVisitBytes)} transferred)`,
    'baseline: front page, first / repeat': `${figures.baselineFirstVisitMs} / ${figures.baselineRepeatVisitMs} ms`,
  });
}
