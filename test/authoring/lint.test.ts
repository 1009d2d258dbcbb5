// The survey editor's checks (lint) and the preview's test answers, through the HTTP API as the
// editor's tabs use it: each lint rule on a seeded problem (and quiet on the same survey without it),
// and a test answer judged exactly as a resident's answer (accepted, refused per question, the
// municipality check) that is never stored: no response, no answer rows, nothing in results, no
// receipt to turn into a real one. On SQLite, and on PostgreSQL with DATABASE_URL.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import { countResponses, submitAnswer } from '../factories/distribution.ts';

const COUNTY = fs
  .readFileSync(path.join(projectRoot, 'surveys/geography/municipalities.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0]!);

const t3 = (fi: string) => ({ default: fi, sv: `${fi} (sv)`, en: `${fi} (en)` });

/** The published survey the drafts edit: a place, a membership question, a rating. */
function published() {
  return envelope(
    'kysely',
    {
      pages: [
        {
          name: 'tausta',
          elements: [
            { type: 'dropdown', name: 'kunta', title: t3('Kotikunta'), isRequired: true, choices: COUNTY.map((code) => ({ value: code, text: t3(`Kunta ${code}`) })) },
            { type: 'radiogroup', name: 'jasen', title: t3('Oletko jäsen?'), isRequired: true, choices: [{ value: 'kylla', text: t3('Kyllä') }, { value: 'ei', text: t3('Ei') }] },
            { type: 'rating', name: 'arvio', title: t3('Arvio'), rateMin: 1, rateMax: 5 },
            { type: 'comment', name: 'miksi', title: t3('Miksi?'), maxLength: 20, visibleIf: "{jasen} = 'ei'" },
          ],
        },
      ],
    },
    { municipalityQuestion: 'kunta' },
  );
}

type Element = Record<string, unknown> & { name: string };
type File = ReturnType<typeof published>;
const pages = (file: File) => (file.survey as { pages: { name: string; elements: Element[]; visibleIf?: string }[] }).pages;
const element = (file: File, name: string) => pages(file).flatMap((p) => p.elements).find((e) => e.name === name)!;

let t: TestApp;
let author: SignedIn;
let analyst: SignedIn;
const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, who: SignedIn = author) =>
  t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

/** Saves a file to a draft of `id` (made new, or as the next version of a served survey) and returns its lint. */
async function lintOf(id: string, file: File, kind: 'empty' | 'edit' = 'empty') {
  const draft = await api('GET', `/api/authoring/drafts/${id}`);
  let revision: number;
  if (draft.statusCode === 404) {
    const created = await api('POST', '/api/authoring/drafts', { id, from: { kind } });
    expect(created.statusCode, created.body).toBe(201);
    revision = created.json().revision;
  } else revision = draft.json().revision;
  const saved = await api('PUT', `/api/authoring/drafts/${id}`, { revision, file: { ...file, id } });
  expect(saved.statusCode, saved.body).toBe(200);
  const res = await api('GET', `/api/authoring/drafts/${id}/lint`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { revision: number; publishedVersion: number | null; languages: string[]; findings: { rule: string; severity: string; page: string | null; question: string | null; language: string | null; message: { fi: string; sv: string; en: string } }[] };
}

beforeAll(async () => {
  t = await buildTestApp({ 'kysely.json': published() }, { config: { submitRateLimit: 100_000, loginRateLimit: 100_000 } });
  author = await signIn(t.app, (await addUser(t.app, { role: 'author' })).email);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
});
afterAll(async () => t.close());

describe('checks (lint)', () => {
  it('finds nothing in a complete, reachable, translated survey, and only analysts’ roles are refused', async () => {
    const lint = await lintOf('puhdas', published());
    expect(lint.findings).toEqual([]);
    expect(lint.languages.sort()).toEqual(['en', 'fi', 'sv']);
    expect((await api('GET', '/api/authoring/drafts/puhdas/lint', undefined, analyst)).statusCode).toBe(403);
    expect((await api('GET', '/api/authoring/drafts/ei-ole/lint')).json().error.code).toBe('survey_draft_not_found');
  });

  it('names each untranslated text per question and language', async () => {
    const file = published();
    element(file, 'jasen').title = { default: 'Oletko jäsen?', sv: 'Är du medlem?' };
    (element(file, 'jasen').choices as { text: Record<string, string> }[])[1]!.text = { default: 'Ei', sv: 'Nej' };
    element(file, 'arvio').title = 'Arvio';
    const { findings } = await lintOf('kaantamaton', file);
    const untranslated = findings.filter((f) => f.rule === 'untranslated');
    expect(untranslated.map((f) => [f.question, f.language]).sort()).toEqual([['arvio', 'en'], ['arvio', 'sv'], ['jasen', 'en']]);
    const jasen = untranslated.find((f) => f.question === 'jasen')!;
    expect(jasen).toMatchObject({ severity: 'warning', page: 'tausta' });
    expect(jasen.message.fi).toBe('Kysymyksessä «jasen» on 2 tekstiä, joita ei ole englanniksi.');
    expect(jasen.message.en).toBe('Question «jasen» has 2 texts missing in English.');
    expect(jasen.message.sv).toBe('Frågan «jasen» har 2 texter som saknas på engelska.');
  });

  it('finds questions nobody can reach: an impossible visibleIf, a page never shown, a hidden one, and those after a complete trigger that always fires', async () => {
    const file = published();
    // 'jasen' offers kylla and ei: 'ehka' can never be the answer.
    element(file, 'miksi').visibleIf = "{jasen} = 'ehka' or {jasen} anyof ['tuntematon']";
    pages(file).push(
      { name: 'lisaa', visibleIf: "{arvio} > 5", elements: [{ type: 'text', name: 'lisatieto', title: t3('Lisätietoa') }] },
      { name: 'loppu', elements: [{ type: 'boolean', name: 'valmis', title: t3('Valmis?'), isRequired: true }, { type: 'text', name: 'piilo', title: t3('Piilo'), visible: false }] },
      { name: 'ylimaarainen', elements: [{ type: 'comment', name: 'viimeinen', title: t3('Viimeinen') }] },
    );
    // A reachable condition for contrast: 'kylla' is a choice.
    pages(file).push({ name: 'jasenille', elements: [{ type: 'text', name: 'jasenyys', title: t3('Jäsenyys'), visibleIf: "{jasen} = 'kylla'" }] });
    (file.survey as Record<string, unknown>).triggers = [{ type: 'complete', expression: '{valmis} = true or {valmis} = false' }];
    const { findings } = await lintOf('tavoittamaton', file);
    const unreachable = Object.fromEntries(findings.filter((f) => f.rule === 'unreachable').map((f) => [f.question, f]));
    expect(Object.keys(unreachable).sort()).toEqual(['jasenyys', 'lisatieto', 'miksi', 'piilo', 'viimeinen']);
    expect(unreachable.miksi!.message.en).toMatch(/can never be true given the choices it names/);
    expect(unreachable.miksi!.page).toBe('tausta');
    expect(unreachable.lisatieto!.message.fi).toMatch(/sivulla «lisaa», jota ei koskaan näytetä/);
    expect(unreachable.piilo!.message.sv).toMatch(/dold \(visible: false\)/);
    // The trigger reads a required yes/no question on page "loppu": every answer ends the survey there.
    expect(unreachable.viimeinen!.message.en).toBe('Nobody can reach question «viimeinen»: a complete trigger always ends the survey on page «loppu», before it.');
    expect(unreachable.jasenyys!.message.en).toMatch(/complete trigger/);

    // A trigger that fires only for one answer leaves the later pages reachable.
    (file.survey as Record<string, unknown>).triggers = [{ type: 'complete', expression: '{valmis} = true' }];
    const again = await lintOf('tavoittamaton', file);
    expect(again.findings.filter((f) => f.rule === 'unreachable').map((f) => f.question).sort()).toEqual(['lisatieto', 'miksi', 'piilo']);
  });

  it('finds a choice value used twice within a question', async () => {
    const file = published();
    (element(file, 'jasen').choices as unknown[]).push({ value: 'ei', text: t3('En tiedä') });
    const { findings } = await lintOf('kaksoisarvo', file);
    expect(findings.filter((f) => f.rule === 'choice_reused')).toEqual([
      {
        rule: 'choice_reused',
        severity: 'error',
        page: 'tausta',
        question: 'jasen',
        language: null,
        message: {
          fi: "Kysymyksessä «jasen» (choices) sama arvo on useammalla vaihtoehdolla: 'ei'. Vastauksia ei voi erottaa toisistaan.",
          sv: "Frågan «jasen» (choices) har samma värde på flera alternativ: 'ei'. Svaren kan inte skiljas åt.",
          en: "Question «jasen» (choices) uses the value 'ei' for more than one item: its answers cannot be told apart.",
        },
      },
    ]);
    // Errors come first.
    expect(findings[0]!.severity).toBe('error');
  });

  it("finds a municipality question that lacks the county's codes or offers unknown ones", async () => {
    const file = published();
    const kunta = element(file, 'kunta');
    kunta.choices = [...(kunta.choices as { value: string }[]).filter((c) => c.value !== '564' && c.value !== '305'), { value: '091', text: t3('Helsinki') }, { value: 'muu', text: t3('Muu') }];
    const { findings } = await lintOf('kunnat', file);
    const found = findings.filter((f) => f.rule === 'municipality_codes');
    expect(found).toHaveLength(2);
    expect(found[0]!.message.en).toBe("The municipality question «kunta» lacks 2 of the county's 30 municipalities: 305 Kuusamo, 564 Oulu.");
    expect(found[1]!.message.en).toBe('The municipality question «kunta» offers codes that are no municipality of the county: 091.');
    expect(found.every((f) => f.severity === 'error' && f.question === 'kunta' && f.page === 'tausta')).toBe(true);
    expect(COUNTY).toHaveLength(30);
  });

  it('finds questions that change meaning against the published version, and not a reworded title', async () => {
    const file = published();
    element(file, 'arvio').rateMax = 10;
    element(file, 'jasen').choices = [{ value: 'kylla', text: t3('Ei') }, { value: 'ei', text: t3('Kyllä') }];
    element(file, 'miksi').type = 'text';
    element(file, 'kunta').title = t3('Asuinkunta');
    const lint = await lintOf('kysely', file, 'edit');
    expect(lint.publishedVersion).toBe(1);
    const changed = Object.fromEntries(lint.findings.filter((f) => f.rule === 'meaning_changed').map((f) => [f.question, f.message.en]));
    expect(changed).toEqual({
      arvio: 'Question «arvio» changes meaning against the published version (answer scale changed (rateMax)): earlier answers are not comparable.',
      jasen: 'Question «jasen» changes meaning against the published version (choices kylla, ei relabelled under the same value): earlier answers are not comparable.',
      miksi: 'Question «miksi» changes meaning against the published version (type comment → text): earlier answers are not comparable.',
    });
  });
});

describe('test answers from the preview', () => {
  const good = { kunta: '564', jasen: 'ei', arvio: 4, miksi: 'Ei aikaa.' };

  it('judges an answer exactly as a resident’s and never stores it', async () => {
    // One real answer to the published survey, so that results have something to stay unchanged.
    expect((await submitAnswer(t.app, 'kysely', { kunta: '305', jasen: 'kylla', arvio: 2 })).statusCode).toBe(201);
    const before = {
      responses: await countResponses(t.app, 'kysely'),
      rows: Number((await t.app.db.kysely.selectFrom('answers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      all: Number((await t.app.db.kysely.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      results: (await api('GET', '/api/results/kysely/questions/jasen', undefined, analyst)).json(),
    };
    // One response: under the suppression limit the figures are hidden, but the answer is the same before and after.
    expect(before.responses).toBe(1);
    expect(before.results.groups).toBeDefined();
    await lintOf('kysely', published(), 'edit');
    const revision = (await api('GET', '/api/authoring/drafts/kysely')).json().revision;

    const accepted = await api('POST', '/api/authoring/drafts/kysely/test-answer', { data: good, locale: 'fi', revision });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toEqual({ accepted: true, revision, problems: [], data: good, answerRows: 4 });

    // Refusals per question, with the submission route's codes: a hidden question's answer, a text too long, a missing required answer.
    const refused = await api('POST', '/api/authoring/drafts/kysely/test-answer', { data: { kunta: '564', jasen: 'kylla', arvio: 9, miksi: 'x' }, locale: 'sv' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json().accepted).toBe(false);
    expect(refused.json().data).toBeNull();
    expect(refused.json().problems.map((p: { question: string; code: string }) => [p.question, p.code]).sort()).toEqual([['arvio', 'out_of_range'], ['miksi', 'hidden_question']]);
    const missing = (await api('POST', '/api/authoring/drafts/kysely/test-answer', { data: { jasen: 'ei', miksi: 'x'.repeat(21) }, locale: 'fi' })).json();
    expect(missing.problems.map((p: { question: string; code: string }) => [p.question, p.code]).sort()).toEqual([['kunta', 'required'], ['miksi', 'too_long']]);
    // The same answer sent as a real one is refused the same way: one validator.
    const real = await submitAnswer(t.app, 'kysely', { jasen: 'ei', miksi: 'x'.repeat(21) });
    expect(real.statusCode).toBe(400);
    expect(real.json().error.questions.map((p: { question: string; code: string }) => [p.question, p.code]).sort()).toEqual([['kunta', 'required'], ['miksi', 'too_long']]);

    // Nothing stored: no response, no answer rows, the same results.
    expect(await countResponses(t.app, 'kysely')).toBe(before.responses);
    expect(Number((await t.app.db.kysely.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(before.all);
    expect(Number((await t.app.db.kysely.selectFrom('answers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(before.rows);
    expect((await api('GET', '/api/results/kysely/questions/jasen', undefined, analyst)).json()).toEqual(before.results);
  });

  it('cannot be turned into a real answer: no id, no receipt, no rights code, and a draft never published takes no real answers', async () => {
    const verdict = (await api('POST', '/api/authoring/drafts/kysely/test-answer', { data: good, locale: 'fi' })).json();
    expect(Object.keys(verdict).sort()).toEqual(['accepted', 'answerRows', 'data', 'problems', 'revision']);
    for (const extra of [{ id: crypto.randomUUID() }, { rightsCode: 'ABCD-EFGH-JKLM-NPQR-STUV' }, { version: 1 }, { link: 'abcdefgh12' }]) {
      const res = await api('POST', '/api/authoring/drafts/kysely/test-answer', { data: good, locale: 'fi', ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    await lintOf('puhdas', published());
    const fresh = await api('POST', '/api/authoring/drafts/puhdas/test-answer', { data: good, locale: 'fi' });
    expect(fresh.json().accepted).toBe(true);
    expect((await submitAnswer(t.app, 'puhdas', good)).statusCode).toBe(404);
    expect(await countResponses(t.app, 'puhdas')).toBe(0);
  });

  it('applies the municipality check, refuses a stale revision and a draft that cannot be published, and is for authors only', async () => {
    const outside = (await api('POST', '/api/authoring/drafts/puhdas/test-answer', { data: { ...good, kunta: '091' }, locale: 'fi' })).json();
    expect(outside.accepted).toBe(false);
    expect(outside.problems[0]).toMatchObject({ question: 'kunta', code: 'not_a_choice' });

    const revision = (await api('GET', '/api/authoring/drafts/puhdas')).json().revision;
    const stale = await api('POST', '/api/authoring/drafts/puhdas/test-answer', { data: good, locale: 'fi', revision: revision + 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('survey_draft_changed');

    const empty = await api('POST', '/api/authoring/drafts', { id: 'tyhja', from: { kind: 'empty' } });
    expect(empty.statusCode).toBe(201);
    const blank = await api('POST', '/api/authoring/drafts/tyhja/test-answer', { data: {}, locale: 'fi' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.code).toBe('survey_draft_invalid');
    expect(blank.json().error.detail).toMatch(/no questions/);

    expect((await api('POST', '/api/authoring/drafts/puhdas/test-answer', { data: good, locale: 'fi' }, analyst)).statusCode).toBe(403);
    expect((await api('POST', '/api/authoring/drafts/ei-ole/test-answer', { data: good, locale: 'fi' })).statusCode).toBe(404);
  });
});
