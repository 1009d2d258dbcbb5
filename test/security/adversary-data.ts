/**
 * The adversary test's survey and its demo-like microdata, which the test knows exactly: most of the
 * county's municipalities with 10–130 respondents, and small ones hidden by the suppression rule —
 * Hailuoto 4 and Lumijoki 7 (Lakeus), Utajärvi 1 and Vaala 5 (Oulunkaari), Merijärvi 3 (Eteläinen),
 * and Taivalkoski 9, the only small member of Koillismaa (its one sibling, Kuusamo, is big).
 *
 * The sizes follow the populations so that the raking's bounds (0.25–4 × the mean weight) bind for
 * one respondent only, Utajärvi's, as in the issue's attack on the margin error; the small places'
 * respondents of Lakeus share one sex and age group, as small samples often do, so their weights are
 * each municipality's population over its n.
 *
 * The twin moves respondents between hidden municipalities of one area (Hailuoto 4 → 6, Lumijoki
 * 7 → 5; Utajärvi 1 → 5, Vaala 5 → 1): every published figure should be the same for both.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { envelope } from '../factories/surveys.ts';

export interface Place {
  code: string;
  name: string;
  area: string;
  population: number;
}

/** The county's geography as the project ships it (public: the collection page shows it too). */
export function readGeography(): Place[] {
  const text = fs.readFileSync(path.join(import.meta.dirname, '../../surveys/geography/municipalities.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [code, name, , , , area, population] = line.split(',');
      return { code: code!, name: name!, area: area!, population: Number(population) };
    });
}

/** The closed questions with their answers, in the survey's order; `avoin` stands for whether the open question was answered. */
export const QUESTIONS: readonly { key: string; values: readonly string[]; filterable: boolean }[] = [
  { key: 'sukupuoli', values: ['nainen', 'mies'], filterable: true },
  { key: 'ika', values: ['15_29', '30_64', '65_'], filterable: true },
  { key: 'palvelut', values: ['hyva', 'kohtalainen', 'huono'], filterable: true },
  { key: 'harrastaa', values: ['kylla', 'ei'], filterable: true },
  { key: 'muutto', values: ['ei', 'ehka', 'kylla'], filterable: true },
  { key: 'tyytyvaisyys', values: ['1', '2', '3', '4', '5'], filterable: true },
  { key: 'avoin', values: ['1', '0'], filterable: false },
];
export const CROSSTAB_QUESTIONS = QUESTIONS.filter((q) => q.key !== 'avoin').map((q) => q.key);

export const SURVEY_ID = 'vastustaja';
export const MUNICIPALITY_QUESTION = 'kunta';

export function surveyFile(places: readonly Place[]) {
  const definition = {
    pages: [
      {
        name: 'p1',
        elements: [
          { type: 'dropdown', name: 'kunta', isRequired: true, choices: places.map((p) => ({ value: p.code, text: p.name })) },
          { type: 'radiogroup', name: 'sukupuoli', isRequired: true, choices: ['nainen', 'mies'] },
          { type: 'radiogroup', name: 'ika', isRequired: true, choices: ['15_29', '30_64', '65_'] },
          { type: 'radiogroup', name: 'palvelut', isRequired: true, choices: ['hyva', 'kohtalainen', 'huono'] },
          { type: 'radiogroup', name: 'harrastaa', isRequired: true, choices: ['kylla', 'ei'] },
          { type: 'radiogroup', name: 'muutto', isRequired: true, choices: ['ei', 'ehka', 'kylla'] },
          { type: 'rating', name: 'tyytyvaisyys', isRequired: true, rateMin: 1, rateMax: 5 },
          { type: 'comment', name: 'avoin', maxLength: 500 },
        ],
      },
    ],
  };
  return envelope(SURVEY_ID, definition, {
    municipalityQuestion: 'kunta',
    suppression: { minGroupSize: 10, minCellSize: 5 },
    weighting: {
      sex: { question: 'sukupuoli', categories: { nainen: 'female', mies: 'male' } },
      ageGroup: { question: 'ika', categories: { '15_29': '15-29', '30_64': '30-64', '65_': '65+' } },
    },
  });
}

/** Respondents per municipality. */
export const SIZES: Readonly<Record<string, number>> = {
  // Eteläinen
  '009': 15, '069': 25, '071': 25, '208': 40, '317': 15, '483': 3, '535': 35, '563': 28, '626': 20, '630': 10, '691': 16, '746': 20, '791': 22, '977': 45,
  // Koillismaa: one small member
  '305': 40, '832': 9,
  // Lakeus: two small members
  '072': 4, '436': 7, '859': 22, '494': 28, '425': 32, '244': 45,
  // Oulu
  '564': 120,
  // Oulunkaari: two small members
  '889': 1, '785': 5, '615': 20, '139': 28,
  // Rannikko
  '625': 18, '748': 20, '678': 40,
};
export const TWIN_SIZES: Readonly<Record<string, number>> = { ...SIZES, '072': 6, '436': 5, '889': 5, '785': 1 };
/** The municipalities the rule hides (fewer than ten respondents): the test's targets. */
export const SMALL = Object.keys(SIZES).filter((code) => SIZES[code]! < 10);

export interface Respondent {
  /** The same in the twin: only the municipality of some respondents differs. */
  id: string;
  municipality: string;
  /** Closed answers by question key; `avoin` is '1' when the open question was answered. */
  answers: Record<string, string>;
  text: string | null;
}

/** A small deterministic generator (mulberry32), so both databases and every run get the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(i: number): string {
  const hex = crypto.createHash('sha256').update(`vastustaja-${i}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The respondents of one dataset. The twin has the same respondents (ids, answers, texts) in the
 * same order; those of the hidden municipalities of Lakeus and of Oulunkaari are dealt to their
 * municipalities by `sizes`.
 */
export function respondents(sizes: Readonly<Record<string, number>>, places: readonly Place[]): Respondent[] {
  const next = random(13);
  const pick = <T,>(xs: readonly T[], weights?: readonly number[]): T => {
    const w = weights ?? xs.map(() => 1);
    let u = next() * w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < xs.length; i++) if ((u -= w[i]!) < 0) return xs[i]!;
    return xs[xs.length - 1]!;
  };
  // The pooled small places: same respondents, split by `sizes` in either dataset.
  const pools: { codes: string[]; sex: string; age: string }[] = [
    { codes: ['072', '436'], sex: 'nainen', age: '30_64' },
    { codes: ['889', '785'], sex: 'mies', age: '65_' },
  ];
  const out: Respondent[] = [];
  let i = 0;
  const answer = (municipality: string, sex?: string, age?: string): Respondent => {
    const lean = places.findIndex((p) => p.code === municipality) % 3;
    const answers: Record<string, string> = {
      sukupuoli: sex ?? pick(['nainen', 'mies']),
      ika: age ?? pick(['15_29', '30_64', '65_'], [3, 5, 3]),
      palvelut: pick(['hyva', 'kohtalainen', 'huono'], lean === 0 ? [5, 3, 2] : lean === 1 ? [2, 5, 3] : [3, 3, 4]),
      harrastaa: pick(['kylla', 'ei'], [6, 4]),
      muutto: pick(['ei', 'ehka', 'kylla'], [6, 3, 1 + lean]),
      tyytyvaisyys: pick(['1', '2', '3', '4', '5'], [1, 2, 4, 5, 3]),
    };
    const wrote = next() < 0.55;
    answers.avoin = wrote ? '1' : '0';
    const text = wrote ? `Vastaus ${i + 1}: ${pick(['lisää bussivuoroja', 'kirjasto auki iltaisin', 'nuorille tekemistä', 'terveysasema lähemmäs', 'tiet kuntoon'])}` : null;
    return { id: uuid(i++), municipality, answers, text };
  };
  for (const place of places) {
    if (pools.some((p) => p.codes.includes(place.code))) continue;
    for (let k = 0; k < (SIZES[place.code] ?? 0); k++) out.push(answer(place.code));
  }
  for (const pool of pools) {
    const total = pool.codes.reduce((s, c) => s + SIZES[c]!, 0);
    const members = Array.from({ length: total }, () => answer(pool.codes[0]!, pool.sex, pool.age));
    let k = 0;
    for (const code of pool.codes) for (let j = 0; j < sizes[code]!; j++) members[k++]!.municipality = code;
    if (k !== total) throw new Error('a twin must keep the pooled total');
    out.push(...members);
  }
  return out;
}

/** The SurveyJS data a respondent submits. */
export function submission(r: Respondent): Record<string, unknown> {
  const data: Record<string, unknown> = { kunta: r.municipality };
  for (const q of QUESTIONS) if (q.key !== 'avoin') data[q.key] = q.key === 'tyytyvaisyys' ? Number(r.answers[q.key]) : r.answers[q.key];
  if (r.text) data.avoin = r.text;
  return data;
}

/**
 * A population table by municipality, sex and age group whose municipality totals are the public
 * populations (so the attacker's "published population" is the raking's margin).
 */
export function populationCsv(places: readonly Place[]): string {
  const lines = ['municipality,sex,age_group,population'];
  for (const p of places) {
    const parts = [
      ['female', '15-29', 0.09],
      ['male', '15-29', 0.1],
      ['female', '30-64', 0.22],
      ['male', '30-64', 0.23],
      ['female', '65+', 0.19],
    ] as const;
    let left = p.population;
    for (const [sex, age, share] of parts) {
      const n = Math.round(p.population * share);
      lines.push(`${p.code},${sex},${age},${n}`);
      left -= n;
    }
    lines.push(`${p.code},male,65+,${left}`);
  }
  return lines.join('\n');
}
