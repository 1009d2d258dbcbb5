// The condition editor's checks as the author types (client/workspace/authoring/conditions/check.ts):
// the server's own checks (server/authoring/conditions.ts) applied to the survey with the typed
// condition in place, kept to what concerns that condition; and the expressions the picker writes,
// which survey-core must run as meant.
import { describe, expect, it } from 'vitest';
import { Model } from 'survey-core';
import { checkInContext, combined, pickedExpression, pickerQuestions, readingOf } from '../../client/workspace/authoring/conditions/check.ts';

const survey = () => ({
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'radiogroup', name: 'tyyppi', title: { default: 'Järjestön tyyppi', sv: 'Organisationstyp' }, choices: [{ value: 'yhdistys', text: { default: 'Yhdistys', sv: 'Förening' } }, { value: 'saatio', text: 'Säätiö' }, 'muu'] },
        { type: 'checkbox', name: 'ala', title: 'Toimiala', choices: ['sote', 'nuoret'] },
        { type: 'rating', name: 'arvio', rateMin: 1, rateMax: 4 },
        { type: 'comment', name: 'lisatieto', title: 'Lisätietoa' },
      ],
    },
    { name: 'p2', elements: [{ type: 'boolean', name: 'henkilosto', title: 'Onko henkilöstöä?' }, { type: 'text', name: 'nimi', visibleIf: '{lisatieto} notempty' }] },
  ],
});

describe('the condition editor checks a condition as it is typed', () => {
  it('accepts a condition on an earlier question, and reads it in the interface language', () => {
    expect(checkInContext(survey(), 'lisatieto', "{tyyppi} = 'yhdistys'")).toEqual([]);
    expect(readingOf(survey(), "{tyyppi} = 'yhdistys'", 'sv')).toBe('«Organisationstyp» är «Förening»');
    expect(readingOf(survey(), "{tyyppi} anyof ['yhdistys', 'saatio']", 'fi')).toBe('«Järjestön tyyppi» on jokin seuraavista: «Yhdistys», «Säätiö»');
  });

  it("names where survey-core's parser stopped", () => {
    const [problem, ...rest] = checkInContext(survey(), 'lisatieto', "{tyyppi} = 'yhdistys' and");
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: 'unparsable', severity: 'error', parser: { at: 25 } });
    expect(readingOf(survey(), "{tyyppi} = 'yhdistys' and", 'fi')).toBeNull();
  });

  it('names an unknown question, and warns of one asked only on a later page', () => {
    expect(checkInContext(survey(), 'lisatieto', "{tyypi} = 'yhdistys'")).toEqual([{ severity: 'error', code: 'unknown_name', variable: 'tyypi' }]);
    expect(checkInContext(survey(), 'ala', '{henkilosto} = true')).toEqual([{ severity: 'warning', code: 'later_page', variable: 'henkilosto', pages: { asked: 2, used: 1 } }]);
  });

  it('finds a circle through the question being edited, and only such a circle', () => {
    // nimi is shown when lisatieto is answered; lisatieto shown when nimi is: neither can ever be decided.
    expect(checkInContext(survey(), 'lisatieto', '{nimi} notempty')).toEqual([
      { severity: 'warning', code: 'later_page', variable: 'nimi', pages: { asked: 2, used: 1 } },
      { severity: 'error', code: 'cycle', cycle: ['lisatieto', 'nimi'] },
    ]);
    expect(checkInContext(survey(), 'ala', '{tyyppi} notempty')).toEqual([]);
  });

  it('checks the condition already in place under its own key, not a second copy beside it', () => {
    const s = survey();
    (s.pages[1]!.elements[1] as Record<string, unknown>).requiredIf = '{tyyppi} empty';
    expect(checkInContext(s, 'nimi', '{lisatieto} notempty')).toEqual([]);
  });
});

describe("the picker writes expressions survey-core runs as meant", () => {
  it('offers the questions before the one being edited, with operators and values by type', () => {
    const offered = pickerQuestions(survey(), 'lisatieto');
    expect(offered.map((q) => q.name)).toEqual(['tyyppi', 'ala', 'arvio']);
    expect(offered[0]!.choices.map((c) => c.value)).toEqual(['yhdistys', 'saatio', 'muu']);
    expect(offered[0]!.operators).toContain('anyof');
    expect(offered[1]!.operators).toContain('contains');
    expect(offered[2]!.choices.map((c) => c.value)).toEqual([1, 2, 3, 4]);
    expect(offered[2]!.operators).toContain('greaterorequal');
    expect(pickerQuestions(survey(), 'nimi').find((q) => q.name === 'henkilosto')!.choices.map((c) => c.value)).toEqual([true, false]);
  });

  it('writes conditions that survey-core evaluates as the pick says', () => {
    const cases: [string, Record<string, unknown>, boolean][] = [
      [pickedExpression('tyyppi', 'equal', ['yhdistys']), { tyyppi: 'yhdistys' }, true],
      [pickedExpression('tyyppi', 'anyof', ['saatio', 'muu']), { tyyppi: 'yhdistys' }, false],
      [pickedExpression('tyyppi', 'anyof', ['saatio', 'muu']), { tyyppi: 'muu' }, true],
      [pickedExpression('ala', 'contains', ['nuoret']), { ala: ['sote', 'nuoret'] }, true],
      [pickedExpression('arvio', 'greaterorequal', [3]), { arvio: 2 }, false],
      [pickedExpression('lisatieto', 'notempty', []), { lisatieto: 'x' }, true],
      [pickedExpression('tyyppi', 'equal', ["o'brien"]), { tyyppi: "o'brien" }, true],
      [combined(pickedExpression('tyyppi', 'equal', ['muu']), pickedExpression('arvio', 'less', [2]), 'or'), { tyyppi: 'yhdistys', arvio: 1 }, true],
      [combined("{tyyppi} = 'muu' or {arvio} < 2", pickedExpression('lisatieto', 'notempty', []), 'and'), { arvio: 1 }, false],
    ];
    for (const [expression, data, expected] of cases) {
      const model = new Model({ elements: [{ type: 'text', name: 'shown', visibleIf: expression }] });
      model.data = data;
      expect(model.getQuestionByName('shown').isVisible, `${expression} with ${JSON.stringify(data)}`).toBe(expected);
      model.dispose();
    }
    expect(pickedExpression('tyyppi', 'anyof', ['saatio', 'muu'])).toBe("{tyyppi} anyof ['saatio', 'muu']");
  });
});
