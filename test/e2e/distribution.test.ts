// Distribution in real Chromium: an admin makes a municipality link on the links page
// (its QR code shown), a respondent opens it on a phone, sees the municipality preset and answers,
// and the stored response has that municipality and link; a planner signs in and enters two paper
// answers in a row; an invitation answered once shows "already used" on the second visit and a
// second submission is refused; answers saved on a municipality link in one browser are finished in
// another, still counted for the link; a survey without a municipality question is entered by
// interview; the lifecycle form closes a survey taking late answers, then refusing them, and its
// retention section says when the survey closed and when each rule fires; invitations
// are pasted, made and downloaded as CSV. Every new page passes axe-core (WCAG 2.1 A/AA) and is
// saved as a screenshot (test/artifacts/distribution-*).
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, eventually, launchBrowser, phonePage, screenshot } from './support/browser.ts';
import { adminApi, fillOrganisationSurvey, fillResidentSurveyAfterMunicipality } from './support/distribution.ts';
import { startFreshServer } from './support/server.ts';
import { complete, fillResidentSurvey, nextPage, pick, question, rate, receiptCode, write } from './support/survey.ts';
import { TEST_PASSWORD } from '../factories/users.ts';
import { account, signInThroughPage, watchedPage, type Environment } from './support/workspace.ts';

let browser: Browser;
let env: Environment;
let adminEmail: string;
let plannerEmail: string;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  adminEmail = (await account(env, { role: 'admin' })).email;
  plannerEmail = (await account(env, { role: 'planner' })).email;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function expectAccessible(page: Page, name: string) {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  await screenshot(page, `distribution-${name}`);
}

const responses = (survey = 'minun-arkeni') => env.server.app.db.kysely.selectFrom('responses').selectAll().where('survey_id', '=', survey).execute();

describe('distribution in the browser', () => {
  it('a municipality link made on the admin page presets and stores the municipality', async () => {
    const admin = await watchedPage(browser);
    await signInThroughPage(admin.page, `${env.server.url}/admin/kyselyt/minun-arkeni/linkit`, adminEmail);
    await admin.page.getByRole('heading', { level: 2, name: 'Kuntakohtaiset linkit' }).waitFor();
    // The county's 30 municipalities, not the survey question's choices with its "Muu kunta".
    const picker = admin.page.getByRole('group', { name: 'Kunnat' });
    await picker.getByLabel('Kuusamo').waitFor();
    expect(await picker.getByRole('checkbox').count()).toBe(30);
    expect(await picker.innerText()).not.toMatch(/Muu kunta/);
    await picker.getByLabel('Kuusamo').check();
    const options = admin.page.locator('form.municipality-picker');
    await options.getByLabel('Tunniste').fill('Kirjaston juliste');
    await options.getByLabel('Enintään vastauksia').fill('50');
    await options.getByLabel('Linkki sulkeutuu').fill('2099-12-31T18:00');
    await admin.page.getByRole('button', { name: 'Luo linkit valituille kunnille' }).click();
    const card = admin.page.locator('li.link-card', { has: admin.page.getByRole('heading', { name: /Kuusamo: Kirjaston juliste/ }) });
    await card.waitFor();
    await expect(card.locator('.link-card__counts').innerText()).resolves.toMatch(/\/ 50$/);
    // The QR code is an <img> from the admin route, loaded and decoded by the browser.
    const qr = card.locator('img.link-card__qr');
    await eventually(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const url = (await card.locator('.link-card__url a').getAttribute('href'))!;
    expect(url).toMatch(/\/l\/[A-Za-z0-9_-]{8,64}$/);
    await expectAccessible(admin.page, 'admin-links');

    // The lifecycle and monitoring tabs open too.
    await admin.page.getByRole('link', { name: 'Elinkaari' }).click();
    await admin.page.getByTestId('effective-status').waitFor();
    // An open survey's retention: the rules, and that they fire only once it has closed.
    await expect(admin.page.getByTestId('retention-invitations').innerText()).resolves.toMatch(/poistetaan 30 päivän kuluttua sulkeutumisesta.*Toteutuu: vasta kun kysely on sulkeutunut/);
    await expectAccessible(admin.page, 'admin-lifecycle');
    await admin.page.goto(`${env.server.url}/admin/kyselyt`);
    await admin.page.getByRole('link', { name: 'Minun arkeni ja elämäni', exact: true }).waitFor();
    await expectAccessible(admin.page, 'admin-surveys');
    expect(admin.problems).toEqual([]);
    await admin.close();

    const token = url.split('/l/')[1]!;
    const link = await env.server.app.db.kysely.selectFrom('links').selectAll().where('token', '=', token).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ municipality_code: '305', label: 'Kirjaston juliste', max_responses: 50 });
    expect(new Date(link.closes_at!).getFullYear()).toBe(2099);
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${env.server.url}/l/${token}`);
    const kunta = question(page, 'kunta');
    await kunta.waitFor();
    await eventually(() => kunta.innerText()).toMatch(/Kuusamo/);
    await expect(kunta.innerText()).resolves.toMatch(/Vastauksesi lasketaan kunnalle Kuusamo/);
    await expectAccessible(page, 'municipality-link');
    await fillResidentSurveyAfterMunicipality(page);
    await receiptCode(page);
    const stored = (await responses()).filter((r) => r.link_id !== null);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.municipality_code).toBe('305');
    expect(stored[0]!.link_id).toBe(token);
    expect(stored[0]!.channel).toBe('web');
    expect(problems).toEqual([]);
    await context.close();

    // The link's counters and the monitoring saw it.
    const monitor = await watchedPage(browser);
    await signInThroughPage(monitor.page, `${env.server.url}/admin/kyselyt/minun-arkeni/seuranta`, adminEmail);
    await monitor.page.getByRole('heading', { name: 'Linkeittäin' }).waitFor();
    await expectAccessible(monitor.page, 'admin-monitoring');
    await monitor.close();
  }, 150_000);

  it('a planner enters two paper answers in a row for one municipality', async () => {
    const { page, problems, close } = await watchedPage(browser, { width: 390, height: 844 });
    // Signed out, the entry page offers the sign-in, which comes back to it.
    await page.goto(`${env.server.url}/tallennus`);
    await page.getByRole('link', { name: 'Kirjaudu sisään' }).click();
    await page.getByLabel('Sähköposti').fill(plannerEmail);
    await page.getByLabel('Salasana').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await page.waitForURL(/\/tallennus$/);
    await page.getByLabel('Kysely').selectOption('minun-arkeni');
    await page.getByLabel('Kunta').selectOption('564');
    await page.getByLabel('Paperilomake').check();
    await expectAccessible(page, 'entry-setup');
    await page.getByRole('button', { name: 'Aloita tallennus' }).click();
    await question(page, 'kunta').waitFor();
    await expect(question(page, 'kunta').innerText()).resolves.toMatch(/Oulu/);
    await expectAccessible(page, 'entry-form');

    for (const n of [1, 2]) {
      await fillResidentSurveyAfterMunicipality(page, `Paperivastaus ${n}`);
      await eventually(() => page.getByTestId('entry-saved').textContent()).toMatch(new RegExp(`Vastaus ${n} tallennettu`));
      await eventually(() => page.getByTestId('entry-counter').textContent()).toMatch(new RegExp(`tallennettu ${n} vastaus`));
      // A fresh form for the next one: same municipality, first page, focus at a question.
      await question(page, 'ikaryhma').waitFor();
      await expect(question(page, 'kunta').innerText()).resolves.toMatch(/Oulu/);
      await eventually(() => page.evaluate(() => document.activeElement?.closest('[data-name]')?.getAttribute('data-name'))).toBe('ikaryhma');
    }
    await expectAccessible(page, 'entry-after-two');
    const paper = (await responses()).filter((r) => r.channel === 'paper');
    expect(paper).toHaveLength(2);
    expect(paper.every((r) => r.municipality_code === '564')).toBe(true);

    // An organisation survey asks no municipality: the county's list (never "Muu kunta") gives it.
    await page.getByRole('button', { name: 'Vaihda kyselyä, kuntaa tai kanavaa' }).click();
    await page.getByLabel('Kysely').selectOption('jarjestoyhteistyo');
    const municipalities = await page.getByLabel('Kunta').locator('option').allTextContents();
    expect(municipalities).toHaveLength(31);
    expect(municipalities).not.toContain('Muu kunta');
    await page.getByLabel('Kunta').selectOption('139');
    await page.getByLabel('Haastattelu').check();
    await expectAccessible(page, 'entry-setup-organisation');
    await page.getByRole('button', { name: 'Aloita tallennus' }).click();
    await fillOrganisationSurvey(page);
    await eventually(() => page.getByTestId('entry-saved').textContent()).toMatch(/Vastaus 3 tallennettu/);
    const interview = await responses('jarjestoyhteistyo');
    expect(interview.map((r) => [r.channel, r.municipality_code])).toEqual([['interview', '139']]);
    expect(problems).toEqual([]);
    await close();
  }, 150_000);

  it('an invitation answers once: the second visit says it is used and a second submission is refused', async () => {
    const api = await adminApi(env.server.app, adminEmail);
    const made = await api<{ links: { token: string; url: string }[] }>('POST', '/api/admin/surveys/minun-arkeni/invitations', { labels: ['Kylätoimikunta'] });
    expect(made.status).toBe(201);
    const token = made.body.links[0]!.token;

    const first = await phonePage(browser);
    await first.page.goto(`${env.server.url}/l/${token}`);
    await question(first.page, 'kunta').waitFor();
    await fillResidentSurvey(first.page, 'Ii');
    await receiptCode(first.page);
    await first.context.close();

    const second = await phonePage(browser);
    await second.page.goto(`${env.server.url}/l/${token}`);
    await second.page.getByRole('heading', { level: 1, name: 'Tämä kutsu on jo käytetty' }).waitFor();
    await expectAccessible(second.page, 'invitation-used');
    expect(second.problems).toEqual([]);
    await second.context.close();

    const survey = (await env.server.app.inject({ url: '/api/surveys/minun-arkeni' })).json() as { version: number };
    const again = await env.server.app.inject({
      method: 'POST',
      url: '/api/surveys/minun-arkeni/responses',
      payload: { id: crypto.randomUUID(), version: survey.version, data: { kunta: '139' }, locale: 'fi', link: token },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invitation_used');
    expect((await responses()).filter((r) => r.link_id === token)).toHaveLength(1);
  });

  it('answers saved on a municipality link on one device are finished on another, counted for the link', async () => {
    const api = await adminApi(env.server.app, adminEmail);
    const made = await api<{ links: { token: string }[] }>('POST', '/api/admin/surveys/minun-arkeni/links', { kind: 'municipality', municipalities: ['244'] });
    const token = made.body.links[0]!.token;
    const a = await phonePage(browser);
    await a.page.goto(`${env.server.url}/l/${token}`);
    await question(a.page, 'kunta').waitFor();
    await eventually(() => question(a.page, 'kunta').innerText()).toMatch(/Kempele/);
    await pick(a.page, 'ikaryhma', '18_29');
    await pick(a.page, 'sukupuoli', 'nainen');
    await nextPage(a.page);
    await question(a.page, 'elamantilanne').waitFor();
    await a.page.getByRole('button', { name: 'Tallenna ja jatka myöhemmin' }).click();
    const code = (await a.page.getByTestId('resume-code').textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expectAccessible(a.page, 'resume-saved');
    await a.context.close();

    const b = await phonePage(browser);
    await b.page.goto(`${env.server.url}/jatka`);
    await expectAccessible(b.page, 'resume-form');
    await b.page.getByLabel('Jatkamiskoodi').fill(code.toLowerCase().replace(/-/g, ' '));
    await b.page.getByRole('button', { name: 'Jatka', exact: true }).click();
    await question(b.page, 'elamantilanne').waitFor();
    await expect(b.page.getByText('Jatkat tallentamastasi kohdasta').isVisible()).resolves.toBe(true);
    // Back on the first page, the municipality is still the link's: shown and not changeable.
    await b.page.locator('.sd-navigation__prev-btn').click();
    await eventually(() => question(b.page, 'kunta').innerText()).toMatch(/Vastauksesi lasketaan kunnalle Kempele/);
    await nextPage(b.page);
    await pick(b.page, 'elamantilanne', 'opiskelija');
    await nextPage(b.page);
    for (const row of ['ihmissuhteet', 'taloudellinen_tilanne', 'asunto', 'toimintakyky', 'kyky_kayttaa_palveluja']) await pick(b.page, 'tyytyvaisyys', 3, row);
    await nextPage(b.page);
    await rate(b.page, 'elama_kokonaisuutena', 3);
    await pick(b.page, 'muutostarve', 'ei');
    await nextPage(b.page);
    await write(b.page, 'mika_auttaisi', 'Jatkettu toisella laitteella.');
    await nextPage(b.page);
    await complete(b.page);
    await receiptCode(b.page);
    const resumed = (await responses()).filter((r) => r.municipality_code === '244');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.link_id).toBe(token);
    const counted = await env.server.app.db.kysely.selectFrom('links').select('responses').where('token', '=', token).executeTakeFirstOrThrow();
    expect(counted.responses).toBe(1);
    // The saved answers went with the submission.
    const gone = await env.server.app.inject({ url: `/api/drafts/${code}` });
    expect(gone.statusCode).toBe(404);
    expect(b.problems).toEqual([]);

    // An unknown code is a friendly page.
    await b.page.goto(`${env.server.url}/jatka/AAAA-BBBB-CCCC`);
    await b.page.getByTestId('closed-notice').waitFor();
    await expectAccessible(b.page, 'resume-not-found');
    await b.context.close();
  });

  it('the lifecycle form closes a survey taking late answers, then refusing them', async () => {
    const admin = await watchedPage(browser);
    await signInThroughPage(admin.page, `${env.server.url}/admin/kyselyt/jarjestoyhteistyo`, adminEmail);
    const saveLifecycle = async (afterClose: string) => {
      await admin.page.getByRole('group', { name: 'Tila', exact: true }).getByLabel('suljettu').check();
      await admin.page.getByRole('group', { name: 'Sulkeutumisen jälkeen' }).getByLabel(afterClose).check();
      await admin.page.getByRole('button', { name: 'Tallenna' }).click();
      await admin.page.getByText('Tallennettu.').waitFor();
      await eventually(() => admin.page.getByTestId('effective-status').textContent()).toBe('suljettu');
    };
    await saveLifecycle('vastaukset otetaan vastaan myöhässä saapuneina');
    // Closed now: the page gives when, the moment the survey file's rule (five years, then anonymised)
    // fires, and the moment the invitations' rule fires, 30 days on.
    const retention = admin.page.getByTestId('retention');
    await eventually(() => retention.locator('time').count()).toBe(3);
    const [closed, responsesFire, invitationsFire] = await retention.locator('time').evaluateAll((times) => times.map((t) => Date.parse(t.getAttribute('datetime')!)));
    expect(invitationsFire! - closed!).toBe(30 * 86_400_000);
    // Calendar months, a day past the month's end clamped to its last (29 February + 5 years = 28 February).
    const c = new Date(closed!);
    const lastDay = new Date(Date.UTC(c.getUTCFullYear() + 5, c.getUTCMonth() + 1, 0)).getUTCDate();
    const fiveYears = Date.UTC(c.getUTCFullYear() + 5, c.getUTCMonth(), Math.min(c.getUTCDate(), lastDay), c.getUTCHours(), c.getUTCMinutes(), c.getUTCSeconds(), c.getUTCMilliseconds());
    expect(responsesFire).toBe(fiveYears);
    await expect(admin.page.getByTestId('retention-responses').innerText()).resolves.toMatch(/säilytetään 60 kuukautta sulkeutumisen jälkeen, sitten anonymisoidaan/);
    await expectAccessible(admin.page, 'admin-lifecycle-saved');

    const late = await phonePage(browser);
    await late.page.goto(`${env.server.url}/s/jarjestoyhteistyo`);
    await late.page.getByText('Kysely on sulkeutunut, mutta vastauksia otetaan vielä vastaan').waitFor();
    await expectAccessible(late.page, 'survey-accepts-late');
    await fillOrganisationSurvey(late.page);
    await receiptCode(late.page);
    await expect(late.page.getByTestId('late-notice').innerText()).resolves.toMatch(/saapui kyselyn sulkeuduttua/);
    await expectAccessible(late.page, 'thanks-late');
    expect(late.problems).toEqual([]);
    await late.context.close();
    const web = (await responses('jarjestoyhteistyo')).filter((r) => r.channel === 'web');
    expect(web.map((r) => r.late)).toEqual([1]);

    await saveLifecycle('vastauksia ei oteta vastaan');
    const refused = await phonePage(browser);
    await refused.page.goto(`${env.server.url}/s/jarjestoyhteistyo`);
    await refused.page.getByRole('heading', { level: 1, name: 'Kysely on sulkeutunut' }).waitFor();
    await expect(refused.page.getByTestId('closed-notice').innerText()).resolves.toMatch(/ei voi enää vastata/);
    await expectAccessible(refused.page, 'survey-closed');
    expect(refused.problems).toEqual([]);
    await refused.context.close();
    expect(admin.problems).toEqual([]);
    await admin.close();
  }, 150_000);

  it('invitations pasted on the admin page come back as a CSV for a mail merge', async () => {
    const admin = await watchedPage(browser);
    await signInThroughPage(admin.page, `${env.server.url}/admin/kyselyt/nuorisotyo/kutsut`, adminEmail);
    await admin.page.getByLabel('Tunnisteet, yksi riville').fill('Nuorisoseura Kärsämäki\n  \nPartiolippukunta Ii\n');
    await admin.page.getByRole('button', { name: 'Luo kutsut' }).click();
    await admin.page.getByText('2 linkkiä luotu.').waitFor();
    await admin.page.getByRole('row', { name: /Partiolippukunta Ii/ }).waitFor();
    await expectAccessible(admin.page, 'admin-invitations');
    const [download] = await Promise.all([admin.page.waitForEvent('download'), admin.page.getByRole('link', { name: 'Lataa CSV joukkokirjettä varten' }).click()]);
    expect(download.suggestedFilename()).toBe('nuorisotyo-invitations.csv');
    const rows = parse(fs.readFileSync((await download.path())!, 'utf8'), { bom: true, columns: true }) as { label: string; link: string; status: string }[];
    expect(rows.map((r) => r.label).sort()).toEqual(['Nuorisoseura Kärsämäki', 'Partiolippukunta Ii']);
    const stored = await env.server.app.db.kysely.selectFrom('links').select('token').where('survey_id', '=', 'nuorisotyo').where('kind', '=', 'invitation').execute();
    expect(rows.map((r) => r.link.split('/l/')[1]).sort()).toEqual(stored.map((l) => l.token).sort());
    expect(rows.every((r) => r.status === 'open' && r.link.startsWith(env.server.url))).toBe(true);

    // Closing one invitation on the page closes its link; reopening opens it again.
    const closing = admin.page.getByRole('button', { name: 'Sulje: Partiolippukunta Ii' });
    await closing.click();
    await admin.page.getByText('Linkki suljettu: Partiolippukunta Ii').waitFor();
    const closedAt = async () => (await env.server.app.db.kysely.selectFrom('links').select('closed_at').where('label', '=', 'Partiolippukunta Ii').executeTakeFirstOrThrow()).closed_at;
    expect(await closedAt()).not.toBeNull();
    await admin.page.getByRole('button', { name: 'Avaa uudelleen: Partiolippukunta Ii' }).click();
    await admin.page.getByText('Linkki avattu: Partiolippukunta Ii').waitFor();
    expect(await closedAt()).toBeNull();
    expect(admin.problems).toEqual([]);
    await admin.close();
  });
});
