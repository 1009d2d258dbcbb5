// Which questions ask who the respondent is: the thank-you page says "you answered anonymously"
// only when none of them has an answer. The seed surveys ask none; forms written as SurveyJS's
// documentation writes contact forms are recognised however they nest the name and e-mail.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gaveIdentifyingAnswers } from '../../client/respond/survey/identifying.ts';
import { identifyingQuestions } from '../../server/questions/identifying.ts';
import { projectRoot } from '../../server/config.ts';

const surveysDir = path.join(projectRoot, 'surveys');

describe('identifying questions', () => {
  it.each(fs.readdirSync(surveysDir).filter((f) => f.endsWith('.json')))('%s asks none (its answers are anonymous)', (file) => {
    const { survey } = JSON.parse(fs.readFileSync(path.join(surveysDir, file), 'utf8')) as { survey: object };
    expect([...identifyingQuestions(survey)]).toEqual([]);
  });

  it('finds names, e-mail addresses, phone numbers and signatures at any depth, by the question that keeps the answer', () => {
    const definition = {
      pages: [
        {
          name: 'yhteystiedot',
          elements: [
            { type: 'text', name: 'first-name', title: 'First name' },
            { type: 'text', name: 'osoite_sposti', validators: [{ type: 'email' }] },
            { type: 'text', name: 'puh', inputType: 'tel' },
            { type: 'text', name: 'kutsumanimi', autocomplete: 'nickname' },
            { type: 'rating', name: 'arvio' },
            { type: 'comment', name: 'palaute' },
            {
              type: 'panel',
              name: 'name',
              elements: [{ type: 'multipletext', name: 'yhteyshenkilo', items: [{ name: 'organisaatio' }, { name: 'sahkoposti' }] }],
            },
            { type: 'paneldynamic', name: 'lapset', templateElements: [{ type: 'text', name: 'ika' }] },
            { type: 'paneldynamic', name: 'osallistujat', templateElements: [{ type: 'text', name: 'etunimi' }] },
            { type: 'matrixdynamic', name: 'tiimi', columns: [{ name: 'rooli' }, { name: 'email', cellType: 'text', inputType: 'email' }] },
            { type: 'signaturepad', name: 'allekirjoitus' },
          ],
        },
      ],
    };
    expect([...identifyingQuestions(definition)].sort()).toEqual(
      ['allekirjoitus', 'first-name', 'kutsumanimi', 'osallistujat', 'osoite_sposti', 'puh', 'tiimi', 'yhteyshenkilo'].sort(),
    );
  });

  it('an answer is identifying only when one of those questions has a value', () => {
    const questions = new Set(['nimi', 'yhteystiedot', 'osallistujat']);
    expect(gaveIdentifyingAnswers(questions, { arvio: 4 })).toBe(false);
    expect(gaveIdentifyingAnswers(questions, { arvio: 4, nimi: '' })).toBe(false);
    expect(gaveIdentifyingAnswers(questions, { yhteystiedot: {}, osallistujat: [] })).toBe(false);
    expect(gaveIdentifyingAnswers(questions, { nimi: 'Maija' })).toBe(true);
    expect(gaveIdentifyingAnswers(questions, { yhteystiedot: { sahkoposti: 'maija@example.fi' } })).toBe(true);
    expect(gaveIdentifyingAnswers(questions, { osallistujat: [{ etunimi: 'Maija' }] })).toBe(true);
  });
});
