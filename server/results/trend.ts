import type { Kysely } from 'kysely';
import { changeBetweenWaves, meanSe, proportionSe } from '../../analysis/change-between-waves.ts';
import { tQuantile } from '../../analysis/distributions.ts';
import type { Database } from '../../db/schema.ts';
import type { User } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import { finnish } from '../exports/data/columns.ts';
import { SeriesService } from '../series/service.ts';
import type { SurveyCatalog, SurveyVersion } from '../surveys/catalog.ts';
import { placeQuestions } from './disclosure.ts';
import type { ResultsQuery } from './query.ts';
import type { CategoryFigure, GroupFigures, QuestionResult } from './schemas.ts';
import type { ResultsService } from './service.ts';
import type { TrendChange, TrendGroup, TrendLine, TrendPoint, TrendQuery, TrendResult, TrendWave } from './trend-schemas.ts';
import type { Variable } from './variables.ts';

/**
 * One question over the waves of a survey series (issue 15): per wave and place an estimate with its
 * n, effective n, standard error and 95% interval, and the change between waves with its test.
 *
 * Every point is read from the wave's own results view (ResultsService.question, or its recoded
 * twin), so each wave's disclosure policy, cell suppression, viewer scope and weights hold as they
 * do in that wave's own tables; the trend then hides more, never less:
 * - a place hidden in any wave (its group suppressed there) is hidden in every wave of the trend, so
 *   no change of a hidden place is published, nor a change from which, with its area's change and
 *   its neighbours', the hidden place's would follow;
 * - an earlier wave recoded into the later wave's categories shows a merged cell only when the
 *   wave's own table shows every cell it adds up (a merged cell is then a sum of published cells);
 * - a change is shown only when both its points are.
 * So every figure of a trend is a figure, or a difference of figures, that the waves' own views
 * publish: combining trends with the per-wave views tells nothing those views do not.
 */
export class TrendService {
  private readonly series: SeriesService;

  constructor(
    db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
    private readonly results: ResultsService,
  ) {
    this.series = new SeriesService(db, catalog);
  }

  async trend(surveyId: string, query: TrendQuery, user: User): Promise<TrendResult> {
    const anchor = this.catalog.get(surveyId);
    if (!anchor) throw new ApiError(404, 'survey_not_found', `no survey '${surveyId}'`);
    // The index first, as every results route: while it loads the answer is 503 results_preparing.
    const index = await this.results.indexes.ready(surveyId);
    const seriesOf = anchor.meta.series;
    if (!seriesOf) throw new ApiError(400, 'not_in_series', `survey '${surveyId}' is not a wave of a series: a trend needs earlier waves`);
    const variable = index.variables.get(query.question);
    if (!variable) throw new ApiError(404, 'question_not_found', `survey '${surveyId}' has no question '${query.question}'`);
    if (placeQuestions(anchor.meta).includes(variable.question)) {
      throw new ApiError(400, 'not_trendable', `'${query.question}' gives the respondent's place: results over waves are split by place with groupBy or compare`);
    }
    const measure = variable.kind === 'single' || variable.kind === 'multi' ? 'proportion' : variable.kind === 'rating' || variable.kind === 'number' ? 'mean' : null;
    if (measure === null) throw new ApiError(400, 'not_trendable', `'${query.question}' is a ${variable.kind} question: trends are of single and multiple choices (percentages), ratings and numbers (means)`);
    if (variable.kind === 'number' && query.weights === 'population') {
      throw new ApiError(400, 'not_trendable', `'${query.question}' is a number: its weighted mean is not among the results, so its trend is unweighted only (leave out weights)`);
    }

    const waves = this.wavesUpTo(anchor);
    const chain = await this.chain(waves, anchor, variable);
    const view: ResultsQuery = { groupBy: query.groupBy, compare: query.compare, weights: query.weights, se: query.se };
    const included = chain.filter((w) => w.included);
    // Each wave's own view, and the view recoded into the trend's categories (the anchor's own is both).
    const figures: { wave: (typeof chain)[number]; own: QuestionResult; recoded: QuestionResult }[] = [];
    for (const w of included) {
      const own = await this.results.question(w.survey.meta.id, w.key!, view, user);
      const recoded = w.survey === anchor || variable.kind === 'number' ? own : await this.results.recodedQuestion(w.survey.meta.id, w.key!, w.choices, variable.categories, view, user);
      figures.push({ wave: w, own, recoded });
    }
    const waveList: TrendWave[] = chain.map((w) => {
      const f = figures.find((x) => x.wave === w);
      const recodedOnly = Object.fromEntries(Object.entries(w.choices).filter(([a, b]) => a !== b));
      return { survey: w.survey.meta.id, wave: w.survey.meta.series!.wave, title: finnish(w.survey.meta.title), question: w.key, included: w.included, reason: w.reason, recoded: recodedOnly, responses: f?.own.meta.responses ?? 0, synthetic: f?.own.meta.synthetic ?? 0 };
    });
    const anchorFigures = figures[figures.length - 1]!.own;
    const meta = {
      survey: surveyId,
      series: seriesOf.id,
      measure,
      intervals: query.weights === 'population' ? (query.se === 'fixed' ? 'fixed-weights' : 'calibrated') : 'srs',
      suppression: anchorFigures.meta.suppression,
    } as const;
    if (included.length < 2) {
      const reason = chain.find((w) => !w.included)?.reason ?? `series '${seriesOf.id}' has no wave before ${anchor.meta.series!.wave}`;
      return { meta, question: anchorFigures.question, comparable: false, reason, waves: waveList, groups: [] };
    }
    const weighted = query.weights === 'population';
    const groups: TrendGroup[] = anchorFigures.groups.map((g) => {
      const perWave = figures.map((f) => ({ wave: f.wave, own: groupIn(f.own, g.key), recoded: groupIn(f.recoded, g.key) }));
      const hiddenIn = perWave.find((p) => p.own.suppressed || p.recoded.suppressed);
      const base = { key: g.key, level: g.level, label: g.label, parent: g.parent };
      if (hiddenIn) {
        const reason = hiddenIn.own.suppression ?? hiddenIn.recoded.suppression ?? 'small_group';
        return { ...base, suppressed: true, suppression: hiddenIn.wave.survey === anchor ? reason : 'hidden_in_a_wave', lines: [] };
      }
      const lineValues: { value: string; label: TrendLine['label'] }[] =
        measure === 'mean' ? [{ value: 'mean', label: { default: 'Keskiarvo', sv: 'Medelvärde', en: 'Mean' } }] : variable.categories.map((c) => ({ value: c.value, label: c.label }));
      const lines = lineValues.map(({ value, label }) => {
        const points = perWave.map((p) => (measure === 'mean' ? meanPoint(p.wave, p.own, p.recoded, variable, weighted) : proportionPoint(p.wave, p.own, p.recoded, value, weighted)));
        return { value, label, points, changes: changesOf(points) };
      });
      return { ...base, suppressed: false, suppression: null, lines };
    });
    return { meta, question: anchorFigures.question, comparable: true, reason: null, waves: waveList, groups };
  }

  /** The waves of the anchor's series up to the anchor, in the order of their names. */
  private wavesUpTo(anchor: SurveyVersion): SurveyVersion[] {
    const id = anchor.meta.series!.id;
    const waves = this.catalog
      .list()
      .filter((s) => s.meta.series?.id === id)
      .sort((a, b) => a.meta.series!.wave.localeCompare(b.meta.series!.wave, 'fi', { numeric: true }));
    return waves.slice(0, waves.findIndex((w) => w.meta.id === anchor.meta.id) + 1);
  }

  /**
   * The question in each wave, walking the saved mappings of consecutive waves back from the anchor:
   * its key there and its answers' recoding into the anchor's categories (each step's recoding
   * composed with the later steps'). A link marked not comparable, or a question the earlier wave
   * did not ask, ends the trend: that wave and every earlier one are left out, with the reason.
   */
  private async chain(waves: SurveyVersion[], anchor: SurveyVersion, variable: Variable) {
    type Step = { survey: SurveyVersion; key: string | null; choices: Record<string, string>; included: boolean; reason: string | null };
    const identity = Object.fromEntries(variable.categories.map((c) => [c.value, c.value]));
    const out: Step[] = [{ survey: anchor, key: variable.key, choices: identity, included: true, reason: null }];
    // A matrix row's key is `question.row`: the row keeps its name when the question is renamed.
    const suffix = variable.key.slice(variable.question.length);
    let question: string | null = variable.question;
    let choices: Record<string, string> = identity;
    let broken: string | null = null;
    for (let i = waves.length - 2; i >= 0; i--) {
      const earlier = waves[i]!;
      if (broken === null && question !== null) {
        const mapping = await this.series.mapping(anchor.meta.series!.id, earlier.meta.id, waves[i + 1]!.meta.id);
        const link = mapping.questions.find((q) => q.question === question);
        if (!link || link.from === null) broken = `'${question}' was not asked in wave ${earlier.meta.series!.wave}`;
        else if (!link.comparable) broken = `'${question}' of wave ${waves[i + 1]!.meta.series!.wave} is not comparable with '${link.from}' of wave ${earlier.meta.series!.wave}${link.note ? `: ${link.note}` : ''}`;
        else {
          const later = choices;
          const step = link.choices ?? {};
          const keys = new Set([...Object.keys(later), ...Object.keys(step)]);
          choices = {};
          for (const old of keys) {
            const mid = Object.hasOwn(step, old) ? step[old]! : old;
            if (Object.hasOwn(later, mid)) choices[old] = later[mid]!;
          }
          question = link.from;
          out.unshift({ survey: earlier, key: `${question}${suffix}`, choices, included: true, reason: null });
          continue;
        }
      }
      out.unshift({ survey: earlier, key: null, choices: {}, included: false, reason: broken });
    }
    return out;
  }
}

function groupIn(result: QuestionResult, key: string): GroupFigures {
  const g = result.groups.find((x) => x.key === key);
  if (!g) throw new Error(`group ${key} missing from a wave's figures`);
  return g;
}

const hiddenPoint = (wave: { survey: SurveyVersion }, suppression: TrendPoint['suppression'], n: number | null = null): TrendPoint => ({
  survey: wave.survey.meta.id,
  wave: wave.survey.meta.series!.wave,
  n,
  effectiveN: null,
  estimate: null,
  se: null,
  ci: null,
  suppressed: true,
  suppression,
});

/**
 * One category's percentage in one wave, in the trend's categories. Shown only when the recoded
 * table shows it and the wave's own table shows every cell merged into it.
 */
function proportionPoint(wave: { survey: SurveyVersion; choices: Record<string, string> }, own: GroupFigures, recoded: GroupFigures, value: string, weighted: boolean): TrendPoint {
  const cell = recoded.categories?.find((c) => c.value === value);
  const parts = (own.categories ?? []).filter((c) => (Object.hasOwn(wave.choices, c.value) ? wave.choices[c.value] : c.value) === value);
  const hidden = [cell, ...parts].find((c): c is CategoryFigure => c !== undefined && c.suppressed);
  if (!cell || hidden) return hiddenPoint(wave, hidden?.suppression ?? 'small_cell', recoded.n);
  const n = recoded.n!;
  if (weighted) {
    const w = cell.weighted;
    if (!w) return hiddenPoint(wave, 'small_group', n);
    return { survey: wave.survey.meta.id, wave: wave.survey.meta.series!.wave, n, effectiveN: w.deff && w.deff > 0 ? n / w.deff : n, estimate: w.percent, se: w.se, ci: w.ci, suppressed: false, suppression: null };
  }
  const se = cell.count === null ? null : proportionSe(cell.count, n);
  return { survey: wave.survey.meta.id, wave: wave.survey.meta.series!.wave, n, effectiveN: n, estimate: cell.percent, se: se === null ? null : 100 * se, ci: cell.ci, suppressed: false, suppression: null };
}

/**
 * The mean of a rating's scale answers ("can't say" left out) or of a number's answers in one wave.
 * A rating's mean is shown only when neither its own nor its recoded table hides a cell (the rule
 * of the results: a mean adds an equation a hidden cell could be solved from).
 */
function meanPoint(wave: { survey: SurveyVersion }, own: GroupFigures, recoded: GroupFigures, variable: Variable, weighted: boolean): TrendPoint {
  const at = { survey: wave.survey.meta.id, wave: wave.survey.meta.series!.wave };
  if (variable.kind === 'number') {
    const numbers = own.numbers;
    if (!numbers || numbers.mean === null || numbers.sd === null) return hiddenPoint(wave, 'small_group', own.n);
    const se = meanSe(numbers.sd, numbers.n);
    return { ...at, n: numbers.n, effectiveN: numbers.n, estimate: numbers.mean, se, ci: se === null ? null : tInterval(numbers.mean, se, numbers.n - 1), suppressed: false, suppression: null };
  }
  if (!own.rating || own.rating.mean === null || !recoded.rating || recoded.rating.mean === null) return hiddenPoint(wave, 'small_cell', recoded.n);
  // The scale answers' spread from the recoded table's counts (all shown: the mean is).
  let m = 0;
  let sum = 0;
  let sum2 = 0;
  for (const c of recoded.categories ?? []) {
    const category = variable.categories.find((x) => x.value === c.value);
    const score = Number(c.value);
    if (!category || category.nonSubstantive || c.value.trim() === '' || !Number.isFinite(score) || c.count === null) continue;
    m += c.count;
    sum += c.count * score;
    sum2 += c.count * score * score;
  }
  const sd = m > 1 ? Math.sqrt(Math.max(0, (sum2 - (sum * sum) / m) / (m - 1))) : null;
  if (weighted) {
    const w = recoded.rating.weighted;
    if (!w) return hiddenPoint(wave, 'small_group', m);
    const effectiveN = w.se !== null && w.se > 0 && sd !== null ? (sd * sd) / (w.se * w.se) : m;
    return { ...at, n: m, effectiveN, estimate: w.mean, se: w.se, ci: w.ci, suppressed: false, suppression: null };
  }
  const se = sd === null ? null : meanSe(sd, m);
  return { ...at, n: m, effectiveN: m, estimate: recoded.rating.mean, se, ci: se === null ? null : tInterval(recoded.rating.mean, se, m - 1), suppressed: false, suppression: null };
}

/** mean ± t_{df, 0.975}·se, as R's confint(svymean(…), df = degf(…)). */
function tInterval(mean: number, se: number, df: number) {
  const t = tQuantile(0.975, df);
  return { lower: mean - t * se, upper: mean + t * se };
}

/** Changes between consecutive waves, and from the first to the last when there are three or more. */
function changesOf(points: readonly TrendPoint[]): TrendChange[] {
  const change = (a: TrendPoint, b: TrendPoint, span: TrendChange['span']): TrendChange => {
    const head = { from: a.survey, to: b.survey, span };
    if (a.suppressed || b.suppressed || a.estimate === null || b.estimate === null || a.se === null || b.se === null) {
      return { ...head, difference: null, se: null, ci: null, z: null, p: null, suppressed: a.suppressed || b.suppressed };
    }
    const c = changeBetweenWaves({ estimate: a.estimate, se: a.se }, { estimate: b.estimate, se: b.se });
    return { ...head, difference: c.difference, se: c.se, ci: c.ci, z: c.z, p: c.p, suppressed: false };
  };
  const out: TrendChange[] = [];
  for (let i = 1; i < points.length; i++) out.push(change(points[i - 1]!, points[i]!, 'consecutive'));
  if (points.length > 2) out.push(change(points[0]!, points[points.length - 1]!, 'firstToLast'));
  return out;
}
