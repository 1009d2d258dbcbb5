// The resident survey in a right-to-left language (Arabic) on a phone: answered to the end, every
// page's texts the survey file's Arabic ones, the page and the form mirrored (measured in the page),
// axe clean on each page, municipality names and codes still readable left to right. The answer is
// stored with the same choice values as a Finnish one and moves the analyst's figures exactly as the
// same answer in Finnish does.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../server/config.ts';
import { STRINGS } from '../../client/respond/i18n.tsx';
import { RIGHTS_TEXTS } from '../../client/respond/rights/texts.ts';
import { SURVEY_STRING_OVERRIDES } from '../../client/respond/survey/strings.ts';
import { addUser, signIn } from '../factories/users.ts';
import { axeViolations, eventually, launchBrowser, phonePage, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { chooseInDropdown, question, rate, receiptCode, write } from './support/survey.ts';

type Text = string | Record<string, string>;
type Element = { name: string; type: string; title?: Text; choices?: { value: string; text: Text }[] };
const file = JSON.parse(fs.readFileSync(path.join(projectRoot, 'surveys/minun-arkeni.json'), 'utf8')) as {
  survey: { pages: { elements: Element[] }[] };
  privacy: Record<string, Record<string, string>>;
};
const arabic = (text: Text | undefined) => (typeof text === 'object' ? text.ar : undefined);
const element = (name: string) => file.survey.pages.flatMap((p) => p.elements).find((e) => e.name === name)!;
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const t = STRINGS.ar;

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function noAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** The question's title on screen is the file's Arabic text (survey-core may add a required mark). */
async function seesArabicTitle(page: Page, name: string): Promise<void> {
  const expected = arabic(element(name).title);
  expect(expected, `${name} has an Arabic title`).toBeTruthy();
  await eventually(async () => squash(await question(page, name).locator('.sd-question__title').first().innerText()), 30_000).toContain(squash(expected!));
}

/** A box's left and right edges in the page. */
const box = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, width: r.width };
  });

/** The keyboard's way to a choice: focus its input and press space (what Tab and the arrows reach). */
async function pressChoice(page: Page, name: string, value: string, row?: string): Promise<void> {
  const input = question(page, name).locator(row ? `input[name$="_${row}"][value="${value}"]` : `input[value="${value}"]`);
  // Pressed again only while it is still unchecked (so a checkbox is never toggled back): on a loaded
  // machine the first press can land before survey-core has wired the input.
  let pressed = 0;
  await eventually(async () => {
    if (!(await input.isChecked()) && Date.now() - pressed > 2_000) {
      pressed = Date.now();
      await input.focus();
      await page.keyboard.press('Space');
    }
    return input.isChecked();
  }, 30_000).toBe(true);
}

/** Presses Tab until the focused element matches `selector`. */
async function tabTo(page: Page, selector: string, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/**
 * Enter on "Next", until the page has changed: on a loaded machine the page can still be re-rendering
 * after the last answer, and the focused button be replaced before the key arrives. Pressed again
 * only after five quiet seconds, so a slow page change is not taken for a lost key.
 */
async function nextByKeyboard(page: Page): Promise<void> {
  const firstQuestion = () => page.locator('.sd-page [data-name]').first().getAttribute('data-name', { timeout: 1_000 }).catch(() => null);
  const before = await firstQuestion();
  let pressed = 0;
  await eventually(async () => {
    const now = await firstQuestion();
    if (now !== null && now !== before) return true;
    if (Date.now() - pressed > 5_000) {
      pressed = Date.now();
      await page.locator('.sd-navigation__next-btn').focus();
      await page.keyboard.press('Enter');
    }
    return false;
  }, 60_000).toBe(true);
}

describe('the resident survey in Arabic at 375 px', () => {
  let arabicResponseId = '';
  let rightsCode = '';

  it('is answered right to left to the end: Arabic texts, a mirrored layout, axe clean on every page', { timeout: 240_000 }, async () => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${env.server.url}/s/minun-arkeni?lang=ar`);
    await question(page, 'kunta').waitFor();

    // The document and survey-core's form both right to left, in Arabic.
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await eventually(() => page.locator('.sd-root-modern').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('.sd-root-modern').getAttribute('lang')).toBe('ar');
    // The language menu names each language in itself; Arabic is pressed.
    const menuArabic = page.locator('.language-switch button[lang="ar"]');
    expect(await menuArabic.innerText()).toBe('العربية');
    expect(await menuArabic.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.language-switch button').allInnerTexts()).toEqual(['Suomi', 'Svenska', 'English', 'Selkosuomi', 'العربية']);
    // The page's own texts are the Arabic ones.
    expect(await page.locator('.survey-intro h1').innerText()).toBe('حياتي اليومية');
    expect(await page.getByTestId('page-progress').innerText()).toMatch(/^الصفحة 1 من \d+$/);

    // Mirrored: the page's heading and a question's title start at the right edge of their column.
    const main = await box(page, 'main');
    const heading = await page.locator('.survey-intro h1').evaluate((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    expect(main.right - heading.right, 'the heading hugs the right edge').toBeLessThan(40);
    expect(heading.left - main.left, 'and leaves room at the left').toBeGreaterThan(40);
    const titleText = await question(page, 'ikaryhma').locator('.sd-question__title span').first().evaluate((e) => {
      const r = e.getBoundingClientRect();
      const q = e.closest('.sd-question')!.getBoundingClientRect();
      return { fromRight: q.right - r.right, fromLeft: r.left - q.left };
    });
    expect(titleText.fromRight, 'a question title starts at the right').toBeLessThan(titleText.fromLeft);
    // A choice's radio button sits to the right of its label.
    const radio = await question(page, 'ikaryhma').locator('label:has(input[value="18_29"])').evaluate((label) => {
      const decorator = label.querySelector('.sd-item__decorator')!.getBoundingClientRect();
      const text = label.querySelector('.sd-item__control-label')!.getBoundingClientRect();
      return { decoratorLeft: decorator.left, textRight: text.right };
    });
    expect(radio.decoratorLeft, 'the radio button is right of its text').toBeGreaterThanOrEqual(radio.textRight - 1);

    // Page 1: the municipality (a Latin name inside the Arabic form, typed into the list's filter), age, gender.
    await seesArabicTitle(page, 'kunta');
    await seesArabicTitle(page, 'ikaryhma');
    const ageChoice = element('ikaryhma').choices!.find((c) => c.value === '18_29')!;
    expect(squash(await question(page, 'ikaryhma').locator('label:has(input[value="18_29"]) .sd-item__control-label').innerText())).toBe(arabic(ageChoice.text));
    await noAxeViolations(page, 'page 1');
    await screenshot(page, 'rtl-375-1-about-you');
    await chooseInDropdown(page, 'kunta', 'Oulu');
    await eventually(() => question(page, 'kunta').locator('.sd-dropdown').evaluate((e) => (e as HTMLElement).innerText + (e.querySelector('input')?.value ?? ''))).toContain('Oulu');
    await pressChoice(page, 'ikaryhma', '18_29');
    await pressChoice(page, 'sukupuoli', 'nainen');
    await screenshot(page, 'rtl-375-1-answered');
    await nextByKeyboard(page);

    // Page 2: the previous button is right of the next one (mirrored navigation).
    await question(page, 'elamantilanne').waitFor();
    await seesArabicTitle(page, 'elamantilanne');
    const prev = await box(page, '.sd-navigation__prev-btn');
    const next = await box(page, '.sd-navigation__next-btn');
    expect(next.right, 'next is left of previous').toBeLessThanOrEqual(prev.left + 1);
    expect(await page.locator('.sd-navigation__next-btn').evaluate((e) => (e as HTMLInputElement).value || e.textContent)).toBe('التالي');
    await noAxeViolations(page, 'page 2');
    await screenshot(page, 'rtl-375-2-life-situation');
    await pressChoice(page, 'elamantilanne', 'opiskelija');
    await pressChoice(page, 'elamantilanne', 'tyossa');
    await nextByKeyboard(page);

    // Page 3: the matrix, its columns' numbers readable beside the Arabic words.
    await question(page, 'tyytyvaisyys').waitFor();
    await seesArabicTitle(page, 'tyytyvaisyys');
    await noAxeViolations(page, 'page 3');
    await screenshot(page, 'rtl-375-3-areas');
    for (const [row, value] of [['ihmissuhteet', '4'], ['taloudellinen_tilanne', '2'], ['asunto', '5'], ['toimintakyky', '3'], ['kyky_kayttaa_palveluja', 'en_osaa_sanoa']] as const) {
      await pressChoice(page, 'tyytyvaisyys', value, row);
    }
    await nextByKeyboard(page);

    // Page 4: the rating and the question that opens the 1–3 areas page.
    await question(page, 'elama_kokonaisuutena').waitFor();
    await seesArabicTitle(page, 'elama_kokonaisuutena');
    await seesArabicTitle(page, 'muutostarve');
    await noAxeViolations(page, 'page 4');
    await screenshot(page, 'rtl-375-4-life-as-a-whole');
    await rate(page, 'elama_kokonaisuutena', 4);
    await pressChoice(page, 'muutostarve', 'pieni_muutos');
    await nextByKeyboard(page);

    // Page 5: choose 1–3; too many gets survey-core's Arabic message (Kuulo's wording).
    await question(page, 'muutos_osa_alueet').waitFor();
    await seesArabicTitle(page, 'muutos_osa_alueet');
    await noAxeViolations(page, 'page 5');
    for (const value of ['taloudellinen_tilanne', 'asunto']) await pressChoice(page, 'muutos_osa_alueet', value);
    await screenshot(page, 'rtl-375-5-what-to-change');
    await nextByKeyboard(page);

    // Page 6: open answers, typed in Arabic.
    await question(page, 'mika_auttaisi').waitFor();
    await seesArabicTitle(page, 'mika_auttaisi');
    await noAxeViolations(page, 'page 6');
    await write(page, 'mika_auttaisi', 'حافلات أكثر في المساء.');
    await screenshot(page, 'rtl-375-6-what-would-help');
    await nextByKeyboard(page);

    // Page 7: the last page sends with Kuulo's Arabic word for it.
    await question(page, 'kunnan_panostukset').waitFor();
    await seesArabicTitle(page, 'kunnan_panostukset');
    const send = page.locator('.sd-navigation__complete-btn');
    expect(await send.evaluate((e) => (e as HTMLInputElement).value || e.textContent)).toBe(SURVEY_STRING_OVERRIDES.ar.completeText);
    await write(page, 'kunnan_panostukset', 'هوايات الشباب.');
    await noAxeViolations(page, 'page 7');
    await screenshot(page, 'rtl-375-7-municipality');
    // Tab from the text field to the button (its blur stores the text), then Enter.
    await tabTo(page, '.sd-navigation__complete-btn');
    await page.keyboard.press('Enter');

    // The thank-you page in Arabic; the codes read left to right, isolated from the Arabic text.
    const code = await receiptCode(page);
    expect(code).toMatch(/^[A-Z0-9-]{4,16}$/);
    await eventually(() => page.getByRole('heading', { name: t.thanksTitle }).isVisible()).toBe(true);
    expect(await page.getByTestId('thanks-body').innerText()).toBe(t.thanksBody);
    expect(await page.getByRole('heading', { name: RIGHTS_TEXTS.ar.thanksCodeTitle }).isVisible()).toBe(true);
    for (const id of ['receipt-code', 'rights-code']) {
      expect(await page.getByTestId(id).evaluate((e) => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi])).toEqual(['ltr', 'isolate']);
    }
    await noAxeViolations(page, 'thank-you page');
    await screenshot(page, 'rtl-375-8-thank-you');

    // Stored with the Arabic locale and the same choice values a Finnish answer has.
    const db = env.server.app.db.kysely;
    const [response] = await db.selectFrom('responses').selectAll().where('survey_id', '=', 'minun-arkeni').where('locale', '=', 'ar').execute();
    expect(response).toMatchObject({ locale: 'ar', channel: 'web', municipality_code: '564' });
    arabicResponseId = response!.id;
    rightsCode = (await page.getByTestId('rights-code').innerText()).trim();
    const answers = await db.selectFrom('answers').select(['question', 'value']).where('response_id', '=', response!.id).execute();
    const value = (q: string) => answers.filter((a) => a.question === q).map((a) => a.value).sort();
    expect(value('ikaryhma')).toEqual(['18_29']);
    expect(value('sukupuoli')).toEqual(['nainen']);
    expect(value('elamantilanne')).toEqual(['opiskelija', 'tyossa']);
    expect(value('muutos_osa_alueet')).toEqual(['asunto', 'taloudellinen_tilanne']);
    expect(value('tyytyvaisyys.kyky_kayttaa_palveluja')).toEqual(['en_osaa_sanoa']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('counts in the results exactly as the same answer given in Finnish', { timeout: 120_000 }, async () => {
    expect(rightsCode).not.toBe('');
    const app = env.server.app;
    const db = app.db.kysely;
    const stored = await db.selectFrom('responses').select(['data', 'survey_version']).where('id', '=', arabicResponseId).executeTakeFirstOrThrow();
    const data = JSON.parse(stored.data) as Record<string, unknown>;
    const submit = async (locale: string, answer: Record<string, unknown>) => {
      const res = await app.inject({ method: 'POST', url: '/api/surveys/minun-arkeni/responses', payload: { id: crypto.randomUUID(), version: stored.survey_version, data: answer, locale } });
      expect(res.statusCode, res.body).toBe(201);
    };
    // Enough other answers that the county-wide figures and the counts compared are shown (groups
    // under ten and cells under five are hidden): a dozen sharing the Arabic answer's age and areas.
    for (let i = 0; i < 12; i++) {
      await submit('fi', { kunta: i % 2 ? '564' : '305', ikaryhma: '18_29', sukupuoli: i % 2 ? 'mies' : 'nainen', elamantilanne: ['tyossa'], tyytyvaisyys: { asunto: 5 }, elama_kokonaisuutena: 3, muutostarve: 'pieni_muutos', muutos_osa_alueet: ['asunto'] });
    }
    const analyst = await addUser(app, { role: 'analyst' });
    const { headers } = await signIn(app, analyst.email);
    const questions = ['kunta', 'ikaryhma', 'sukupuoli', 'elamantilanne', 'muutostarve', 'muutos_osa_alueet', 'tyytyvaisyys.asunto', 'tyytyvaisyys.kyky_kayttaa_palveluja', 'elama_kokonaisuutena'];
    const figures = async () => {
      const out: Record<string, unknown> = {};
      for (const q of questions) {
        const res = await app.inject({ method: 'GET', url: `/api/results/minun-arkeni/questions/${encodeURIComponent(q)}`, headers });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { groups: { key: string; n?: number; categories?: { value: string; count: number }[]; rows?: unknown }[] };
        out[q] = body.groups.find((g) => g.key === 'county');
      }
      return out;
    };
    const withArabic = await figures();
    // The same answer from the Finnish page, and the Arabic one taken out: the figures are the same.
    await submit('fi', data);
    const withBoth = await figures();
    // The respondent's own view reads the answer back in Arabic; then they have it erased.
    const own = await app.inject({ method: 'POST', url: '/api/rights/answer', payload: { code: rightsCode } });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ language: 'ar', title: 'حياتي اليومية' });
    expect(own.json().languages).toContain('ar');
    const erased = await app.inject({ method: 'POST', url: '/api/rights/erasure', payload: { code: rightsCode, confirm: true } });
    expect(erased.statusCode, erased.body).toBe(200);
    const withFinnish = await figures();
    expect(withFinnish).toEqual(withArabic);
    // …and the figures can tell: the two answers together count one more than either.
    const count = (figures: Record<string, unknown>, q: string, value: string) =>
      (figures[q] as { categories: { value: string; count: number }[] }).categories.find((c) => c.value === value)?.count ?? 0;
    expect(count(withArabic, 'ikaryhma', '18_29')).toBe(13);
    expect(count(withBoth, 'ikaryhma', '18_29')).toBe(14);
    expect(count(withArabic, 'muutos_osa_alueet', 'asunto')).toBe(13);
    expect(count(withBoth, 'muutos_osa_alueet', 'asunto')).toBe(14);
  });

  it('shows the privacy notice complete in Arabic, right to left, axe clean', { timeout: 60_000 }, async () => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${env.server.url}/tietosuoja/minun-arkeni?lang=ar`);
    await page.locator('#privacy-title').waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(await page.locator('#privacy-purpose').innerText()).toBe('الغرض من المعالجة');
    expect(squash(await page.locator('section[aria-labelledby="privacy-purpose"] p').innerText())).toBe(squash(file.privacy.purpose!.ar!));
    // Every part is there in Arabic: no "incomplete" notice.
    expect(await page.getByText('إشعار الخصوصية هذا ناقص').count()).toBe(0);
    expect(await page.locator('article section').count()).toBe(10);
    await noAxeViolations(page, 'privacy notice');
    await screenshot(page, 'rtl-375-9-privacy-notice');
    expect(problems).toEqual([]);
    await context.close();
  });
});
