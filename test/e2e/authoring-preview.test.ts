// The survey editor's preview and checks tabs in real Chromium: the respondent page of a draft in its
// frame at 375 px and 1440 px, in Finnish and Swedish (switched with the keyboard), a test answer the
// server accepts and one it refuses with the refusals named, and no response stored by either; then
// the checks tab listing the problems seeded into a draft of a published survey, with links to the
// questions. axe on each view (the frame's document too), screenshots in test/artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { projectRoot } from '../../server/config.ts';
import { axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { account, signInThroughPage, watchedPage, type Environment, type WatchedPage } from './support/workspace.ts';
import { signIn } from '../factories/users.ts';

const COUNTY = fs
  .readFileSync(path.join(projectRoot, 'surveys/geography/municipalities.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .map(([code, name]) => ({ code: code!, name: name! }));
const t2 = (fi: string, sv: string) => ({ default: fi, sv });
const notice = Object.fromEntries(
  ['controller', 'controllerContact', 'dataProtectionOfficer', 'purpose', 'legalBasis', 'dataCategories', 'recipients', 'retention', 'rights', 'complaint'].map((part) => [part, t2(`${part} (fi)`, `${part} (sv)`)]),
);

/** A small survey in Finnish and Swedish: a municipality, an age group, then a rating and its follow-up. */
const PREVIEWED = {
  title: t2('Esikatselukysely', 'Förhandsvisningsenkät'),
  audience: 'residents',
  municipalityQuestion: 'kunta',
  privacy: notice,
  survey: {
    description: t2('Kerro arjestasi.', 'Berätta om din vardag.'),
    pages: [
      {
        name: 'tausta',
        elements: [
          { type: 'dropdown', name: 'kunta', isRequired: true, title: t2('Kotikunta', 'Hemkommun'), choices: COUNTY.map((m) => ({ value: m.code, text: t2(m.name, m.name) })) },
          { type: 'radiogroup', name: 'ika', isRequired: true, title: t2('Ikäryhmä', 'Åldersgrupp'), choices: [{ value: 'nuori', text: t2('Alle 30', 'Under 30') }, { value: 'aikuinen', text: t2('30 tai yli', '30 eller äldre') }] },
        ],
      },
      {
        name: 'arki',
        elements: [
          { type: 'rating', name: 'arvio', isRequired: true, title: t2('Kuinka tyytyväinen olet arkeesi?', 'Hur nöjd är du med din vardag?'), rateMin: 1, rateMax: 5 },
          { type: 'comment', name: 'miksi', title: t2('Miksi?', 'Varför?'), visibleIf: '{arvio} <= 2', maxLength: 200 },
        ],
      },
    ],
  },
};

let browser: Browser;
let env: Environment;
let authorEmail: string;
let watched: WatchedPage;
let page: Page;

const countAll = async (table: 'responses' | 'answers') =>
  Number((await env.server.app.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  authorEmail = (await account(env, { role: 'author' })).email;
  const author = await signIn(env.server.app, authorEmail);
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => env.server.app.inject({ method, url, headers: author.headers, ...(payload ? { payload } : {}) });
  const created = await api('POST', '/api/authoring/drafts', { id: 'esikatselu', from: { kind: 'upload', text: JSON.stringify(PREVIEWED) } });
  if (created.statusCode !== 201) throw new Error(`draft: ${created.statusCode} ${created.body}`);

  // A draft of a published survey with a problem for each rule the checks tab lists.
  const edit = await api('POST', '/api/authoring/drafts', { id: 'jarjestoyhteistyo', from: { kind: 'edit' } });
  if (edit.statusCode !== 201) throw new Error(`edit draft: ${edit.statusCode} ${edit.body}`);
  const file = edit.json().file as { survey: { pages: { name: string; elements: Record<string, unknown>[] }[] } };
  const first = file.survey.pages[0]!.elements[0]! as { name: string; choices: { value: string; text: Record<string, string> }[] };
  // Two choices swap their texts under the same values: the published answers would change meaning.
  [first.choices[0]!.text, first.choices[1]!.text] = [first.choices[1]!.text, first.choices[0]!.text];
  // One value on two choices.
  first.choices.push({ value: first.choices[2]!.value, text: { default: 'Toinen', sv: 'Annan', en: 'Other' } });
  // A question nobody can reach, and one without its Swedish and English.
  file.survey.pages[0]!.elements.push(
    { type: 'comment', name: 'tavoittamaton', title: { default: 'Ei näy', sv: 'Syns inte', en: 'Not shown' }, visibleIf: `{${first.name}} = 'ei_ole_vaihtoehto'` },
    { type: 'text', name: 'kaantamaton', title: 'Vain suomeksi' },
  );
  const saved = await api('PUT', '/api/authoring/drafts/jarjestoyhteistyo', { revision: 1, file });
  if (saved.statusCode !== 200) throw new Error(`save: ${saved.statusCode} ${saved.body}`);

  watched = await watchedPage(browser);
  page = watched.page;
  await signInThroughPage(page, `${env.server.url}/laadinta/esikatselu/esikatselu`, authorEmail);
}, 180_000);
afterAll(async () => {
  await watched?.close();
  await browser?.close();
  await env?.close();
});

/** The preview's frame, once its page has the draft's form. */
async function previewFrame(): Promise<Frame> {
  const handle = await page.getByTestId('preview-frame').elementHandle();
  const frame = (await handle!.contentFrame())!;
  await frame.locator('.sd-root-modern').waitFor();
  return frame;
}
const inFrame = (frame: Frame, name: string): Locator => frame.locator(`[data-name="${name}"]`);

/** Presses Tab until `target` has the focus. */
async function tabTo(target: Locator, limit = 80): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

async function fillAccepted(frame: Frame) {
  await inFrame(frame, 'kunta').locator('.sd-dropdown').click();
  await page.keyboard.type('Kempele');
  await frame.getByRole('option', { name: 'Kempele', exact: true }).click();
  await inFrame(frame, 'ika').locator('label:has(input[value="aikuinen"])').click();
  await frame.locator('.sd-navigation__next-btn').click();
  await inFrame(frame, 'arvio').locator('label:has(input[value="2"])').click();
  await inFrame(frame, 'miksi').locator('textarea').fill('Liian vähän bussivuoroja.');
  await frame.locator('.sd-navigation__complete-btn').click();
}

describe('the preview tab', () => {
  it('shows the respondent page of the draft at 375 px in Finnish and Swedish, axe clean, switched with the keyboard', async () => {
    const frame = await previewFrame();
    expect(await page.getByTestId('preview-frame').evaluate((el) => el.getBoundingClientRect().width)).toBe(375);
    // Only the preview page may be framed, and only by this origin; the respondent's own pages refuse it.
    const csp = async (url: string) => String((await fetch(`${env.server.url}${url}`)).headers.get('content-security-policy'));
    expect(await csp('/esikatselu/esikatselu')).toContain("frame-ancestors 'self'");
    expect(await csp('/s/jarjestoyhteistyo')).toContain("frame-ancestors 'none'");
    expect(await csp('/laadinta/esikatselu')).toContain("frame-ancestors 'none'");
    // The respondent page itself: its layout, intro and the form's Finnish texts.
    await expect.poll(() => frame.locator('h1').first().textContent()).toBe('Esikatselukysely');
    expect(await inFrame(frame, 'ika').locator('h3').textContent()).toContain('Ikäryhmä');
    expect(await frame.locator('html').getAttribute('lang')).toBe('fi');
    // survey-core's own phone layout (its mobile class) at the frame's width, as on a phone.
    await eventually(() => frame.locator('.sd-root-modern--mobile').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(await axeViolations(frame as unknown as Page)).toEqual([]);
    await screenshot(page, 'authoring-preview-375');

    // Swedish from the tab's language switch, by keyboard.
    const svenska = page.getByRole('group', { name: 'Kieli' }).getByRole('button', { name: 'Svenska' });
    await tabTo(svenska);
    await page.keyboard.press('Space');
    await eventually(() => inFrame(frame, 'ika').locator('h3').textContent()).toContain('Åldersgrupp');
    await eventually(() => frame.locator('h1').first().textContent()).toBe('Förhandsvisningsenkät');
    expect(await svenska.getAttribute('aria-pressed')).toBe('true');
    expect(await axeViolations(frame as unknown as Page)).toEqual([]);
    await screenshot(page, 'authoring-preview-375-sv');
  });

  it('shows it at 1440 px, in Finnish and Swedish', async () => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const desktop = page.getByRole('button', { name: 'Tietokone (1440 px)' });
    await tabTo(desktop);
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('preview-frame').evaluate((el) => el.getBoundingClientRect().width)).toBe(1440);
    const frame = await previewFrame();
    await eventually(() => frame.locator('.sd-root-modern--mobile').count()).toBe(0);
    expect(await inFrame(frame, 'ika').locator('h3').textContent()).toContain('Åldersgrupp');
    await page.getByRole('group', { name: 'Kieli' }).getByRole('button', { name: 'Suomi' }).click();
    await eventually(() => inFrame(frame, 'ika').locator('h3').textContent()).toContain('Ikäryhmä');
    expect(await axeViolations(page)).toEqual([]);
    expect(await axeViolations(frame as unknown as Page)).toEqual([]);
    await screenshot(page, 'authoring-preview-1440');
    await page.getByRole('button', { name: 'Puhelin (375 px)' }).click();
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('judges a test answer as the server would, accepted and refused with the refusals named, and stores neither', async () => {
    const before = { responses: await countAll('responses'), answers: await countAll('answers') };
    let frame = await previewFrame();
    await fillAccepted(frame);
    const verdict = page.getByTestId('preview-verdict');
    await eventually(() => verdict.locator('[data-accepted]').getAttribute('data-accepted')).toBe('true');
    expect(await verdict.textContent()).toContain('Hyväksytty: palvelin ottaisi tämän vastauksen vastaan (4 vastausriviä). Testivastausta ei tallennettu.');
    // The verdict's heading has the focus: the author hears the result.
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Testivastauksen tulos');
    expect(await frame.getByTestId('preview-sent').textContent()).toContain('Testivastaus lähetettiin');

    // With the form's own checks off an empty answer reaches the server, which refuses it question by question.
    const checks = page.getByLabel('Lomakkeen omat tarkistukset päällä');
    await tabTo(checks);
    await page.keyboard.press('Space');
    expect(await checks.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Vastaa uudelleen tyhjästä' }).click();
    frame = await previewFrame();
    await frame.locator('.sd-navigation__next-btn').click();
    await frame.locator('.sd-navigation__complete-btn').click();
    await eventually(() => verdict.locator('[data-accepted]').getAttribute('data-accepted')).toBe('false');
    expect(await verdict.textContent()).toContain('Hylätty: palvelin ei ottaisi tätä vastausta vastaan.');
    const refusals = await verdict.locator('li').allTextContents();
    expect(refusals.sort()).toEqual(['Ikäryhmä: vastaus puuttuu', 'Kotikunta: vastaus puuttuu', 'Kuinka tyytyväinen olet arkeesi?: vastaus puuttuu']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'authoring-preview-refused');

    // Nothing stored by either, and the draft is still only a draft.
    expect(await countAll('responses')).toBe(before.responses);
    expect(await countAll('answers')).toBe(before.answers);
    expect((await env.server.app.inject({ method: 'GET', url: '/api/surveys/esikatselu' })).statusCode).toBe(404);
    expect(watched.problems).toEqual([]);
  });
});

describe('the checks tab', () => {
  it('lists the seeded problems with their places and links to the questions', async () => {
    await page.goto(`${env.server.url}/laadinta/jarjestoyhteistyo/tarkistukset`);
    const findings = page.getByTestId('lint-findings');
    await findings.waitFor();
    const rules = await findings.locator('li').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-severity')} ${li.getAttribute('data-rule')} ${li.getAttribute('data-question')}`));
    expect(rules[0]).toBe('error choice_reused jarjestotyyppi');
    expect(rules).toEqual(
      expect.arrayContaining(['warning unreachable tavoittamaton', 'warning meaning_changed jarjestotyyppi', 'warning untranslated kaantamaton']),
    );
    expect(await page.getByTestId('checks-status').textContent()).toMatch(/^1 virhe, 4 varoitusta\. Tarkistettu versio \d+\.$/);
    const unreachable = findings.locator('li[data-rule="unreachable"]');
    expect(await unreachable.textContent()).toContain('Kysymystä «tavoittamaton» ei näytetä kenellekään');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'authoring-checks');

    // The link opens the question in the structure tab, by keyboard.
    const link = unreachable.getByRole('link', { name: 'Siirry kysymykseen tavoittamaton' });
    await tabTo(link, 200);
    await page.keyboard.press('Enter');
    await eventually(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe('/laadinta/jarjestoyhteistyo?q=tavoittamaton');
    // There the question is open and its edit button has the focus.
    const edit = page.getByRole('button', { name: 'Muokkaa kysymystä tavoittamaton' });
    await eventually(() => edit.evaluate((button) => button === document.activeElement && button.getAttribute('aria-expanded'))).toBe('true');
    expect(watched.problems).toEqual([]);
  });
});
