// Every seed survey answered in each of its languages, and every page of it read on screen: at
// least one question's title per page (and a choice's text where the question lists them) must be
// the survey file's text for that language, not a hard-coded string. Before survey-core's default
// locale was set to Finnish, `?lang=en` showed the English buttons over Finnish questions.
// Every page (the thank-you page too) is checked with axe at 375 px and at 1440 px.
//
// The answers are each survey's minimal valid answer (test/fixtures/answers/*.minimal.json), put
// into the browser's draft before the form opens (as a reload restores it), so that one browser
// walks all 19 survey-language pairs in reasonable time; the resident test clicks its answers in.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../server/app.ts';
import { projectRoot } from '../../server/config.ts';
import { htmlLang, LANGUAGES, STRINGS, type Language } from '../../client/respond/i18n.tsx';
import { SURVEY_STRING_OVERRIDES } from '../../client/respond/survey/strings.ts';
import { surveysFolder, testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { axeViolations, eventually, launchBrowser, PHONE, phonePage, screenshot } from './support/browser.ts';
import { clientDir } from './support/client.ts';
import { nextPage, pick, question, receiptCode, write } from './support/survey.ts';

type Text = string | Record<string, string>;
type Element = { name?: string; type?: string; title?: Text; choices?: (string | { value: unknown; text?: Text })[] } & Record<string, unknown>;

const DESKTOP = { width: 1440, height: 900 };
const surveysDir = path.join(projectRoot, 'surveys');
const seedIds = fs
  .readdirSync(surveysDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const seedFile = (id: string) => JSON.parse(fs.readFileSync(path.join(surveysDir, `${id}.json`), 'utf8')) as { survey: object };

/** A form asking for a name and an e-mail address, as SurveyJS's documentation writes one (no envelope). */
const CONTACT_FORM = {
  title: { default: 'Palaute', en: 'Feedback' },
  pages: [
    {
      name: 'palaute',
      elements: [
        { type: 'rating', name: 'arvio', title: { default: 'Miten onnistuimme?', en: 'How did we do?' }, isRequired: true },
        { type: 'text', name: 'nimi', title: { default: 'Nimesi', en: 'Your name' } },
        { type: 'text', name: 'email', inputType: 'email', title: { default: 'Sähköpostiosoitteesi', en: 'Your e-mail address' } },
      ],
    },
  ],
};

/** The languages a definition has texts in, as the form's language switch offers them. */
function languagesOf(definition: unknown): Language[] {
  const keys = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (typeof object.default === 'string') Object.keys(object).forEach((k) => keys.add(k));
      else Object.values(object).forEach(visit);
    }
  };
  visit(definition);
  return LANGUAGES.filter((l) => l === 'fi' || keys.has(l));
}

/** The text a respondent reading `language` must see: its own, plain Finnish falling back to Finnish. */
function textIn(text: Text, language: Language): string {
  if (typeof text === 'string') return text;
  if (language === 'fi') return text.default ?? '';
  return text[language] ?? text.default ?? '';
}

function findElement(definition: unknown, name: string): Element | null {
  if (Array.isArray(definition)) {
    for (const item of definition) {
      const found = findElement(item, name);
      if (found) return found;
    }
  } else if (definition !== null && typeof definition === 'object') {
    const object = definition as Element;
    if (object.name === name && typeof object.type === 'string') return object;
    for (const key of ['pages', 'elements', 'templateElements']) {
      const found = key in object ? findElement(object[key], name) : null;
      if (found) return found;
    }
  }
  return null;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

let browser: Browser;
let database: TestDatabase;
let server: Awaited<ReturnType<typeof buildApp>>;
let url = '';

beforeAll(async () => {
  const files: Record<string, object | string> = { 'palaute.json': CONTACT_FORM };
  for (const id of seedIds) files[`${id}.json`] = fs.readFileSync(path.join(surveysDir, `${id}.json`), 'utf8');
  let dir: string;
  [browser, database, dir] = await Promise.all([launchBrowser(), freshDatabase(), clientDir()]);
  server = await buildApp(testConfig({ databaseUrl: database.url, surveysDir: surveysFolder(files), clientDir: dir }), { logger: false });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

/** axe at a phone's width and at a desktop's, then back to the phone. */
async function axeAtBothWidths(page: Page, where: string): Promise<void> {
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    const violations = await axeViolations(page);
    expect(violations, `${where} at ${size.width} px: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  }
  await page.setViewportSize(PHONE);
}

/** Opens a survey in a language with `data` already filled in (as a restored draft), on its first page. */
async function openWithDraft(page: Page, surveyId: string, language: Language, data: object): Promise<void> {
  const { version } = (await (await fetch(`${url}/api/surveys/${surveyId}`)).json()) as { version: number };
  await page.goto(`${url}/saavutettavuus`);
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key!, value!),
    [`kuulo:draft:${surveyId}:${version}`, JSON.stringify({ data, page: 0, startedAt: new Date().toISOString() })],
  );
  await page.goto(`${url}/s/${surveyId}?lang=${language}`);
  await page.locator('.sd-page .sd-question').first().waitFor();
}

/** The names of the questions shown on the form's current page, in order. */
const shownQuestions = (page: Page) =>
  page.locator('.sd-page .sd-question[data-name]').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getAttribute('data-name') ?? ''));

/**
 * Checks on screen that the page's first question with a title shows its title (and, for a list of
 * choices, its first choice) in `language`; returns whether the expected text differs from the
 * Finnish one, i.e. whether the check could tell the languages apart.
 */
async function checkPageTexts(page: Page, definition: object, language: Language, where: string): Promise<boolean> {
  const names = await shownQuestions(page);
  const name = names.find((n) => findElement(definition, n)?.title !== undefined);
  expect(name, `${where}: a question with a title on the page (${names.join(', ')})`).toBeDefined();
  const element = findElement(definition, name!)!;
  const expected = squash(textIn(element.title!, language));
  await eventually(async () => squash(await question(page, name!).locator('.sd-question__title').first().innerText()), 5_000).toContain(expected);
  let differs = expected !== squash(textIn(element.title!, 'fi'));
  const choice = (element.type === 'radiogroup' || element.type === 'checkbox') && element.choices?.find((c) => typeof c === 'object' && c.text !== undefined);
  if (choice && typeof choice === 'object') {
    const choiceText = squash(textIn(choice.text!, language));
    expect(squash(await question(page, name!).locator('.sd-item__control-label').first().innerText()), `${where}: ${name}'s first choice`).toBe(choiceText);
    differs ||= choiceText !== squash(textIn(choice.text!, 'fi'));
  }
  return differs;
}

const pairs = seedIds.flatMap((id) => languagesOf(seedFile(id).survey).map((language) => [id, language] as const));
/**
 * The language in which every page of a survey gets axe at both widths, in turn over the surveys so
 * that each language has whole surveys checked; in the others, the first page (with the language
 * switch in that language). The pages are the same elements in every language, and axe on every page of all 19 walks
 * took most of ten minutes.
 */
const fullAxeLanguage = (surveyId: string): Language => (['fi', 'sv', 'en'] as const)[seedIds.indexOf(surveyId) % 3]!;

describe('every seed survey in each of its languages', () => {
  it('covers fi, sv and en for every survey and plain Finnish and Arabic for the resident survey; every language gets whole surveys axe-checked', () => {
    // Languages are the files' data: a wave copied from the resident survey brings its plain Finnish and Arabic along.
    for (const id of seedIds) for (const language of ['fi', 'sv', 'en'] as const) expect(pairs).toContainEqual([id, language]);
    expect(pairs.every(([id, language]) => ['fi', 'sv', 'en'].includes(language) || id.startsWith('minun-arkeni'))).toBe(true);
    expect(pairs).toContainEqual(['minun-arkeni', 'fi-selko']);
    expect(pairs).toContainEqual(['minun-arkeni', 'ar']);
    expect(new Set(seedIds.map(fullAxeLanguage))).toEqual(new Set(['fi', 'sv', 'en']));
  });

  it.each(pairs)('%s in %s: its own texts on every page, axe clean at 375 and 1440 px, stored with its locale', { timeout: 180_000 }, async (surveyId, language) => {
    const definition = seedFile(surveyId).survey;
    const answer = JSON.parse(fs.readFileSync(path.join(projectRoot, `test/fixtures/answers/${surveyId}.minimal.json`), 'utf8')) as object;
    const { context, page, problems } = await phonePage(browser);
    await openWithDraft(page, surveyId, language, answer);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(htmlLang(language));
    // survey-core's own `lang` on the form: the locale itself (it wrote "en" on Finnish forms once Finnish was its default).
    await eventually(() => page.locator('.sd-root-modern').getAttribute('lang')).toBe(language);

    const t = STRINGS[language];
    let differs = 0;
    for (let pageNo = 1; ; pageNo++) {
      const where = `${surveyId} (${language}) page ${pageNo}`;
      if (await checkPageTexts(page, definition, language, where)) differs++;
      // Each Next adds one to the page number; the count is of the pages shown as the answers stand.
      const progress = await page.getByTestId('page-progress').innerText();
      const visible = await page.locator('.sd-page').count();
      expect(visible).toBe(1);
      expect(progress, where).toMatch(new RegExp(`^${t.pageProgress(pageNo, 99).replace('99', '\\d+')}$`));
      if (pageNo === 1 || language === fullAxeLanguage(surveyId)) await axeAtBothWidths(page, where);
      const complete = page.locator('.sd-navigation__complete-btn');
      if (await complete.isVisible()) {
        const root = language === 'fi-selko' ? 'fi' : language;
        expect(await complete.getAttribute('value') ?? (await complete.innerText())).toBe(SURVEY_STRING_OVERRIDES[root].completeText);
        await complete.click();
        break;
      }
      await nextPage(page);
      await eventually(() => page.getByTestId('page-progress').innerText(), 5_000).not.toBe(progress);
    }
    // Every language but Finnish itself must have been told apart from Finnish somewhere.
    if (language !== 'fi') expect(differs).toBeGreaterThan(0);

    expect(await receiptCode(page)).not.toBe('');
    await eventually(() => page.getByRole('heading', { name: t.thanksTitle }).isVisible()).toBe(true);
    // The seed surveys ask no name or contact details: the answer was anonymous.
    expect(await page.getByTestId('thanks-body').innerText()).toBe(t.thanksBody);
    if (language === fullAxeLanguage(surveyId)) await axeAtBothWidths(page, `${surveyId} (${language}) thank-you page`);
    const stored = await server.db.kysely.selectFrom('responses').select(['locale']).where('survey_id', '=', surveyId).where('locale', '=', language).execute();
    expect(stored).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the respondent pages around the form', () => {
  it('a link with ?lang=en opens the resident survey in English, on a phone and on a desktop', async () => {
    const definition = seedFile('minun-arkeni').survey;
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${url}/s/minun-arkeni?lang=en`);
    await page.locator('.sd-page .sd-question').first().waitFor();
    expect(await checkPageTexts(page, definition, 'en', 'minun-arkeni (en) first page')).toBe(true);
    expect(await page.getByTestId('page-progress').innerText()).toMatch(/^Page 1 of \d+$/);
    await screenshot(page, 'survey-en-first-page');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'survey-en-first-page-1440');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the page counter follows a page an answer shows, on the page where it is given, and never skips', async () => {
    const answer = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test/fixtures/answers/minun-arkeni.minimal.json'), 'utf8')) as Record<string, unknown>;
    const { muutostarve: _left, ...firstPages } = answer;
    const { context, page } = await phonePage(browser);
    await openWithDraft(page, 'minun-arkeni', 'fi', firstPages);
    const progress = () => page.getByTestId('page-progress').innerText();
    const seen = [await progress()];
    for (let i = 0; i < 3; i++) {
      await nextPage(page);
      await eventually(progress, 5_000).not.toBe(seen.at(-1));
      seen.push(await progress());
    }
    expect(seen).toEqual(['Sivu 1 / 6', 'Sivu 2 / 6', 'Sivu 3 / 6', 'Sivu 4 / 6']);
    // Wanting a change shows the page that asks what should change: counted at once, here.
    await pick(page, 'muutostarve', 'pieni_muutos');
    await eventually(progress, 5_000).toBe('Sivu 4 / 7');
    await nextPage(page);
    await question(page, 'muutos_osa_alueet').waitFor();
    await eventually(progress, 5_000).toBe('Sivu 5 / 7');
    await context.close();
  });

  it('says "you answered anonymously" only when no name or e-mail address went with the answer', async () => {
    const t = STRINGS.fi;
    const answerOnce = async (name: string | null) => {
      const { context, page, problems } = await phonePage(browser);
      await page.goto(`${url}/s/palaute`);
      await question(page, 'arvio').locator('input[value="4"]').waitFor({ state: 'attached' });
      await pick(page, 'arvio', 4);
      if (name) {
        await write(page, 'nimi', name);
        await question(page, 'email').locator('input').fill('maija@example.fi');
      }
      await page.locator('.sd-navigation__complete-btn').click();
      await receiptCode(page);
      const body = await page.getByTestId('thanks-body').innerText();
      expect(problems).toEqual([]);
      await context.close();
      return body;
    };
    expect(await answerOnce('Maija Meikäläinen')).toBe(t.thanksBodyIdentified);
    expect(await answerOnce(null)).toBe(t.thanksBody);
  });

  it.each(['/s/ei-tallaista-kyselya'])('%s (not found) has its h1 and no axe violations at either width', async (path) => {
    const { context, page } = await phonePage(browser);
    await page.goto(url + path);
    await page.locator('h1').first().waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    await axeAtBothWidths(page, path);
    await context.close();
  });
});
