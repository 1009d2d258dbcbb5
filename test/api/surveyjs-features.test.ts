import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { featureForms } from '../validation/corpus.ts';

/*
 * Plain SurveyJS forms that use more of the library, loaded from a survey folder and answered
 * through the submission API: each answer survey-core's form accepts is stored (with what the form
 * computes recomputed by the server), and each it cannot produce is refused with a 400 that names
 * the question, with nothing stored. The forms are test/fixtures/surveyjs-features/.
 */

let t: TestApp;
const files = Object.fromEntries(featureForms().map(({ file, definition }) => {
  const id = file.replace(/\.json$/, '');
  return [file, envelope(id, definition)];
}));

beforeAll(async () => {
  t = await buildTestApp(files);
});
afterAll(async () => t.close());

const db = () => t.app.db.kysely;

beforeEach(async () => {
  await db().deleteFrom('answers').execute();
  await db().deleteFrom('responses').execute();
});

async function counts() {
  const responses = await db().selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const answers = await db().selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { responses: Number(responses.n), answers: Number(answers.n) };
}

async function submit(survey: string, data: Record<string, unknown>) {
  const id = crypto.randomUUID();
  const res = await t.app.inject({ method: 'POST', url: `/api/surveys/${survey}/responses`, payload: { id, version: 1, data, locale: 'fi' } });
  return { res, id };
}

async function stored(id: string): Promise<Record<string, unknown>> {
  const row = await db().selectFrom('responses').select('data').where('id', '=', id).executeTakeFirstOrThrow();
  return JSON.parse(row.data) as Record<string, unknown>;
}

async function answerRows(id: string) {
  const rows = await db().selectFrom('answers').select(['question', 'value', 'num']).where('response_id', '=', id).orderBy('question').orderBy('value').execute();
  return rows.map((r) => ({ question: r.question, value: r.value, num: r.num === null ? null : Number(r.num) }));
}

async function refused(survey: string, data: Record<string, unknown>, question: string, code: string, words: RegExp) {
  const before = await counts();
  const { res } = await submit(survey, data);
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json();
  expect(body.error.code).toBe('invalid_answers');
  expect(body.error.questions).toContainEqual(expect.objectContaining({ question, code }));
  const issue = body.error.questions.find((q: { question: string }) => q.question === question);
  expect(JSON.stringify(issue)).toMatch(words);
  expect(await counts()).toEqual(before);
}

describe('column totals of a dynamic matrix', () => {
  it('stores the rows and ignores the totals the form sends, like those of a fixed-row matrix', async () => {
    // What survey-core's form sends: the rows and, beside them, its own totals.
    const { res, id } = await submit('household-costs', {
      menot: [{ laji: 'ruoka', euroa: 300 }, { laji: 'muu', euroa: 25, selite: 'lahja' }],
      'menot-total': { laji: 2, euroa: 325 },
      ajat: { tyo: { tunnit: 37 } },
      'ajat-total': { tunnit: 37 },
      yhteensa: 325,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await stored(id)).toEqual({ menot: [{ laji: 'ruoka', euroa: 300 }, { laji: 'muu', euroa: 25, selite: 'lahja' }], ajat: { tyo: { tunnit: 37 } }, yhteensa: 325 });
  });

  it('never trusts a total: a wrong one sent is ignored, and the expression over the rows is the server\'s', async () => {
    const { res, id } = await submit('household-costs', { menot: [{ laji: 'ruoka', euroa: 300 }], 'menot-total': { euroa: 99999 }, yhteensa: 1 });
    expect(res.statusCode, res.body).toBe(201);
    expect(await stored(id)).toEqual({ menot: [{ laji: 'ruoka', euroa: 300 }], yhteensa: 300 });
    expect(await answerRows(id)).toContainEqual({ question: 'yhteensa', value: '300', num: 300 });
  });

  it('refuses more rows than maxRowCount, naming the matrix', async () => {
    const row = { laji: 'ruoka', euroa: 1 };
    await refused('household-costs', { menot: [row, row, row, row] }, 'menot', 'out_of_range', /4 rows, at most 3/);
  });

  it('refuses a value for a cell its row does not show', async () => {
    await refused('household-costs', { menot: [{ laji: 'ruoka', euroa: 5, selite: 'piilossa' }] }, 'menot', 'hidden_question', /row 1, column 'selite'/);
  });

  it('refuses a column the matrix does not have', async () => {
    await refused('household-costs', { menot: [{ laji: 'ruoka', hinta: 5 }] }, 'menot', 'not_a_choice', /'hinta'/);
  });
});

describe('a complete trigger ends the survey early', () => {
  it('accepts the answer that ends it on the first page, though later pages have required questions', async () => {
    const { res, id } = await submit('screening', { asukas: 'ei' });
    expect(res.statusCode, res.body).toBe(201);
    expect(await stored(id)).toEqual({ asukas: 'ei' });
  });

  it('ends where the trigger first holds as the respondent goes: on the second page, not the first', async () => {
    const { res } = await submit('screening', { asukas: 'kylla', vuodet: 3, viihtyvyys: 2 });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('still requires the last page when no trigger holds', async () => {
    await refused('screening', { asukas: 'kylla', vuodet: 3, viihtyvyys: 4 }, 'terveiset', 'required', /required/i);
  });

  it('refuses an answer to a page after the end, naming that question', async () => {
    await refused('screening', { asukas: 'ei', vuodet: 3 }, 'vuodet', 'hidden_question', /survey ends before this question/);
  });
});

describe('completedHtmlOnCondition paths', () => {
  it('accepts each path through the pages its answers show', async () => {
    expect((await submit('event-feedback', { kavijat: 'en', syyt: ['aika', 'other'], 'syyt-Comment': 'sairas' })).res.statusCode).toBe(201);
    expect((await submit('event-feedback', { kavijat: 'kavin', arvosana: 5 })).res.statusCode).toBe(201);
    expect((await submit('event-feedback', { kavijat: 'kavin', arvosana: 2, parannus: 'Enemmän penkkejä' })).res.statusCode).toBe(201);
  });

  it('requires what the chosen path shows, and refuses what it hides', async () => {
    await refused('event-feedback', { kavijat: 'kavin', arvosana: 2 }, 'parannus', 'required', /required/i);
    await refused('event-feedback', { kavijat: 'kavin', arvosana: 5, syyt: ['aika'] }, 'syyt', 'hidden_question', /not shown/);
  });
});

describe('a dynamic panel', () => {
  it('stores panels whose questions follow each panel\'s own answers, and recomputes the count', async () => {
    const { res, id } = await submit('family-members', { jasenet: [{ ika: 10, koulu: 'ala' }, { ika: 40, tyossa: true }], jasenia: 9 });
    expect(res.statusCode, res.body).toBe(201);
    expect(await stored(id)).toEqual({ jasenet: [{ ika: 10, koulu: 'ala' }, { ika: 40, tyossa: true }], jasenia: 2 });
  });

  it('refuses more panels than maxPanelCount, naming the question', async () => {
    await refused('family-members', { jasenet: [{ ika: 1 }, { ika: 2 }, { ika: 3 }, { ika: 4 }] }, 'jasenet', 'out_of_range', /4 panels, at most 3/);
  });

  it('refuses a value for a question its panel does not show', async () => {
    await refused('family-members', { jasenet: [{ ika: 12 }, { ika: 40, koulu: 'ala' }] }, 'jasenet', 'hidden_question', /panel 2, 'koulu'/);
  });

  it('refuses a panel answer of the wrong shape, naming the question', async () => {
    await refused('family-members', { jasenet: [{ ika: 'neljäkymmentä' }] }, 'jasenet', 'wrong_type', /panel 1, 'ika'/);
  });
});

describe('calculated values and expressions', () => {
  it('stores what the definition computes, whatever was sent', async () => {
    const { res, id } = await submit('wellbeing-score', { uni: 5, liikunta: 4, ravinto: 5, pisteet: 3, ryhma: 'tuki', keskiarvo: 1, taso: 'x' });
    expect(res.statusCode, res.body).toBe(201);
    expect(await stored(id)).toEqual({ uni: 5, liikunta: 4, ravinto: 5, pisteet: 14, ryhma: 'hyva', keskiarvo: 4.7, taso: 'hyvä' });
    const rows = await answerRows(id);
    expect(rows).toContainEqual({ question: 'pisteet', value: '14', num: 14 });
    expect(rows).toContainEqual({ question: 'keskiarvo', value: '4.7', num: 4.7 });
    expect(rows.map((r) => r.question)).not.toContain('apu');
  });

  it('shows and requires by the computed values, not the sent ones', async () => {
    // ryhma is 'tuki' for these answers whatever is sent, so the support question is shown.
    const { res, id } = await submit('wellbeing-score', { uni: 1, liikunta: 2, ravinto: 1, ryhma: 'hyva', tuki: 'Keskusteluapua' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await stored(id)).ryhma).toBe('tuki');
    await refused('wellbeing-score', { uni: 5, liikunta: 5, ravinto: 5, ryhma: 'tuki', tuki: 'ei tarvetta' }, 'tuki', 'hidden_question', /not shown/);
  });
});
