import { expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../../server/config.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless. One per test file. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export const PHONE = { width: 375, height: 812 };

export interface PhonePage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors and Content-Security-Policy refusals seen so far (should stay empty). */
  readonly problems: string[];
}

/** A fresh context (empty storage and cache) at a phone's viewport, watching for script errors and CSP refusals. */
export async function phonePage(browser: Browser): Promise<PhonePage> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'fi-FI' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  return { context, page, problems };
}

export const artifactsDir = path.join(projectRoot, 'test/artifacts');

/** A full-page screenshot under test/artifacts/ (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const AXE_SOURCE = fs.readFileSync(path.join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is. The source is evaluated through
 * the DevTools protocol, so the page's Content-Security-Policy stays on. `rules` adds rules by
 * id that those tags leave out (axe's best practices, such as landmark-unique: two landmarks of one
 * kind named alike).
 */
export async function axeViolations(page: Page, options: { rules?: readonly string[] } = {}): Promise<AxeViolation[]> {
  // Once per document: evaluating axe's half a megabyte again on every check of a page walked
  // through without reloading (a form's pages) cost more than the check.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // A view that is reloading is dimmed (aria-busy, opacity fading back over 0.2 s): checked then,
  // its colours fail contrast although the settled page passes. Judge the page once it has settled.
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.getAnimations().every((a) => !(a instanceof CSSTransition)), null, { timeout: 10_000, polling: 50 })
    .catch(() => undefined);
  return page.evaluate(async (rules) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    const extra = rules.length > 0 ? (await axe.run(document, { runOnly: { type: 'rule', values: rules } })).violations : [];
    const seen = new Set(result.violations.map((v) => v.id));
    return [...result.violations, ...extra.filter((v) => !seen.has(v.id))].map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  }, [...(options.rules ?? [])]);
}

/** `expect.poll` with room for a phone-sized page that renders, retries or waits for a server. */
export const eventually = <T>(read: () => Promise<T> | T, timeout = 15_000) => expect.poll(read, { timeout, interval: 100 });
