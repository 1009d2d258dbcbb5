import { Model } from 'survey-core';
import type { Geography } from '../geography.ts';
import { valueSpecOf } from '../questions/kinds.ts';
import { choiceItems, type Q } from '../questions/reading.ts';
import type { Scalar } from '../validation/values.ts';

/**
 * What a spreadsheet column can be imported into: a survey's questions as the import reads them,
 * with every text they are known by in every language (the question's name and title, each
 * choice's value and label), so that a header or a cell written by another tool can be matched.
 */

export interface TargetChoice {
  readonly value: Scalar;
  /** The choice's labels in every language of the survey, as written. */
  readonly labels: readonly string[];
  readonly other: boolean;
}

export type TargetKind = 'single' | 'multi' | 'boolean' | 'text' | 'number' | 'matrix';

export interface ImportTarget {
  readonly question: string;
  readonly kind: TargetKind;
  /** The title in every language (the name when it has none). */
  readonly titles: readonly string[];
  /** Choices of a single or multiple choice (or a rating's values, a matrix's columns). */
  readonly choices: readonly TargetChoice[];
  /** A matrix's rows. */
  readonly rows: readonly { readonly value: string; readonly labels: readonly string[] }[];
  /** The choice value of the "other" item when the question has one: its text is the `<name>-Comment` key. */
  readonly other: Scalar | null;
  readonly valueTrue: unknown;
  readonly valueFalse: unknown;
}

/** The texts of a localizable string (`"text"` or `{ default, sv, en }`). */
function texts(json: unknown): string[] {
  if (typeof json === 'string') return json.trim() ? [json] : [];
  if (json && typeof json === 'object') return Object.values(json as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return [];
}

// survey-core's default texts of the "other" item, which the survey file does not spell out.
const OTHER_LABELS = ['Muu', 'Muu, mikä?', 'Muu (mikä?)', 'Annat', 'Annat, vad?', 'Other', 'Other (describe)'];

function choiceOf(item: Q, other: Scalar | null): TargetChoice {
  const isOther = other !== null && item.value === other;
  const own = texts(item.locText?.getJson?.());
  return { value: item.value as Scalar, labels: isOther ? [...own, ...OTHER_LABELS] : own, other: isOther };
}

/**
 * The questions of a survey an import can fill, in form order. The municipality question's choices
 * that are municipality codes also answer to the municipality's Finnish and Swedish names (a file
 * may name Oulu as Uleåborg where the form's label says Oulu).
 */
export function importTargets(definition: object, municipalities?: { question: string | null; geography: Geography }): ImportTarget[] {
  const targets = readTargets(definition);
  if (!municipalities?.question) return targets;
  const { question, geography } = municipalities;
  return targets.map((t) =>
    t.question !== question
      ? t
      : {
          ...t,
          choices: t.choices.map((c) => {
            const m = geography.byCode.get(String(c.value));
            return m ? { ...c, labels: [...c.labels, m.nameFi, ...(m.nameSv ? [m.nameSv] : []), m.code] } : c;
          }),
        },
  );
}

function readTargets(definition: object): ImportTarget[] {
  const model = new Model(definition);
  try {
    const out: ImportTarget[] = [];
    for (const q of model.getAllQuestions(false, false, true) as Q[]) {
      const spec = valueSpecOf(q);
      const titles = [...new Set([...texts(q.locTitle?.getJson?.()), q.name as string])];
      const base = { question: q.name as string, titles, rows: [], other: null, valueTrue: true, valueFalse: false };
      switch (spec.kind) {
        case 'single':
        case 'multi':
          out.push({ ...base, kind: spec.kind, other: spec.other, choices: choiceItems(q).map((i) => choiceOf(i, spec.other)) });
          break;
        case 'rating':
          out.push({ ...base, kind: 'single', choices: (q.visibleRateValues as Q[]).map((i) => choiceOf(i, null)) });
          break;
        case 'boolean': {
          const labels = (loc: Q | undefined, fallback: string[]) => [...texts(loc?.getJson?.()), ...fallback];
          out.push({
            ...base,
            kind: 'boolean',
            valueTrue: spec.valueTrue,
            valueFalse: spec.valueFalse,
            choices: [
              { value: true, labels: labels(q.locLabelTrue, ['kyllä', 'ja', 'yes', 'true', '1']), other: false },
              { value: false, labels: labels(q.locLabelFalse, ['ei', 'nej', 'no', 'false', '0']), other: false },
            ],
          });
          break;
        }
        case 'text':
          out.push({ ...base, kind: spec.numeric ? 'number' : 'text', choices: [] });
          break;
        case 'matrix':
          out.push({
            ...base,
            kind: 'matrix',
            choices: (q.columns as Q[]).map((c) => choiceOf(c, null)),
            rows: (q.rows as Q[]).map((r) => ({ value: String(r.value), labels: texts(r.locText?.getJson?.()) })),
          });
          break;
        default:
          // Panels, dynamic matrices, rankings, files and computed values are not read from a spreadsheet.
          break;
      }
    }
    return out;
  } finally {
    model.dispose();
  }
}
