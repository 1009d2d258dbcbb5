// The survey editor's journey in real Chromium, keyboard only, axe on every view: an author builds
// the organisation survey's first page (surveys/jarjestoyhteistyo.json) from scratch, writes a
// condition (first by hand, with a typo the field names, then with the picker), translates it to
// Swedish through the translator's XLSX (downloaded, filled with exceljs, uploaded), sees the
// difference and publishes; a respondent answers it in Swedish and sees the Swedish texts and the
// condition at work; an analyst finds the answer. A second version that removes a choice needs the
// comparability confirmation, which the audit log records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FileChooser, Locator, Page } from 'playwright-core';
import { listAudit } from '../../db/audit.ts';
import { findDraft, saveDraft } from '../../db/authoring.ts';
import { artifactsDir, axeViolations, eventually, launchBrowser, PHONE, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { account, signInThroughPage, watchedPage, type Environment } from './support/workspace.ts';

const SURVEY = 'jarjestokysely-selain';
type Json = Record<string, unknown>;
type Localised = { default: string; sv: string; en?: string };
interface SeedChoice {
  value: string;
  text: Localised;
}
interface SeedQuestion {
  type: string;
  name: string;
  title: Localised;
  description?: Localised;
  isRequired?: boolean;
  showOtherItem?: boolean;
  choices: SeedChoice[];
}
const seed = JSON.parse(fs.readFileSync(path.resolve('surveys/jarjestoyhteistyo.json'), 'utf8')) as { title: Localised; survey: { pages: { name: string; title: Localised; elements: SeedQuestion[] }[] } };
const firstPage = seed.survey.pages[0]!;
/** The picker's condition: the staff question is shown to organisations other than local associations. */
const CONDITION_VALUES = ['piiri_tai_aluejarjesto', 'valtakunnallinen_jarjesto', 'palveluja_tuottava_jarjesto', 'saatio'];

let browser: Browser;
let env: Environment;
let authorEmail: string;
let analystEmail: string;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-authoring-'));

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  authorEmail = (await account(env, { role: 'author' })).email;
  analystEmail = (await account(env, { role: 'analyst' })).email;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A text as the editor may hold it, plain or per locale: its Finnish. */
const fiText = (text: unknown) => (typeof text === 'string' ? text : ((text as { default?: string } | null)?.default ?? null));

/** Presses Tab (or Shift+Tab) until `target` has the focus: the way a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, { back = false, limit = 120 } = {}): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(target)}; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
}

/** Types into the focused field, replacing what it held. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

/** Chooses an option of the focused native select by its text, with the arrow keys. */
async function chooseOption(page: Page, select: Locator, text: string): Promise<void> {
  const options = await select.locator('option').allTextContents();
  const target = options.findIndex((o) => o.trim() === text || o.trim().startsWith(text));
  if (target < 0) throw new Error(`no option '${text}' among ${options.join(' | ')}`);
  await page.keyboard.press('Home');
  for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
  await expect.poll(() => select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent?.trim() ?? '')).toMatch(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

/** Opens the focused file field's chooser from the keyboard: Space, and Enter if a busy browser let the first press pass. */
async function openFileChooser(page: Page): Promise<FileChooser> {
  for (const key of ['Space', 'Enter', 'Space']) {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }).catch(() => null), page.keyboard.press(key)]);
    if (chooser) return chooser;
  }
  throw new Error(`no file chooser opened; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
}

async function axeClean(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  // Soft: a view's violations are all reported at the end, and the journey goes on to the next view.
  expect.soft(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Opens one of the draft's tabs from its tab list, by keyboard. */
async function openTab(page: Page, name: string, heading: RegExp | string): Promise<void> {
  const link = page.getByRole('navigation', { name: 'Luonnoksen välilehdet' }).getByRole('link', { name, exact: true });
  await tabTo(page, link, { back: true, limit: 400 });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: heading }).waitFor();
}

/** The saved draft on the server once the editor's autosave has caught up. */
async function savedDraft(page: Page): Promise<Json> {
  await eventually(() => page.getByTestId('save-status').getAttribute('data-phase'), 20_000).toBe('saved');
  const row = await findDraft(env.server.app.db.kysely, SURVEY);
  return JSON.parse(row!.file) as Json;
}

/** Adds one question of the seed's first page through the structure tab, every field by keyboard. */
async function buildQuestion(page: Page, q: SeedQuestion): Promise<void> {
  const typeSelect = page.getByLabel('Kysymystyyppi (Sivu 1)');
  await tabTo(page, typeSelect, { back: true, limit: 400 });
  await chooseOption(page, typeSelect, q.type === 'checkbox' ? 'Monivalinta' : 'Yksi valinta');
  await tabTo(page, typeSelect.locator('xpath=ancestor::div[contains(@class,"add-question")]').getByRole('button', { name: 'Lisää kysymys' }));
  await page.keyboard.press('Enter'); // the new question opens with its name field focused
  await expect
    .poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.control ?? document.activeElement?.outerHTML.slice(0, 160)), { timeout: 15_000 })
    .toBe('name');
  await retype(page, q.name);
  await page.keyboard.press('Tab'); // the name applies when the field is left
  const group = page.getByRole('group', { name: `Muokkaa kysymystä ${q.name}` });
  await group.waitFor().catch(async (error: Error) => {
    const names = await page.locator('.question-editor').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
    throw new Error(`no editor of ${q.name}: editors ${JSON.stringify(names)}, focus on ${focused}`, { cause: error });
  });
  await tabTo(page, group.getByLabel('Kysymysteksti (suomeksi)'));
  await retype(page, q.title.default);
  if (q.description) {
    await tabTo(page, group.getByLabel('Ohje (suomeksi)'));
    await retype(page, q.description.default);
  }
  if (q.isRequired) {
    await tabTo(page, group.getByLabel('Pakollinen', { exact: true }));
    await page.keyboard.press('Space');
  }
  const existing = await group.locator('input[data-control="label"]').count();
  for (let i = 0; i < q.choices.length; i++) {
    const choice = q.choices[i]!;
    if (i >= existing) {
      await tabTo(page, group.getByRole('button', { name: 'Lisää vaihtoehto' }));
      await page.keyboard.press('Enter'); // focus moves to the new choice's text
      await expect.poll(() => group.locator('input[data-control="label"]').count()).toBe(i + 1);
    } else await tabTo(page, group.getByLabel(`Teksti ${i + 1}`, { exact: true }));
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.control)).toBe('label');
    await retype(page, choice.text.default);
    await page.keyboard.press('Tab');
    await retype(page, choice.value);
  }
  // Choices the new question came with beyond the seed's are removed.
  for (let n = await group.locator('input[data-control="label"]').count(); n > q.choices.length; n--) {
    await tabTo(page, group.getByRole('button', { name: `Poista ${n}.`, exact: true }), { back: true });
    await page.keyboard.press('Enter');
  }
  if (q.showOtherItem) {
    await tabTo(page, group.getByLabel('Muu, mikä? -vaihtoehto'));
    await page.keyboard.press('Space');
  }
}

describe('an author writes, translates and publishes a survey in the browser; a respondent answers it and an analyst sees it', () => {
  it('goes from an empty draft to a published Swedish survey, answered and counted, keyboard only', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/laadinta`, authorEmail);
    await page.getByRole('heading', { level: 1, name: 'Kyselyjen laadinta' }).waitFor();
    await axeClean(page, 'the list');

    // A new, empty survey.
    await tabTo(page, page.getByLabel('Tunnus', { exact: true }));
    await retype(page, SURVEY);
    await tabTo(page, page.getByRole('button', { name: 'Luo luonnos' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Luonnos: / }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Sivut' }).waitFor();

    // The first page, from scratch: its title, then each question with its choices.
    await tabTo(page, page.getByLabel('Sivun otsikko').first());
    await retype(page, firstPage.title.default);
    for (const q of firstPage.elements) await buildQuestion(page, q);

    // A condition typed by hand: the typo is named at the field, tied to it for a screen reader.
    const staff = page.getByRole('group', { name: 'Muokkaa kysymystä henkilosto' });
    const field = staff.getByLabel('Näytetään, jos');
    await tabTo(page, field);
    await page.keyboard.type('{jarjestotyypi} notempty');
    await eventually(() => field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ');
    const description = (await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()))).join(' ');
    expect(description).toContain('Ehto viittaa nimeen {jarjestotyypi}, mutta kyselyssä ei ole sen nimistä kysymystä eikä laskettua arvoa.');
    await retype(page, '{jarjestotyyppi} notempty');
    await eventually(() => field.getAttribute('aria-invalid')).toBe('false');
    await eventually(() => staff.locator('.condition-reading').first().innerText()).toBe('Luettuna: «Millainen järjestö on kyseessä?» on vastattu');
    await retype(page, '');

    // The same condition's real form built with the picker: question → "is any of" → four types.
    await tabTo(page, staff.getByText('Rakenna ehto valitsemalla').first());
    await page.keyboard.press('Enter');
    const picker = staff.locator('details.condition-picker').first();
    await tabTo(page, picker.getByLabel('Kysymys', { exact: true }));
    await chooseOption(page, picker.getByLabel('Kysymys', { exact: true }), 'Millainen järjestö on kyseessä?');
    await tabTo(page, picker.getByLabel('Ehto', { exact: true }));
    await chooseOption(page, picker.getByLabel('Ehto', { exact: true }), 'on jokin seuraavista');
    const typeTexts = firstPage.elements[0]!.choices;
    for (const value of CONDITION_VALUES) {
      await tabTo(page, picker.getByRole('checkbox', { name: typeTexts.find((c) => c.value === value)!.text.default }));
      await page.keyboard.press('Space');
    }
    await tabTo(page, picker.getByRole('button', { name: 'Lisää ehtoon' }));
    await page.keyboard.press('Enter');
    const expression = `{jarjestotyyppi} anyof [${CONDITION_VALUES.map((v) => `'${v}'`).join(', ')}]`;
    await eventually(() => field.inputValue()).toBe(expression);
    await eventually(() => staff.locator('.condition-reading').first().innerText()).toBe(
      `Luettuna: «Millainen järjestö on kyseessä?» on jokin seuraavista: ${CONDITION_VALUES.map((v) => `«${typeTexts.find((c) => c.value === v)!.text.default}»`).join(', ')}`,
    );
    await axeClean(page, 'the structure tab with a condition');
    // The question's conditions alone: the full page is six screens of choices.
    await staff.locator('fieldset').filter({ hasText: 'Näytetään, jos' }).last().screenshot({ path: path.join(artifactsDir, 'authoring-conditions.png') });

    // What the editor saved is the seed's first page, question for question.
    const built = (await savedDraft(page)).survey as { pages: { title: unknown; elements: Json[] }[] };
    expect(fiText(built.pages[0]!.title)).toEqual(firstPage.title.default);
    expect(built.pages[0]!.elements.map((e) => [e.type, e.name, fiText(e.title), e.isRequired ?? false, (e.choices as { value: string; text: unknown }[]).map((c) => [c.value, fiText(c.text)])])).toEqual(
      firstPage.elements.map((q) => [q.type, q.name, q.title.default, q.isRequired ?? false, q.choices.map((c) => [c.value, c.text.default])]),
    );
    expect(built.pages[0]!.elements[2]!.visibleIf).toBe(expression);

    // Swedish through the translator's workbook: downloaded, filled in with exceljs, uploaded.
    await openTab(page, 'Käännökset', 'Käännökset');
    await axeClean(page, 'the translations tab');
    const downloadButton = page.getByRole('button', { name: /^Lataa/ }).first();
    await tabTo(page, downloadButton);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const workbookPath = path.join(work, 'tekstit.xlsx');
    await download.saveAs(workbookPath);
    const swedish = new Map<string, string>([[SURVEY, seed.title.sv], [firstPage.title.default, firstPage.title.sv]]);
    for (const q of firstPage.elements) {
      swedish.set(q.title.default, q.title.sv);
      if (q.description) swedish.set(q.description.default, q.description.sv);
      for (const c of q.choices) swedish.set(c.text.default, c.text.sv);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(workbookPath);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const fiColumn = header.indexOf('fi');
    let svColumn = header.indexOf('sv');
    if (svColumn < 0) {
      svColumn = header.length;
      sheet.getRow(1).getCell(svColumn).value = 'sv';
    }
    expect(fiColumn).toBeGreaterThan(0);
    let filled = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const source = String(row.getCell(fiColumn).value ?? '');
      const sv = swedish.get(source);
      if (sv) {
        row.getCell(svColumn).value = sv;
        filled++;
      }
    });
    expect(filled).toBeGreaterThanOrEqual(1 + 3 + 1 + 18);
    const filledPath = path.join(work, 'tekstit-sv.xlsx');
    await workbook.xlsx.writeFile(filledPath);
    const fileInput = page.getByLabel(/^Tiedosto/).first();
    await tabTo(page, fileInput);
    await (await openFileChooser(page)).setFiles(filledPath);
    await tabTo(page, page.getByRole('button', { name: /^Tuo|^Lähetä|^Lataa tiedosto/ }).last());
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('translations-outcome').innerText(), 30_000).toMatch(/ruotsi|svenska/i);
    await axeClean(page, 'the translations tab after the import');
    await screenshot(page, 'authoring-journey-translations');
    const translated = (await savedDraft(page)).survey as { pages: { elements: Json[] }[] };
    expect(translated.pages[0]!.elements[0]!.title).toEqual({ default: firstPage.elements[0]!.title.default, sv: firstPage.elements[0]!.title.sv });

    // The preview: the respondent page itself at a phone's 375 px, in Swedish, with the condition at work.
    await openTab(page, 'Esikatselu', 'Esikatselu');
    const phoneButton = page.getByRole('button', { name: 'Puhelin (375 px)' });
    await tabTo(page, phoneButton);
    if ((await phoneButton.getAttribute('aria-pressed')) !== 'true') await page.keyboard.press('Enter');
    const swedishButton = page.getByRole('group', { name: 'Kieli' }).getByRole('button', { name: 'Svenska' });
    await tabTo(page, swedishButton);
    await page.keyboard.press('Enter');
    const frameElement = page.locator('iframe[title^="Vastaajan sivun esikatselu"]');
    const preview = frameElement.contentFrame();
    await preview.getByText(firstPage.elements[0]!.title.sv).waitFor({ timeout: 30_000 });
    expect(Math.round((await frameElement.boundingBox())!.width)).toBe(375);
    expect(await preview.locator('[data-name="henkilosto"]').isVisible()).toBe(false);
    await axeClean(page, 'the preview tab at 375 px in Swedish');
    await screenshot(page, 'authoring-journey-preview');

    // The difference against nothing published: every question is new; publishing makes version 1.
    await openTab(page, 'Julkaisu', 'Julkaisu');
    const diff = page.getByTestId('publish-diff');
    await diff.getByRole('heading', { name: 'Lisätyt kysymykset (3)' }).waitFor();
    expect(await diff.getByRole('listitem').allInnerTexts()).toEqual(firstPage.elements.map((q) => `${q.title.default} (${q.name})`));
    await expect.poll(() => page.getByText('Mikään tarkistus ei estä julkaisua.').count()).toBe(1);
    await axeClean(page, 'the publish tab');
    await tabTo(page, page.getByRole('button', { name: 'Julkaise', exact: true }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Julkaistu. Kysely on nyt vastattavissa versiona 1.' }).waitFor({ timeout: 30_000 });
    await axeClean(page, 'the publish tab after publishing');
    expect(env.server.app.catalog.get(SURVEY)?.version).toBe(1);
    expect(problems).toEqual([]);
    await close();

    // A respondent answers in Swedish on a phone: the Swedish texts, and the condition at work.
    const respondent = await watchedPage(browser, PHONE);
    const r = respondent.page;
    await r.goto(`${env.server.url}/s/${SURVEY}?lang=sv`);
    await r.getByText(firstPage.elements[0]!.title.sv).waitFor();
    await axeClean(r, 'the respondent page in Swedish');
    const staffQuestion = r.locator(`[data-name="henkilosto"]`);
    expect(await staffQuestion.isVisible()).toBe(false);
    // A radio group is one Tab stop: the arrows move and choose within it.
    await tabTo(r, r.getByRole('radio', { name: 'Lokal förening' }));
    await r.keyboard.press('Space');
    expect(await staffQuestion.isVisible()).toBe(false);
    for (let i = 0; i < 4; i++) await r.keyboard.press('ArrowDown');
    expect(await r.getByRole('radio', { name: 'Stiftelse' }).isChecked()).toBe(true);
    await staffQuestion.getByText(firstPage.elements[2]!.title.sv).waitFor();
    await tabTo(r, r.getByRole('checkbox', { name: 'Kultur och konst' }));
    await r.keyboard.press('Space');
    await tabTo(r, staffQuestion.getByRole('radio', { name: 'Nej, verksamheten bygger på frivilliga' }));
    await r.keyboard.press('ArrowDown');
    expect(await staffQuestion.getByRole('radio', { name: 'Ja, 1–4 personer' }).isChecked()).toBe(true);
    await screenshot(r, 'authoring-journey-respondent-sv');
    await tabTo(r, r.locator('.sd-navigation__complete-btn'));
    await r.keyboard.press('Enter');
    await eventually(async () => (await env.server.app.db.kysely.selectFrom('responses').select(['survey_id', 'locale', 'data']).where('survey_id', '=', SURVEY).execute()).length, 30_000).toBe(1);
    const stored = await env.server.app.db.kysely.selectFrom('responses').select(['locale', 'data', 'survey_version']).where('survey_id', '=', SURVEY).executeTakeFirstOrThrow();
    expect(stored.locale).toBe('sv');
    expect(stored.survey_version).toBe(1);
    expect(JSON.parse(String(stored.data))).toMatchObject({ jarjestotyyppi: 'saatio', toimiala: ['kulttuuri'], henkilosto: '1_4' });
    expect(respondent.problems).toEqual([]);
    await respondent.close();

    // The analyst finds it among the surveys, with its answer counted.
    const analyst = await watchedPage(browser);
    await signInThroughPage(analyst.page, `${env.server.url}/tyotila`, analystEmail);
    const row = analyst.page.getByRole('row', { name: new RegExp(SURVEY) });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/\b1\b/);
    await axeClean(analyst.page, "the analyst's survey list");
    expect(analyst.problems).toEqual([]);
    await analyst.close();
  }, 600_000);

  it('publishes a version that removes a choice only once the author confirms what comparability it breaks, and the audit log records it', async () => {
    // The next version's draft, as the editor saves it: a choice removed, another relabelled.
    const served = env.server.app.catalog.fileOf(SURVEY) as { survey: { pages: { elements: Json[] }[] } } & Json;
    expect(served, 'the first test published the survey').toBeTruthy();
    const next = structuredClone(served);
    const types = next.survey.pages[0]!.elements[0]!;
    types.choices = (types.choices as { value: string; text: Json }[]).filter((c) => c.value !== 'saatio').map((c) => (c.value === 'paikallisyhdistys' ? { ...c, text: { ...c.text, default: 'Paikallinen yhdistys tai kerho' } } : c));
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/laadinta`, authorEmail);
    const list = page.getByRole('row', { name: new RegExp(SURVEY) });
    await tabTo(page, list.getByRole('button', { name: /Uusi versio|Luonnos kyselyn/ }).first());
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Luonnos: / }).waitFor();
    const draft = await findDraft(env.server.app.db.kysely, SURVEY);
    expect(await saveDraft(env.server.app.db.kysely, SURVEY, draft!.revision, { file: JSON.stringify(next), updatedAt: new Date().toISOString(), updatedBy: null })).not.toBeNull();
    await page.reload();
    await openTab(page, 'Julkaisu', 'Julkaisu');

    const diff = page.getByTestId('publish-diff');
    await diff.getByRole('heading', { name: 'Muutetut kysymykset (1)' }).waitFor();
    const change = diff.getByRole('listitem').filter({ hasText: '(jarjestotyyppi)' }).first();
    expect(await change.innerText()).toContain('Rikkoo vertailtavuuden');
    expect(await change.innerText()).toContain('poistettu: «Säätiö» (saatio)');
    expect(await change.innerText()).toContain('teksti muuttunut: «Paikallinen yhdistys» (paikallisyhdistys) → «Paikallinen yhdistys tai kerho» (paikallisyhdistys)');
    const publish = page.getByRole('button', { name: 'Julkaise', exact: true });
    expect(await publish.isDisabled()).toBe(true);
    await page.getByText('Vahvista ensin vertailtavuuden rikkovat muutokset.').waitFor();
    await axeClean(page, 'the publish tab with a breaking change');
    await screenshot(page, 'authoring-publish-diff');

    await tabTo(page, page.getByRole('checkbox', { name: /^Ymmärrän, että tulokset eivät ole vertailukelpoisia/ }), { back: true, limit: 200 });
    await page.keyboard.press('Space');
    await tabTo(page, publish);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Julkaistu versiona 2 (aiemmin 1).' }).waitFor({ timeout: 30_000 });
    const [entry] = await listAudit(env.server.app.db.kysely, { limit: 1, action: 'survey.published' });
    expect(entry!.target).toBe(SURVEY);
    expect(JSON.parse(String(entry!.details))).toMatchObject({ version: 2, previousVersion: 1, breakingConfirmed: ['jarjestotyyppi: choice(s) saatio removed'] });
    expect(problems).toEqual([]);
    await close();
  }, 300_000);
});
