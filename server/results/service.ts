import type { Kysely } from 'kysely';
import { crossTabulate } from '../../analysis/cross-tabulate.ts';
import { listPopulation } from '../../db/population.ts';
import { openAnswers } from '../../db/results.ts';
import type { Database } from '../../db/schema.ts';
import type { User } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import type { Geography } from '../geography.ts';
import type { SurveyCatalog } from '../surveys/catalog.ts';
import { surveyStatus, type LocalizedText } from '../surveys/envelope.ts';
import { COUNTY_KEY, groupsOf, type Group } from './groups.ts';
import { ResultsIndexes } from './indexes.ts';
import { questionFigures, type GroupFigures } from './question-result.ts';
import { chooseGroups, inScope, parseSelection, scopeOf, type ResultsQuery } from './query.ts';
import { weightedCrosstabTest, weightingMeta, type VarianceVariant } from './weighted.ts';
import { computeWeights, type WeightsEntry } from './weighting.ts';
import { CHANNELS, yieldToLoop, type ResponseIndex } from './response-index.ts';
import { suppressTable } from './suppression.ts';
import { selectRows, UnknownFilter } from './tally.ts';
import type { Collection, CrosstabWithReasons, OpenAnswers, QuestionResult, ResultsMeta, ResultsSurvey, SummaryResult, Variable as VariableSchema } from './schemas.ts';
import type { Variable } from './variables.ts';

// The API's shapes are the route schemas' (./schemas.ts): the service returns exactly what the routes send.
export type VariableInfo = VariableSchema;
export type { ResultsMeta };

const info = (v: Variable): VariableInfo => ({
  key: v.key,
  question: v.question,
  kind: v.kind,
  title: v.title,
  subtitle: v.subtitle,
  visibleIf: v.visibleIf,
  categories: v.categories.map((c) => ({ value: c.value, label: c.label })),
});

type Scope = ReturnType<typeof scopeOf>;

/** Results of the surveys: figures per group, with suppression and, when asked, weights. */
export class ResultsService {
  readonly indexes: ResultsIndexes;
  readonly groups: Group[];
  private readonly weightCache = new WeakMap<ResponseIndex, WeightsEntry>();
  private readonly weightRuns = new WeakMap<ResponseIndex, { key: string; entry: Promise<WeightsEntry> }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
    private readonly geography: Geography,
  ) {
    this.indexes = new ResultsIndexes(db, geography);
    this.groups = groupsOf(geography);
  }

  private survey(surveyId: string) {
    const survey = this.catalog.get(surveyId);
    if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${surveyId}'`);
    return survey;
  }

  private variable(index: ResponseIndex, key: string): Variable {
    const variable = index.variables.get(key);
    if (!variable) throw new ApiError(404, 'question_not_found', `survey '${index.surveyId}' has no question '${key}'`);
    return variable;
  }

  /** Responses kept by the query's filters (every filter must name a closed question). */
  private keep(index: ResponseIndex, query: ResultsQuery): { keep: Uint8Array; selection: ReturnType<typeof parseSelection> } {
    const selection = parseSelection(query);
    for (const f of selection.filters) {
      const v = index.variables.get(f.key);
      if (!v || (v.kind !== 'single' && v.kind !== 'rating' && v.kind !== 'multi')) {
        throw new ApiError(400, 'invalid_filter', `filter '${f.key}' is not a closed question of survey '${index.surveyId}'`);
      }
    }
    try {
      return { keep: selectRows(index, selection), selection };
    } catch (error) {
      if (error instanceof UnknownFilter) throw new ApiError(400, 'invalid_filter', `filter '${error.message}' is not a closed question`);
      throw error;
    }
  }

  /**
   * Raking weights to population margins, for every response with a municipality of the county;
   * computed on all responses, then used for any filtered subset (domain estimation).
   * Margins: the municipalities' populations, and when an admin has loaded a population table and
   * the survey says which questions give sex and age group, the sex and age-group totals too (all
   * three from that table, restricted to the age groups the survey covers, so the totals agree).
   * Respondents missing a margin's answer are left out of weighted figures; municipalities without
   * respondents cannot be represented. Both are reported.
   */
  private async weights(index: ResponseIndex, surveyId: string): Promise<WeightsEntry> {
    const meta = this.survey(surveyId).meta;
    const table = meta.weighting ? await listPopulation(this.db) : [];
    const fingerprint = `${table.length}:${table.reduce((s, r) => s + r.population, 0)}`;
    const cached = this.weightCache.get(index);
    if (cached && cached.size === index.size && cached.fingerprint === fingerprint) return cached;
    // Once per data version (the index's size; deletions make a new index) and population table:
    // concurrent requests share one computation, which runs in a worker thread.
    const key = `${index.size}:${fingerprint}`;
    const running = this.weightRuns.get(index);
    if (running && running.key === key) return running.entry;
    const entry = this.computeWeights(index, surveyId, table, fingerprint);
    this.weightRuns.set(index, { key, entry });
    entry.then(
      (e) => this.weightCache.set(index, e),
      () => undefined,
    ).finally(() => {
      if (this.weightRuns.get(index)?.entry === entry) this.weightRuns.delete(index);
    });
    return entry;
  }

  private async computeWeights(index: ResponseIndex, surveyId: string, table: Awaited<ReturnType<typeof listPopulation>>, fingerprint: string): Promise<WeightsEntry> {
    return computeWeights(index, this.survey(surveyId).meta, this.geography, table, fingerprint);
  }

  private meta(index: ResponseIndex, surveyId: string, selection: ReturnType<typeof parseSelection>, weights: WeightsEntry | null, scope: Scope, variant: VarianceVariant = 'calibrated'): ResultsMeta {
    const visible = this.visibleSlots(scope);
    let latest = -Infinity;
    let synthetic = 0;
    let responses = 0;
    for (let r = 0; r < index.size; r++) {
      if (visible && !visible[index.municipality[r]!]) continue;
      responses++;
      if (index.submittedAt[r]! > latest) latest = index.submittedAt[r]!;
      synthetic += index.synthetic[r]!;
    }
    const s = this.survey(surveyId).meta.suppression;
    return {
      survey: surveyId,
      responses,
      dataAsOf: Number.isFinite(latest) ? new Date(latest).toISOString() : null,
      filters: selection.filters.map((f) => ({ key: f.key, values: [...f.values] })),
      channels: selection.channels ? [...selection.channels] : null,
      from: selection.from === null ? null : new Date(selection.from).toISOString(),
      to: selection.to === null ? null : new Date(selection.to).toISOString(),
      weighting: weights === null ? null : weightingMeta(weights, index, this.geography, visible, variant),
      suppression: { minGroupSize: s.minGroupSize, minCellSize: s.minCellSize },
      synthetic,
    };
  }

  /** Per municipality slot (0: none of the county's), whether a viewer's scope holds it; null for everything. */
  private visibleSlots(scope: Scope): Uint8Array | null {
    if (scope === null) return null;
    const visible = new Uint8Array(this.geography.municipalities.length + 1);
    this.geography.municipalities.forEach((m, i) => {
      if (scope.municipalities.has(m.code)) visible[i + 1] = 1;
    });
    return visible;
  }

  private async prepare(surveyId: string, query: ResultsQuery, user: User) {
    const survey = this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    const scope = scopeOf(user, this.geography);
    const chosen = chooseGroups(this.groups, query, scope);
    const { keep, selection } = this.keep(index, query);
    let weights: Float64Array | null = null;
    let weighting: WeightsEntry | null = null;
    const variant: VarianceVariant = query.se ?? 'calibrated';
    if (query.weights === 'population') {
      const w = await this.weights(index, surveyId);
      weights = w.weights;
      weighting = w;
      // Weighted figures are of those weighted: the county's residents with every margin answered.
      for (let r = 0; r < index.size; r++) if (weights[r] === 0) keep[r] = 0;
    }
    return { survey, index, chosen, keep, weights, weighting: weighting && { entry: weighting, variant }, meta: this.meta(index, surveyId, selection, weighting, scope, variant) };
  }

  async question(surveyId: string, key: string, query: ResultsQuery, user: User): Promise<QuestionResult> {
    const p = await this.prepare(surveyId, query, user);
    const variable = this.variable(p.index, key);
    const groups = questionFigures(p.index, variable, p.keep, this.groups, p.chosen, p.survey.meta.suppression, p.weights, p.weighting);
    return { meta: p.meta, question: info(variable), groups };
  }

  async summary(surveyId: string, query: ResultsQuery, user: User): Promise<SummaryResult> {
    const p = await this.prepare(surveyId, query, user);
    const questions: { question: VariableInfo; groups: GroupFigures[] }[] = [];
    for (const variable of p.index.variables.values()) {
      questions.push({ question: info(variable), groups: questionFigures(p.index, variable, p.keep, this.groups, p.chosen, p.survey.meta.suppression, p.weights, p.weighting) });
      // One variable's tally is a pass over every response (milliseconds at a million); the survey
      // has dozens, which back to back would hold the loop for a second: a turn between them.
      await yieldToLoop();
    }
    return { meta: p.meta, questions };
  }

  async variables(surveyId: string): Promise<VariableInfo[]> {
    this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    return [...index.variables.values()].map(info);
  }

  /** The surveys with their response counts, for the workspace's list (every survey, open or not). */
  async surveys(user: User): Promise<ResultsSurvey[]> {
    const scope = scopeOf(user, this.geography);
    const out = [];
    for (const survey of this.catalog.list()) {
      const index = await this.indexes.ready(survey.meta.id);
      let responses = 0;
      let latest = -Infinity;
      for (let r = 0; r < index.size; r++) {
        if (scope && !scope.municipalities.has(this.geography.municipalities[index.municipality[r]! - 1]?.code ?? '')) continue;
        responses++;
        if (index.submittedAt[r]! > latest) latest = index.submittedAt[r]!;
      }
      out.push({
        id: survey.meta.id,
        version: survey.version,
        title: survey.meta.title,
        audience: survey.meta.audience,
        status: surveyStatus(survey.meta, new Date()),
        opens: survey.meta.opens,
        closes: survey.meta.closes,
        responses,
        latestResponse: Number.isFinite(latest) ? new Date(latest).toISOString() : null,
        municipalityQuestion: survey.meta.municipalityQuestion,
      });
    }
    return out;
  }

  /**
   * How collection is going: responses per municipality and area (and per 1,000 inhabitants), per
   * channel and per day. Counts of responses, not of answers, shown to those who may see the
   * results; a viewer sees their own places only.
   */
  async collection(surveyId: string, user: User): Promise<Collection> {
    this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    const scope = scopeOf(user, this.geography);
    const slots = new Float64Array(this.geography.municipalities.length + 1);
    const channels: Record<string, number> = Object.fromEntries(CHANNELS.map((c) => [c, 0]));
    const days = new Map<string, number>();
    // Days in Finnish time, as the people running a survey count them. Formatting a date is slow
    // (a tenth of a millisecond), so each hour is formatted once.
    const dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
    const dayOfHour = new Map<number, string>();
    for (let r = 0; r < index.size; r++) {
      const slot = index.municipality[r]!;
      if (scope && (slot === 0 || !scope.municipalities.has(this.geography.municipalities[slot - 1]!.code))) continue;
      slots[slot]!++;
      channels[CHANNELS[index.channel[r]!]!]!++;
      const hour = Math.floor(index.submittedAt[r]! / 3_600_000);
      let day = dayOfHour.get(hour);
      if (day === undefined) {
        day = dayFormat.format(hour * 3_600_000);
        dayOfHour.set(hour, day);
      }
      days.set(day, (days.get(day) ?? 0) + 1);
    }
    const per1000 = (n: number, population: number) => (population > 0 ? (1000 * n) / population : null);
    const municipalities = this.geography.municipalities
      .map((m, i) => ({ code: m.code, name: m.nameFi, area: m.area, population: m.population, responses: slots[i + 1]!, per1000: per1000(slots[i + 1]!, m.population) }))
      .filter((m) => !scope || scope.municipalities.has(m.code));
    const areas = this.geography.areas
      .filter((a) => !scope || scope.areas.has(a))
      .map((area) => {
        const members = this.geography.municipalities.map((m, i) => ({ m, n: slots[i + 1]! })).filter((x) => x.m.area === area);
        const responses = members.reduce((s, x) => s + x.n, 0);
        const population = members.reduce((s, x) => s + x.m.population, 0);
        return { area, population, responses, per1000: per1000(responses, population) };
      });
    const total = slots.reduce((a, b) => a + b, 0);
    return {
      survey: surveyId,
      total,
      outsideCounty: scope ? 0 : slots[0]!,
      municipalities,
      areas,
      channels,
      days: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, responses]) => ({ date, responses })),
    };
  }

  /** Cross-tabulation of two closed single-choice questions within one group; suppressed cells are hidden and left out of the test. */
  async crosstab(surveyId: string, rowKey: string, columnKey: string, query: ResultsQuery & { group?: string }, user: User): Promise<CrosstabWithReasons> {
    const survey = this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    const scope = scopeOf(user, this.geography);
    const groupKey = query.group ?? COUNTY_KEY;
    const group = this.groups.find((g) => g.key === groupKey);
    if (!group) throw new ApiError(400, 'invalid_group', `unknown group '${groupKey}'`);
    if (!inScope(group, scope)) throw new ApiError(403, 'outside_scope', `results of ${groupKey} are outside your scope`);
    const rows = this.variable(index, rowKey);
    const columns = this.variable(index, columnKey);
    for (const v of [rows, columns]) {
      if (v.kind !== 'single' && v.kind !== 'rating') throw new ApiError(400, 'not_crosstabulable', `'${v.key}' is not a single-choice question`);
    }
    const { keep, selection } = this.keep(index, query);
    const rowColumn = index.columns.get(rows.key);
    const colColumn = index.columns.get(columns.key);
    if (!rowColumn || rowColumn.kind !== 'codes' || !colColumn || colColumn.kind !== 'codes') throw new ApiError(400, 'not_crosstabulable', 'no data');
    // Every category the form has, in its order, then any only the data has (an old choice).
    const valuesOf = (v: Variable, seen: readonly string[]) => [...new Set([...v.categories.map((c) => c.value), ...seen])];
    const rowValues = valuesOf(rows, rowColumn.dictionary.values);
    const colValues = valuesOf(columns, colColumn.dictionary.values);
    if (rowValues.length === 0 || colValues.length === 0) throw new ApiError(400, 'not_crosstabulable', `'${rows.key}' or '${columns.key}' has no categories`);
    const inGroup = new Uint8Array(256);
    for (const s of group.slots) inGroup[s] = 1;
    const counts = rowValues.map(() => colValues.map(() => 0));
    const rowCode = new Int32Array(rowColumn.dictionary.values.length + 1).fill(-1);
    rowValues.forEach((v, i) => {
      const code = rowColumn.dictionary.find(v);
      if (code !== undefined) rowCode[code] = i;
    });
    const colCode = new Int32Array(colColumn.dictionary.values.length + 1).fill(-1);
    colValues.forEach((v, j) => {
      const code = colColumn.dictionary.find(v);
      if (code !== undefined) colCode[code] = j;
    });
    for (let r = 0; r < index.size; r++) {
      if (!keep[r] || !inGroup[index.municipality[r]!]) continue;
      const i = rowCode[rowColumn.data[r]!]!;
      const j = colCode[colColumn.data[r]!]!;
      if (i >= 0 && j >= 0) counts[i]![j]!++;
    }
    const n = counts.flat().reduce((a, b) => a + b, 0);
    const thresholds = survey.meta.suppression;
    // Within one table the relations are its rows and its columns: treat each row as a "group"
    // of column cells and each cell as a member of its column total.
    const suppression = suppressTable(
      [
        { key: '__total', parent: null, n, cells: colValues.map((_, j) => counts.reduce((s, row) => s + row[j]!, 0)) },
        ...rowValues.map((_, i) => ({ key: `row${i}`, parent: '__total', n: counts[i]!.reduce((a, b) => a + b, 0), cells: counts[i]! })),
      ],
      { cellsAddUpToN: true },
      { minGroupSize: thresholds.minGroupSize, minCellSize: thresholds.minCellSize },
    );
    if (suppression.get('__total')!.group.suppressed) {
      return { meta: this.meta(index, surveyId, selection, null, scope), group: groupKey, rows: info(rows), columns: info(columns), suppressed: true, table: null };
    }
    // Weighted: the Rao–Scott corrected test over every weighted respondent, as R's svychisq on a
    // subset of the design (the whole design stays in for the variance).
    let weighted: ReturnType<typeof weightedCrosstabTest> = null;
    let weighting: WeightsEntry | null = null;
    const variant: VarianceVariant = query.se ?? 'calibrated';
    if (query.weights === 'population') {
      weighting = await this.weights(index, surveyId);
      weighted = weightedCrosstabTest(weighting, rowColumn, colColumn, keep, index.municipality, inGroup, variant);
    }
    const hidden = rowValues.map((_, i) => suppression.get(`row${i}`)!.cells.map((c, j) => c.suppressed || suppression.get(`row${i}`)!.group.suppressed || suppression.get('__total')!.cells[j]!.suppressed));
    const anyHidden = hidden.flat().some(Boolean);
    const table = crossTabulate(counts);
    const mask = <T,>(m: T[][]) => m.map((row, i) => row.map((x, j) => (hidden[i]![j] ? null : x)));
    return {
      meta: this.meta(index, surveyId, selection, weighting, scope, variant),
      group: groupKey,
      rows: info(rows),
      columns: info(columns),
      suppressed: false,
      table: {
        rowValues,
        columnValues: colValues,
        counts: mask(table.counts),
        rowPercents: mask(table.rowPercents),
        columnPercents: mask(table.columnPercents),
        rowTotals: table.rowTotals.map((t, i) => (suppression.get(`row${i}`)!.group.suppressed ? null : t)),
        columnTotals: table.columnTotals.map((t, j) => (suppression.get('__total')!.cells[j]!.suppressed ? null : t)),
        total: table.total,
        // A test on a table with hidden cells would let them be solved for from the statistic.
        test: anyHidden ? null : table.test,
        weightedTest: anyHidden ? null : weighted,
        testWithheld: anyHidden,
        // Why each hidden figure is hidden (null where shown), for the exports that write the reason
        // in its place; the results route's schema leaves it out of the API's answer.
        reasons: {
          cells: rowValues.map((_, i) =>
            colValues.map((_, j) => {
              if (!hidden[i]![j]) return null;
              const row = suppression.get(`row${i}`)!;
              const cell = row.cells[j]!;
              return cell.suppressed ? cell.reason : row.group.suppressed ? row.group.reason : suppression.get('__total')!.cells[j]!.reason;
            }),
          ),
          rowTotals: rowValues.map((_, i) => (suppression.get(`row${i}`)!.group.suppressed ? suppression.get(`row${i}`)!.group.reason : null)),
          columnTotals: colValues.map((_, j) => (suppression.get('__total')!.cells[j]!.suppressed ? suppression.get('__total')!.cells[j]!.reason : null)),
        },
      },
    };
  }

  /** Open answers of one text variable for one group; none from a suppressed municipality, ever. */
  async open(surveyId: string, key: string, query: ResultsQuery & { group?: string; search?: string; limit?: number }, user: User): Promise<OpenAnswers> {
    const survey = this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    const variable = this.variable(index, key);
    if (variable.kind !== 'text') throw new ApiError(400, 'not_open_text', `'${key}' is not an open question`);
    const scope = scopeOf(user, this.geography);
    const groupKey = query.group ?? COUNTY_KEY;
    const group = this.groups.find((g) => g.key === groupKey);
    if (!group) throw new ApiError(400, 'invalid_group', `unknown group '${groupKey}'`);
    if (!inScope(group, scope)) throw new ApiError(403, 'outside_scope', `results of ${groupKey} are outside your scope`);
    const { keep, selection } = this.keep(index, query);
    const column = index.columns.get(key);
    const figures = questionFigures(index, variable, keep, this.groups, this.groups, survey.meta.suppression, null);
    const hiddenSlots = new Set<number>();
    for (const f of figures) if (f.suppressed && f.level === 'municipality') hiddenSlots.add(this.groups.find((g) => g.key === f.key)!.slots[0]!);
    const groupFigure = figures.find((f) => f.key === groupKey)!;
    if (groupFigure.suppressed || !column || column.kind !== 'presence') {
      return { meta: this.meta(index, surveyId, selection, null, scope), question: info(variable), group: groupKey, suppressed: true, n: null, answers: [] };
    }
    const inGroup = new Set(group.slots);
    const ids: string[] = [];
    for (let r = 0; r < index.size; r++) {
      const slot = index.municipality[r]!;
      if (keep[r] && column.data[r] && inGroup.has(slot) && !hiddenSlots.has(slot)) ids.push(index.idAt(r));
    }
    const limit = Math.min(query.limit ?? 200, 1000);
    const texts: { response_id: string; value: string }[] = [];
    for (let start = 0; start < ids.length && texts.length < limit; start += 5000) {
      texts.push(...(await openAnswers(this.db, key, { responseIds: ids.slice(start, start + 5000), search: query.search, limit: limit - texts.length })));
    }
    return {
      meta: this.meta(index, surveyId, selection, null, scope),
      question: info(variable),
      group: groupKey,
      suppressed: false,
      n: groupFigure.n,
      // The texts are data: sent as JSON strings, never as markup.
      answers: texts.map((t) => t.value),
    };
  }
}
