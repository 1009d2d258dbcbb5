// The survey editor's translations tab in real Chromium: a draft of the organisation survey with some
// Swedish texts missing shows how much each language has and filters the untranslated; a Swedish cell
// typed in is autosaved into the draft; the translator's XLSX downloads, comes back filled (exceljs,
// as a translator's Excel would save it) and its counts show; a new language (Arabic) is added with
// the survey's name in it. axe on each view; screenshot test/artifacts/authoring-translations.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { findDraft, insertDraft } from '../../db/authoring.ts';
import { surveyTexts } from '../../server/authoring/translation-texts.ts';
import { axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { account, signInThroughPage, watchedPage, type Environment } from './support/workspace.ts';

const DRAFT = 'kaannettava';
type Json = Record<string, unknown>;
type Question = { name: string; title: Record<string, string>; choices?: { value: string; text: Record<string, string> }[] };

let browser: Browser;
let env: Environment;
let authorEmail: string;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-kaannokset-'));
/** The organisation survey with the Swedish of its first page's question titles taken out. */
const file = JSON.parse(fs.readFileSync(path.resolve('surveys/jarjestoyhteistyo.json'), 'utf8')) as Json & { survey: { pages: { elements: Question[] }[] } };
file.id = DRAFT;
const firstPage = file.survey.pages[0]!.elements;
for (const q of firstPage) delete q.title.sv;
const total = surveyTexts(file).length;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  authorEmail = (await account(env, { role: 'author' })).email;
  const at = new Date().toISOString();
  await insertDraft(env.server.app.db.kysely, { survey_id: DRAFT, file: JSON.stringify(file), revision: 1, created_at: at, created_by: null, updated_at: at, updated_by: null });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function axeClean(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

const completenessOf = (page: Page, language: string) => page.getByTestId('translations-completeness').locator(`tr[data-language="${language}"] td`).innerText().then((s) => s.trim());
const saved = async () => JSON.parse((await findDraft(env.server.app.db.kysely, DRAFT))!.file) as Json;

describe('the translations tab', () => {
  it('shows completeness, filters the untranslated, saves a typed cell, and round-trips the XLSX', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/laadinta/${DRAFT}/kaannokset`, authorEmail);
    await page.getByRole('heading', { level: 2, name: 'Käännökset' }).waitFor();
    const missing = firstPage.length;
    await eventually(() => completenessOf(page, 'sv')).toBe(`${total - missing} / ${total}`);
    expect(await completenessOf(page, 'en')).toBe(`${total} / ${total}`);
    expect(await completenessOf(page, 'fi-selko')).toBe(`0 / ${total}`);
    await axeClean(page, 'the translations tab');

    // Only the Swedish gaps: the first page's question titles.
    await page.getByLabel('Näytä', { exact: true }).selectOption('sv');
    await eventually(() => page.getByTestId('translations-table').locator('tbody tr').count()).toBe(missing);
    const first = firstPage[0]!;
    const cell = page.getByLabel(`ruotsi (sv): ${first.name}.title`, { exact: true });
    await cell.fill('Aktören du representerar');
    // The row stays while its language is translated; the count and the draft follow.
    await eventually(() => completenessOf(page, 'sv')).toBe(`${total - missing + 1} / ${total}`);
    await eventually(() => page.getByTestId('save-status').getAttribute('data-phase'), 20_000).toBe('saved');
    await eventually(async () => surveyTexts(await saved()).find((x) => x.key === `${first.name}.title`)!.texts.sv, 20_000).toBe('Aktören du representerar');

    // The workbook, with the author's typed cell in it, filled in by a translator.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Lataa tekstit (XLSX)' }).click()]);
    const downloaded = path.join(work, 'tekstit.xlsx');
    await download.saveAs(downloaded);
    expect(download.suggestedFilename()).toBe(`${DRAFT}-kaannokset.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(downloaded);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const sv = header.indexOf('sv');
    let filled = 0;
    sheet.eachRow((row) => {
      const key = String(row.getCell(1).value ?? '');
      if (key === `${first.name}.title`) expect(row.getCell(sv).value).toBe('Aktören du representerar');
      const q = firstPage.slice(1).find((x) => key === `${x.name}.title`);
      if (q) {
        row.getCell(sv).value = `${q.title.default} (sv)`;
        filled++;
      }
    });
    expect(filled).toBe(missing - 1);
    const filledPath = path.join(work, 'tekstit-sv.xlsx');
    await workbook.xlsx.writeFile(filledPath);
    await page.getByLabel('Tiedosto (täytetty XLSX)').setInputFiles(filledPath);
    await page.getByRole('button', { name: 'Tuo käännökset' }).click();
    await eventually(() => page.getByTestId('translations-outcome').innerText(), 30_000).toBe(`Käännökset tuotu: ruotsi (sv) ${missing - 1}, englanti (en) 0, selkosuomi (fi-selko) 0.`);
    await eventually(() => completenessOf(page, 'sv')).toBe(`${total} / ${total}`);
    const stored = (await saved()).survey as { pages: { elements: Question[] }[] };
    expect(stored.pages[0]!.elements.map((q) => q.title.sv)).toEqual(firstPage.map((q, i) => (i === 0 ? 'Aktören du representerar' : `${q.title.default} (sv)`)));
    await axeClean(page, 'the translations tab after the import');

    // A new language: a column with the survey's name as its first text.
    await page.getByLabel('Kielikoodi (ISO 639, esim. ar, so, uk)').fill('ar');
    await page.getByLabel('Kyselyn nimi tällä kielellä').fill('التعاون مع المنظمات');
    await page.getByRole('button', { name: 'Lisää kieli', exact: true }).click();
    await eventually(() => completenessOf(page, 'ar')).toBe(`1 / ${total}`);
    await page.getByLabel('Näytä', { exact: true }).selectOption('');
    const arabic = page.getByLabel('arabia (ar): envelope.title', { exact: true });
    expect(await arabic.inputValue()).toBe('التعاون مع المنظمات');
    expect(await arabic.getAttribute('lang')).toBe('ar');
    await eventually(async () => ((await saved()).title as Record<string, string>).ar, 20_000).toBe('التعاون مع المنظمات');
    await axeClean(page, 'the translations tab with Arabic');
    await page.getByTestId('translations-completeness').scrollIntoViewIfNeeded();
    await screenshot(page, 'authoring-translations');
    expect(problems).toEqual([]);
    await close();
    // A minute on a quiet machine; the shared test machine's load makes it several.
  }, 300_000);
});
