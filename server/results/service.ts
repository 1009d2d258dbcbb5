import type { Kysely } from 'kysely';
import { may } from '../auth/permissions.ts';
import { isClosedKind, isCrossTabulatedKind } from '../questions/result-kinds.ts';
import { listPopulation } from '../../db/population.ts';
import { answersToQuestion, openAnswers } from '../../db/results.ts';
import type { Database } from '../../db/schema.ts';
import type { User } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import type { Geography } from '../geography.ts';
import type { SurveyCatalog } from '../surveys/catalog.ts';
import { surveyStatus, type LocalizedText, type SurveyMeta } from '../surveys/envelope.ts';
import { shapeCrosstab, suppressCrosstab, tallyCrosstab } from './crosstab.ts';
import { shapeMultiCrosstab, suppressMultiCrosstab, tallyMultiCrosstab } from './crosstab-multi.ts';
import { checkSelection, disclosureOf, placeQuestions, scopedSlots, viewerCounty, type Disclosure, type ViewerCounty } from './disclosure.ts';
import { COUNTY_KEY, groupsOf, type Group } from './groups.ts';
import { ResultsIndexes } from './indexes.ts';
import { questionFigures, type GroupFigures } from './question-result.ts';
import { entryFigures } from './entry-figures.ts';
import { chooseGroups, inScope, parseSelection, scopeOf, type ResultsQuery } from './query.ts';
import { weightedCrosstabTest, weightingMeta, type VarianceVariant } from './weighted.ts';
import { computeWeights, type WeightsEntry } from './weighting.ts';
import { CHANNELS, yieldToLoop, type ResponseIndex } from './response-index.ts';
import { inSlices, selectRows, UnknownFilter } from './tally.ts';
import type { Collection, CrosstabWithReasons, OpenAnswers, QuestionResult, Quotes, ResultsMeta, ResultsSurvey, SummaryResult, Variable as VariableSchema } from './schemas.ts';
import type { Variable } from './variables.ts';
import { MaskColumn, type CodeColumn } from './columns.ts';
import { pickShortQuotes, redactQuote } from './quotes.ts';
import { recodedView } from './trend-recode.ts';

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
  ...(v.entries ? { entries: v.entries } : {}),
});

type Scope = ReturnType<typeof scopeOf>;

/**
 * Variables made from something other than the survey's answers (a coded open question's themes,
 * server/coding/): multiple-choice variables whose values per response come from elsewhere. They
 * are tallied over the same index rows, groups and disclosure policy as any closed question.
 */
/** A derived variable's key: `<question>:codes` for a coded open question's themes. */
export const DERIVED_SUFFIX = ':codes';
export const isDerivedKey = (key: string) => key.endsWith(DERIVED_SUFFIX);

export interface DerivedVariables {
  list(surveyId: string): Promise<Variable[]>;
  /** The variable and its values per response id; null when `key` is none of them. */
  values(surveyId: string, key: string): Promise<{ variable: Variable; values: ReadonlyMap<string, readonly string[]> } | null>;
}

/** Results of the surveys: figures per group, with suppression and, when asked, weights. */
export class ResultsService {
  readonly indexes: ResultsIndexes;
  readonly groups: Group[];
  private readonly weightCache = new WeakMap<ResponseIndex, WeightsEntry>();
  private readonly weightRuns = new WeakMap<ResponseIndex, { key: string; entry: Promise<WeightsEntry> }>();
  /** Weighted requests that joined a running computation instead of starting their own (for the tests). */
  weightJoins = 0;
  private derived: DerivedVariables | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
    private readonly geography: Geography,
    /** Where the index build's counts over a whole survey run (db/connect.ts `scans`); by default `db`. */
    scans: Kysely<Database> = db,
  ) {
    this.indexes = new ResultsIndexes(db, geography, scans);
    this.groups = groupsOf(geography);
  }

  private survey(surveyId: string) {
    const survey = this.catalog.get(surveyId);
    if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${surveyId}'`);
    return survey;
  }

  /** Adds variables made elsewhere (see DerivedVariables). */
  useDerived(derived: DerivedVariables): void {
    this.derived = derived;
  }

  /**
   * The index seen through a view that has the named derived variables (every one of the survey's
   * for 'all') beside its own, as columns and variables, so that figures, filters and cross-tabs
   * read them as any closed question. Names that are none of them are left to the callers' checks.
   * Disclosure, weights and their caches stay keyed to the index itself, never to a view.
   */
  private async withDerived(index: ResponseIndex, keys: Iterable<string> | 'all'): Promise<ResponseIndex> {
    if (!this.derived) return index;
    const wanted = keys === 'all' ? (await this.derived.list(index.surveyId)).map((v) => v.key) : [...new Set(keys)].filter((k) => !index.variables.has(k));
    if (wanted.length === 0) return index;
    const columns = new Map(index.columns);
    const variables = new Map(index.variables);
    for (const key of wanted) {
      const found = await this.derived.values(index.surveyId, key);
      if (!found) continue;
      const column = new MaskColumn(index.size);
      for (let r = 0; r < index.size; r++) for (const value of found.values.get(index.idAt(r)) ?? []) column.set(r, value);
      columns.set(key, column);
      variables.set(key, found.variable);
    }
    if (variables.size === index.variables.size) return index;
    return Object.create(index, { columns: { value: columns }, variables: { value: variables } }) as ResponseIndex;
  }

  private variable(index: ResponseIndex, key: string): Variable {
    const variable = index.variables.get(key);
    if (!variable) throw new ApiError(404, 'question_not_found', `survey '${index.surveyId}' has no question '${key}'`);
    return variable;
  }

  /** The answers of the municipality question that are municipalities the policy hides; null for any other variable. */
  private hiddenValues(meta: SurveyMeta, variable: Variable, disclosure: Disclosure): Map<string, 'small_group' | 'complementary'> | null {
    if (variable.question !== meta.municipalityQuestion) return null;
    const out = new Map<string, 'small_group' | 'complementary'>();
    for (const m of this.geography.municipalities) {
      const why = disclosure.hiddenGroups.get(m.code);
      if (why) out.set(m.code, why);
    }
    return out;
  }

  /**
   * A viewer's county comparison for one variable: a question that gives place is never compared
   * with the county (its county row would list the other places' counts).
   */
  private viewerFor(meta: SurveyMeta, variable: Variable, viewer: ViewerCounty | null): ViewerCounty | null {
    if (viewer === null || !placeQuestions(meta).includes(variable.question)) return viewer;
    return { ...viewer, refused: 'a question that gives place is not compared with the county' };
  }

  /** The survey's disclosure policy for its data as it is now (decided once per data version). */
  private disclosure(index: ResponseIndex): Disclosure {
    return disclosureOf(index, this.geography, this.survey(index.surveyId).meta.suppression);
  }

  /**
   * Refuses a question that gives place as a filter or a cross-tabulation's variable: place is a
   * dimension only the disclosure policy controls (groupBy and compare), or a filter on it would
   * publish a hidden municipality beside its visible neighbour.
   */
  private refusePlace(surveyId: string, key: string, as: 'filter' | 'crosstab'): void {
    const meta = this.survey(surveyId).meta;
    if (placeQuestions(meta).includes(key)) {
      const why = `'${key}' gives the respondent's place: results are split by place only with groupBy or compare, so that small places stay hidden in every view`;
      if (as === 'filter') throw new ApiError(400, 'place_not_filterable', why);
      throw new ApiError(400, 'place_not_crosstabulable', why);
    }
  }

  /**
   * Responses kept by the query's filters (every filter must name a closed question, not one that
   * gives place), refused when a filter would make a group smaller than the survey's group size
   * within any publication unit (disclosure.ts).
   */
  private async keep(index: ResponseIndex, query: ResultsQuery, user: User, view: ResponseIndex = index): Promise<{ keep: Uint8Array; selection: ReturnType<typeof parseSelection> }> {
    const selection = parseSelection(query);
    for (const f of selection.filters) {
      this.refusePlace(index.surveyId, f.key, 'filter');
      const v = view.variables.get(f.key);
      if (!v || !isClosedKind(v.kind)) {
        throw new ApiError(400, 'invalid_filter', `filter '${f.key}' is not a closed question of survey '${index.surveyId}'`);
      }
    }
    let keep: Uint8Array;
    try {
      keep = await selectRows(view, selection);
    } catch (error) {
      if (error instanceof UnknownFilter) throw new ApiError(400, 'invalid_filter', `filter '${error.message}' is not a closed question`);
      throw error;
    }
    // The filter rule is for readers without microdata rights. A role that may export the data gets
    // every respondent's answers with place already coarsened to publication units, so any filtered
    // table follows from its export: refusing it the same table here would protect nothing, and on
    // real data (a unit of a dozen respondents splits under any filter) it refused nearly every
    // filter. Place stays out of reach for every role: units are never split.
    if (!may(user.role, 'exports.data')) await checkSelection(view, this.disclosure(index), selection, this.survey(index.surveyId).meta.suppression.minGroupSize);
    return { keep, selection };
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
    // concurrent requests share one computation, which runs in a worker thread. While responses
    // arrive, every request would find a new version and rake anew (a rake per request, seconds each
    // at a million): a request that finds a computation running for the same population table and
    // publication units joins it instead, so at most one runs per survey, and its figures are of the
    // responses that computation started with (weighted figures leave later ones out, see prepare,
    // and meta.weighting.respondents counts those weighted). Not reused across a change of units:
    // weights split by other units could tell a hidden block's members apart.
    const units = [...this.disclosure(index).policy.unitOf].join(';');
    const key = `${fingerprint}|${units}`;
    const running = this.weightRuns.get(index);
    if (running && running.key === key) {
      this.weightJoins++;
      return running.entry;
    }
    const entry = this.computeWeights(index, surveyId, table, fingerprint);
    this.weightRuns.set(index, { key, entry });
    entry.then(
      (e) => {
        // (a run for other units may end after a later one: the newest data version stays)
        if ((this.weightCache.get(index)?.size ?? -1) <= e.size) this.weightCache.set(index, e);
      },
      () => undefined,
    ).finally(() => {
      if (this.weightRuns.get(index)?.entry === entry) this.weightRuns.delete(index);
    });
    return entry;
  }

  private async computeWeights(index: ResponseIndex, surveyId: string, table: Awaited<ReturnType<typeof listPopulation>>, fingerprint: string): Promise<WeightsEntry> {
    // Raked to publication units, not municipalities: a block's members share its margin, so no
    // weight (and no weighted figure) differs between them.
    return computeWeights(index, this.survey(surveyId).meta, this.geography, table, fingerprint, { units: this.disclosure(index).policy.unitOf });
  }

  private meta(index: ResponseIndex, surveyId: string, selection: ReturnType<typeof parseSelection>, weights: WeightsEntry | null, scope: Scope, variant: VarianceVariant = 'calibrated'): ResultsMeta {
    const visible = this.visibleSlots(index, scope);
    const { responses, synthetic, latest } = index.totals(visible);
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

  /**
   * Per municipality slot (0: none of the county's), whether a viewer's counts may cover it: their
   * visible municipalities and their whole blocks (disclosure.scopedSlots); null for everything.
   */
  private visibleSlots(index: ResponseIndex, scope: Scope): Uint8Array | null {
    if (scope === null) return null;
    return scopedSlots(this.disclosure(index), this.geography, scope.municipalities);
  }

  /** The index with the derived variables a query's filters name, and `also` (keys, or 'all'). */
  private async viewFor(index: ResponseIndex, query: ResultsQuery, also: readonly string[] | 'all'): Promise<ResponseIndex> {
    const filtered = parseSelection(query).filters.map((f) => f.key);
    if (also === 'all') return this.withDerived(index, 'all');
    return this.withDerived(index, [...filtered, ...also]);
  }

  private async prepare(surveyId: string, query: ResultsQuery, user: User, also: readonly string[] | 'all' = []) {
    const survey = this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    const scope = scopeOf(user, this.geography);
    const countyForViewer = scope !== null && survey.meta.disclosure?.viewerCountyComparison === true;
    const chosen = chooseGroups(this.groups, query, scope, countyForViewer);
    const viewer = countyForViewer ? viewerCounty(this.disclosure(index), this.geography, this.groups, scope, survey.meta.suppression.minGroupSize) : null;
    const view = await this.viewFor(index, query, also);
    const { keep, selection } = await this.keep(index, query, user, view);
    let weights: Float64Array | null = null;
    let weighting: WeightsEntry | null = null;
    const variant: VarianceVariant = query.se ?? 'calibrated';
    if (query.weights === 'population') {
      const w = await this.weights(index, surveyId);
      weights = w.weights;
      weighting = w;
      // Weighted figures are of those weighted: the county's residents with every margin answered,
      // among the responses the weights were computed on (later ones wait for the next weights).
      const w8 = weights;
      await inSlices(keep.length, (from, to) => {
        for (let r = from; r < to; r++) if (r >= w8.length || w8[r] === 0) keep[r] = 0;
      });
    }
    return { survey, index, view, chosen, viewer, keep, weights, weighting: weighting && { entry: weighting, variant }, meta: this.meta(index, surveyId, selection, weighting, scope, variant) };
  }

  async question(surveyId: string, key: string, query: ResultsQuery, user: User): Promise<QuestionResult> {
    const p = await this.prepare(surveyId, query, user, [key]);
    const variable = this.variable(p.view, key);
    const groups = await questionFigures(p.view, variable, p.keep, this.groups, p.chosen, this.disclosure(p.index), p.survey.meta.suppression, p.weights, p.weighting, this.hiddenValues(p.survey.meta, variable, this.disclosure(p.index)), this.viewerFor(p.survey.meta, variable, p.viewer));
    return { meta: p.meta, question: info(variable), groups: await this.withEntries(p, variable, groups) };
  }

  /** A dynamic question's inner variable that has one value per row gets its per-row figures beside (entry-figures.ts). */
  private async withEntries(p: Awaited<ReturnType<ResultsService['prepare']>>, variable: Variable, groups: GroupFigures[]): Promise<GroupFigures[]> {
    if (!variable.entries?.perRow) return groups;
    const answers = await answersToQuestion(this.db, p.index.surveyId, variable.key);
    const perRow = entryFigures(p.view, variable, answers, p.keep, this.groups, p.chosen, this.disclosure(p.index), p.survey.meta.suppression, p.weights, this.viewerFor(p.survey.meta, variable, p.viewer));
    return groups.map((g) => (perRow.has(g.key) ? { ...g, entries: perRow.get(g.key)! } : g));
  }

  /**
   * `question`'s figures over the answers recoded into other categories (an earlier wave's answers
   * in a later wave's, trend.ts): the same groups, policy, weights and suppression, on the recoded
   * table. Its cells are sums of the original table's, so the trend shows one only where the
   * original view shows every cell it adds up (trend.ts checks).
   */
  async recodedQuestion(surveyId: string, key: string, choices: Readonly<Record<string, string>>, categories: Variable['categories'], query: ResultsQuery, user: User): Promise<QuestionResult> {
    const p = await this.prepare(surveyId, query, user, [key]);
    this.variable(p.view, key);
    const view = recodedView(p.view, key, choices, categories) ?? p.view;
    const variable = this.variable(view, key);
    const groups = await questionFigures(view, variable, p.keep, this.groups, p.chosen, this.disclosure(p.index), p.survey.meta.suppression, p.weights, p.weighting, this.hiddenValues(p.survey.meta, variable, this.disclosure(p.index)), this.viewerFor(p.survey.meta, variable, p.viewer));
    return { meta: p.meta, question: info(variable), groups };
  }

  async summary(surveyId: string, query: ResultsQuery, user: User): Promise<SummaryResult> {
    // Coded open questions' themes are in the summary as their own multiple choices, after the survey's questions.
    const p = await this.prepare(surveyId, query, user, 'all');
    const questions: { question: VariableInfo; groups: GroupFigures[] }[] = [];
    for (const variable of p.view.variables.values()) {
      const groups = await questionFigures(p.view, variable, p.keep, this.groups, p.chosen, this.disclosure(p.index), p.survey.meta.suppression, p.weights, p.weighting, this.hiddenValues(p.survey.meta, variable, this.disclosure(p.index)), this.viewerFor(p.survey.meta, variable, p.viewer));
      questions.push({ question: info(variable), groups: await this.withEntries(p, variable, groups) });
      // One variable's tally is a pass over every response (milliseconds at a million); the survey
      // has dozens, which back to back would hold the loop for a second: a turn between them.
      await yieldToLoop();
    }
    return { meta: p.meta, questions };
  }

  /** Every derived variable of the survey with its values per response id (for the data exports). */
  async derivedData(surveyId: string): Promise<{ variable: Variable; values: ReadonlyMap<string, readonly string[]> }[]> {
    this.survey(surveyId);
    if (!this.derived) return [];
    const out = [];
    for (const v of await this.derived.list(surveyId)) {
      const found = await this.derived.values(surveyId, v.key);
      if (found) out.push(found);
    }
    return out;
  }

  async variables(surveyId: string): Promise<VariableInfo[]> {
    this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    return [...index.variables.values(), ...(this.derived ? await this.derived.list(surveyId) : [])].map(info);
  }

  /** The surveys with their response counts, for the workspace's list (every survey, open or not). */
  async surveys(user: User): Promise<ResultsSurvey[]> {
    const scope = scopeOf(user, this.geography);
    const out = [];
    for (const survey of this.catalog.list()) {
      const index = await this.indexes.ready(survey.meta.id);
      const { responses, synthetic, latest } = index.totals(this.visibleSlots(index, scope));
      out.push({
        id: survey.meta.id,
        version: survey.version,
        title: survey.meta.title,
        audience: survey.meta.audience,
        status: surveyStatus(survey.meta, new Date()),
        opens: survey.meta.opens,
        closes: survey.meta.closes,
        responses,
        synthetic,
        latestResponse: Number.isFinite(latest) ? new Date(latest).toISOString() : null,
        municipalityQuestion: survey.meta.municipalityQuestion,
      });
    }
    return out;
  }

  /**
   * How collection is going: responses per municipality and area (and per 1,000 inhabitants), per
   * channel and per day. Counts of responses, not of answers, shown to those who may see the
   * results, in the survey's publication units: a hidden municipality (or area) has no count of
   * its own, its block's follows from its area's; a viewer's counts cover only their visible
   * municipalities and whole blocks, so no scope isolates a hidden municipality either.
   */
  async collection(surveyId: string, user: User): Promise<Collection> {
    this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    const scope = scopeOf(user, this.geography);
    const disclosure = this.disclosure(index);
    const counted = this.visibleSlots(index, scope);
    const slots = new Float64Array(this.geography.municipalities.length + 1);
    const channels: Record<string, number> = Object.fromEntries(CHANNELS.map((c) => [c, 0]));
    const days = new Map<string, number>();
    // Days in Finnish time, as the people running a survey count them. Formatting a date is slow
    // (a tenth of a millisecond), so each hour is formatted once.
    const dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
    const dayOfHour = new Map<number, string>();
    // In slices with a turn of the loop between (a map lookup per row: tens of milliseconds at a million).
    await inSlices(index.size, (from, to) => {
      for (let r = from; r < to; r++) {
        const slot = index.municipality[r]!;
        if (counted && !counted[slot]) continue;
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
    });
    const per1000 = (n: number, population: number) => (population > 0 ? (1000 * n) / population : null);
    const hidden = disclosure.hiddenGroups;
    const municipalities = this.geography.municipalities
      .map((m, i) => {
        const shown = !hidden.has(m.code);
        return { code: m.code, name: m.nameFi, area: m.area, population: m.population, responses: shown ? slots[i + 1]! : null, per1000: shown ? per1000(slots[i + 1]!, m.population) : null, hidden: hidden.get(m.code) ?? null };
      })
      .filter((m) => !scope || scope.municipalities.has(m.code));
    const areas = this.geography.areas
      .filter((a) => !scope || scope.areas.has(a))
      .map((area) => {
        const members = this.geography.municipalities.map((m, i) => ({ m, n: slots[i + 1]! })).filter((x) => x.m.area === area);
        const shown = !hidden.has(area);
        const responses = members.reduce((s, x) => s + x.n, 0);
        const population = members.reduce((s, x) => s + x.m.population, 0);
        return { area, population, responses: shown ? responses : null, per1000: shown ? per1000(responses, population) : null, hidden: hidden.get(area) ?? null };
      });
    const total = slots.reduce((a, b) => a + b, 0);
    const restUnit = disclosure.units[disclosure.unitOfSlot[0]!]!;
    return {
      survey: surveyId,
      total: hidden.has(COUNTY_KEY) ? null : total,
      // The rest is its own unit unless it joined the county's block (then it is not told apart).
      outsideCounty: scope ? 0 : restUnit.kind === 'rest' && !hidden.has(COUNTY_KEY) ? slots[0]! : null,
      municipalities,
      areas,
      channels,
      days: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, responses]) => ({ date, responses })),
    };
  }

  /** The group a one-group view (cross-tab, open answers) asks for, within the user's scope. */
  private oneGroup(groupKey: string, scope: Scope): Group {
    const group = this.groups.find((g) => g.key === groupKey);
    if (!group) throw new ApiError(400, 'invalid_group', `unknown group '${groupKey}'`);
    if (!inScope(group, scope)) throw new ApiError(403, 'outside_scope', `results of ${groupKey} are outside your scope`);
    return group;
  }

  /**
   * The two variables of a cross-tabulation: closed single choices, neither giving place; one side
   * may instead be a multiple choice made from coded open answers (a coded question's themes).
   */
  private crosstabVariables(index: ResponseIndex, rowKey: string, columnKey: string) {
    const rows = this.variable(index, rowKey);
    const columns = this.variable(index, columnKey);
    // A dynamic question's choice column is per respondent "in at least one row": a multiple choice like the themes.
    const multiSides = [rows, columns].filter((v) => v.kind === 'multi' && index.columns.get(v.key)?.kind === 'masks' && (isDerivedKey(v.key) || v.entries !== undefined));
    if (multiSides.length > 1) throw new ApiError(400, 'not_crosstabulable', `'${rows.key}' and '${columns.key}' are both multiple choices (coded themes or a dynamic question's columns): one side of a cross-tabulation must be a single-choice question`);
    for (const v of [rows, columns]) {
      this.refusePlace(index.surveyId, v.key, 'crosstab');
      if (!isCrossTabulatedKind(v.kind) && !multiSides.includes(v)) throw new ApiError(400, 'not_crosstabulable', `'${v.key}' is not a single-choice question`);
    }
    const rowColumn = index.columns.get(rows.key);
    const colColumn = index.columns.get(columns.key);
    if (!rowColumn || !colColumn || rowColumn.kind === 'numbers' || rowColumn.kind === 'ranks' || rowColumn.kind === 'presence' || colColumn.kind === 'numbers' || colColumn.kind === 'ranks' || colColumn.kind === 'presence') throw new ApiError(400, 'not_crosstabulable', 'no data');
    const rowValues = [...new Set([...rows.categories.map((c) => c.value), ...rowColumn.dictionary.values])];
    const colValues = [...new Set([...columns.categories.map((c) => c.value), ...colColumn.dictionary.values])];
    if (rowValues.length === 0 || colValues.length === 0) throw new ApiError(400, 'not_crosstabulable', `'${rows.key}' or '${columns.key}' has no categories`);
    return { rows, columns, rowColumn, colColumn, rowValues, colValues };
  }

  /**
   * Cross-tabulation of two closed single-choice questions (or one and a coded question's themes,
   * crosstab-multi.ts) within one group. A group the disclosure policy hides is suppressed whole;
   * in a shown group, small cells are hidden and the tests withheld.
   */
  async crosstab(surveyId: string, rowKey: string, columnKey: string, query: ResultsQuery & { group?: string }, user: User): Promise<CrosstabWithReasons> {
    const survey = this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    const scope = scopeOf(user, this.geography);
    const groupKey = query.group ?? COUNTY_KEY;
    const group = this.oneGroup(groupKey, scope);
    const view = await this.viewFor(index, query, [rowKey, columnKey]);
    const v = this.crosstabVariables(view, rowKey, columnKey);
    const { keep, selection } = await this.keep(index, query, user, view);
    const head = { group: groupKey, rows: info(v.rows), columns: info(v.columns) };
    if (this.disclosure(index).hiddenGroups.has(groupKey)) {
      return { meta: this.meta(index, surveyId, selection, null, scope), ...head, suppressed: true, table: null };
    }
    const inGroup = new Uint8Array(256);
    for (const s of group.slots) inGroup[s] = 1;
    if (v.rowColumn.kind === 'masks' || v.colColumn.kind === 'masks') {
      const multiRows = v.rowColumn.kind === 'masks';
      const [multi, multiValues, single, singleValues] = multiRows ? [v.rowColumn as MaskColumn, v.rowValues, v.colColumn as CodeColumn, v.colValues] : [v.colColumn as MaskColumn, v.colValues, v.rowColumn as CodeColumn, v.rowValues];
      const { counts, totals } = await tallyMultiCrosstab(view, multi, multiValues, single, singleValues, keep, inGroup);
      const perOption = suppressMultiCrosstab(counts, totals, survey.meta.suppression);
      // Weights change no count here (the weighted part of a cross-tab is its test, which a
      // multiple choice does not have), but the meta says what was asked.
      const weighting = query.weights === 'population' ? await this.weights(index, surveyId) : null;
      const meta = this.meta(index, surveyId, selection, weighting, scope, query.se ?? 'calibrated');
      if (!perOption) return { meta, ...head, suppressed: true, table: null };
      return { meta, ...head, suppressed: false, table: shapeMultiCrosstab(counts, totals, multiValues, singleValues, perOption, !multiRows) };
    }
    const rowColumn = v.rowColumn as CodeColumn;
    const colColumn = v.colColumn as CodeColumn;
    const counts = await tallyCrosstab(view, rowColumn, colColumn, v.rowValues, v.colValues, keep, inGroup);
    const suppression = suppressCrosstab(counts, survey.meta.suppression);
    if (suppression.suppressed) {
      return { meta: this.meta(index, surveyId, selection, null, scope), ...head, suppressed: true, table: null };
    }
    // Weighted: the Rao–Scott corrected test over every weighted respondent, as R's svychisq on a
    // subset of the design (the whole design stays in for the variance).
    let weighted: Awaited<ReturnType<typeof weightedCrosstabTest>> = null;
    let weighting: WeightsEntry | null = null;
    const variant: VarianceVariant = query.se ?? 'calibrated';
    if (query.weights === 'population') {
      weighting = await this.weights(index, surveyId);
      weighted = await weightedCrosstabTest(weighting, rowColumn, colColumn, keep, index.municipality, inGroup, variant);
    }
    return {
      meta: this.meta(index, surveyId, selection, weighting, scope, variant),
      ...head,
      suppressed: false,
      table: shapeCrosstab(counts, v.rowValues, v.colValues, suppression, weighted),
    };
  }

  /**
   * Quotes per code of a coded open question (`<question>:codes`) in one group, for reports: a few
   * distinct short answers with that final code. Never from a municipality the disclosure policy
   * hides (as open answers), none for a code whose count the group's figures hide, and none at all
   * when the group is hidden; names and numbers taken out when asked (quotes.ts).
   */
  async quotes(surveyId: string, key: string, query: ResultsQuery & { group?: string; codes?: string; per?: number; redact?: boolean; lang?: 'fi' | 'sv' }, user: User): Promise<Quotes> {
    const survey = this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    if (!isDerivedKey(key)) throw new ApiError(400, 'not_coded', `'${key}' is not a coded question's themes (<question>${DERIVED_SUFFIX})`);
    const scope = scopeOf(user, this.geography);
    const groupKey = query.group ?? COUNTY_KEY;
    const group = this.oneGroup(groupKey, scope);
    const view = await this.viewFor(index, query, [key]);
    const variable = this.variable(view, key);
    const { keep, selection } = await this.keep(index, query, user, view);
    const disclosure = this.disclosure(index);
    const [figures] = await questionFigures(view, variable, keep, this.groups, [group], disclosure, survey.meta.suppression, null);
    const wanted = query.codes ? query.codes.split(',').map((c) => c.trim()).filter((c) => c !== '') : variable.categories.map((c) => c.value);
    const unknown = wanted.filter((c) => !variable.categories.some((x) => x.value === c));
    if (unknown.length > 0) throw new ApiError(400, 'unknown_code', `'${unknown[0]}' is not a code of '${key}'`);
    const head = { meta: this.meta(index, surveyId, selection, null, scope), question: info(variable), group: groupKey, redacted: query.redact === true };
    if (!figures || figures.suppressed) return { ...head, suppressed: true, codes: [] };
    const column = view.columns.get(key) as MaskColumn;
    const inGroup = new Uint8Array(256);
    for (const s of group.slots) if (!disclosure.hiddenSlot[s]) inGroup[s] = 1;
    const per = query.per ?? 3;
    const said = new Set<string>();
    const codes: Quotes['codes'] = [];
    for (const code of wanted) {
      const label = variable.categories.find((c) => c.value === code)!.label;
      const cell = figures.categories?.find((c) => c.value === code);
      const bit = column.dictionary.find(code);
      if (!cell || cell.suppressed || bit === undefined) {
        codes.push({ code, label, suppressed: cell?.suppressed ?? false, quotes: [] });
        continue;
      }
      const words = column.words[(bit - 1) >>> 5];
      const mask = 1 << ((bit - 1) & 31);
      const ids: string[] = [];
      await inSlices(Math.min(view.size, keep.length), (from, to) => {
        for (let r = from; r < to; r++) if (keep[r] && inGroup[view.municipality[r]!] && words && words[r]! & mask) ids.push(view.idAt(r));
      });
      // A pool spread over the group's answers, not only the first few by id.
      const step = Math.max(1, Math.floor(ids.length / (per * 8)));
      const pool = ids.filter((_, i) => i % step === 0).slice(0, per * 8);
      const texts = (await openAnswers(this.db, variable.question, { responseIds: pool, limit: pool.length })).map((t) => t.value);
      const chosen = pickShortQuotes(texts, per, said);
      codes.push({ code, label, suppressed: false, quotes: query.redact ? chosen.map((q) => redactQuote(q, query.lang ?? 'fi')) : chosen });
    }
    return { ...head, suppressed: false, codes };
  }

  /**
   * Open answers of one text variable for one group. None from a municipality the disclosure
   * policy hides, ever (not even in its area's or the county's list: a text can name its place).
   */
  async open(surveyId: string, key: string, query: ResultsQuery & { group?: string; search?: string; limit?: number }, user: User): Promise<OpenAnswers> {
    const survey = this.survey(surveyId);
    const index = await this.indexes.ready(surveyId);
    const variable = this.variable(index, key);
    if (variable.kind !== 'text') throw new ApiError(400, 'not_open_text', `'${key}' is not an open question`);
    const scope = scopeOf(user, this.geography);
    const groupKey = query.group ?? COUNTY_KEY;
    const group = this.oneGroup(groupKey, scope);
    const { keep, selection } = await this.keep(index, query, user);
    const column = index.columns.get(key);
    const disclosure = this.disclosure(index);
    const figures = await questionFigures(index, variable, keep, this.groups, [group], disclosure, survey.meta.suppression, null);
    const hiddenSlots = disclosure.hiddenSlot;
    const groupFigure = figures[0]!;
    if (groupFigure.suppressed || !column || column.kind !== 'presence') {
      return { meta: this.meta(index, surveyId, selection, null, scope), question: info(variable), group: groupKey, suppressed: true, n: null, answers: [] };
    }
    const inGroup = new Set(group.slots);
    const ids: string[] = [];
    await inSlices(Math.min(index.size, keep.length), (from, to) => {
      for (let r = from; r < to; r++) {
        const slot = index.municipality[r]!;
        if (keep[r] && column.data[r] && inGroup.has(slot) && !hiddenSlots[slot]) ids.push(index.idAt(r));
      }
    });
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
