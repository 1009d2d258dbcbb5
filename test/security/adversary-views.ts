/**
 * The views a signed-in user can ask for, asked through the API as the workspace and the exports
 * would, and every published figure in them read back as a linear equation over the microdata.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { CROSSTAB_QUESTIONS, MUNICIPALITY_QUESTION, QUESTIONS, SURVEY_ID, type Place } from './adversary-data.ts';
import type { Equation, RowTable, Term } from './linear-audit.ts';

export interface Filter {
  /** Closed-question conditions (values OR'ed, questions AND'ed). */
  where: Record<string, string[]>;
  /** Values of the municipality question, or null when it is not filtered on. */
  munis: string[] | null;
}

export type ViewKind = 'summary' | 'question' | 'crosstab' | 'open' | 'collection' | 'monitoring' | 'table-xlsx' | 'crosstab-xlsx' | 'data-csv';

export interface View {
  label: string;
  url: string;
  kind: ViewKind;
  filter: Filter;
  weighted: boolean;
  /** crosstab: rows, columns and group; open: group; table-xlsx: question. */
  rows?: string;
  columns?: string;
  group?: string;
  question?: string;
}

export interface Published {
  view: View;
  status: number;
  body: Buffer;
}

export interface Scope {
  /** Municipality codes and areas the user may see; null: everything. */
  municipalities: Set<string> | null;
  areas: Set<string> | null;
}

const NONE: Filter = { where: {}, munis: null };

const filterQuery = (f: Filter): string[] => [
  ...Object.entries(f.where).map(([q, values]) => `filter=${encodeURIComponent(`${q}:${values.join(',')}`)}`),
  ...(f.munis ? [`filter=${encodeURIComponent(`kunta:${f.munis.join(',')}`)}`] : []),
];
const describe = (f: Filter): string =>
  [...Object.entries(f.where).map(([q, v]) => `${q}:${v.join(',')}`), ...(f.munis ? [`kunta:${f.munis.join(',')}`] : [])].join(' & ') || 'no filter';

/**
 * Every view of the adversary's list: each grouping and comparison; every single filter value, every
 * pair of values of one question (OR) and of two questions (AND), the municipality question's too;
 * cross-tabulations of every pair of questions per group; weighted and unweighted; the collection
 * page and monitoring; open answers per group; and the exports' tables.
 */
export function enumerateViews(places: readonly Place[], small: readonly string[], role: 'analyst' | 'viewer', scope: Scope): View[] {
  const views: View[] = [];
  const base = `/api/results/${SURVEY_ID}`;
  const areas = [...new Set(places.map((p) => p.area))];
  const inScope = (key: string) => {
    if (scope.municipalities === null) return true;
    return scope.municipalities.has(key) || scope.areas!.has(key);
  };
  const groupKeys = ['county', ...areas, ...places.map((p) => p.code)].filter((k) => k === 'county' || inScope(k));
  const areaOf = new Map(places.map((p) => [p.code, p.area]));
  const siblings = (code: string) => places.filter((p) => p.area === areaOf.get(code) && p.code !== code).map((p) => p.code);

  const placesNearSmall = [...new Set(small.flatMap((h) => [h, ...siblings(h)]))];
  const loneSiblings = small.flatMap((h) => (siblings(h).length === 1 ? siblings(h) : []));
  // Groupings: the levels, every place compared alone, and each small place beside each sibling.
  const groupings: { label: string; query: string }[] = [
    ...(['county', 'area', 'municipality'] as const).map((g) => ({ label: `groupBy=${g}`, query: `groupBy=${g}` })),
    ...groupKeys.filter((k) => areas.includes(k) || placesNearSmall.includes(k)).map((k) => ({ label: `compare=${k}`, query: `compare=${encodeURIComponent(k)}` })),
    ...small.flatMap((h) => siblings(h).map((s) => ({ label: `compare=${h},${s}`, query: `compare=${h},${s}` }))),
  ];
  const closed = QUESTIONS.filter((q) => q.filterable);
  const filters: Filter[] = [NONE];
  const singles: Filter[] = [];
  for (const q of closed) for (const v of q.values) singles.push({ where: { [q.key]: [v] }, munis: null });
  for (const p of places) singles.push({ where: {}, munis: [p.code] });
  filters.push(...singles);
  for (const q of closed) {
    for (let i = 0; i < q.values.length; i++) for (let j = i + 1; j < q.values.length; j++) filters.push({ where: { [q.key]: [q.values[i]!, q.values[j]!] }, munis: null });
  }
  // Municipality pairs: a small place with each sibling, and with Oulu.
  const near = new Set<string>();
  for (const h of small) {
    for (const s of [...siblings(h), '564']) {
      const pair = [h, s].sort().join(',');
      if (near.has(pair)) continue;
      near.add(pair);
      filters.push({ where: {}, munis: [h, s] });
    }
  }
  for (let a = 0; a < closed.length; a++) {
    for (let b = a + 1; b < closed.length; b++) {
      for (const v of closed[a]!.values) for (const w of closed[b]!.values) filters.push({ where: { [closed[a]!.key]: [v], [closed[b]!.key]: [w] }, munis: null });
    }
  }
  // A place with an answer: the small places, and the big sibling of a place that is its area's only small one.
  for (const m of [...small, ...loneSiblings]) for (const q of closed) for (const v of q.values) filters.push({ where: { [q.key]: [v] }, munis: [m] });

  for (const f of filters) {
    const qs = filterQuery(f);
    const levels = f === NONE ? groupings : groupings.filter((g) => g.label === 'groupBy=area' || g.label === 'groupBy=municipality');
    for (const g of levels) {
      views.push({ label: `summary ${g.label} ${describe(f)}`, url: `${base}/summary?${[g.query, ...qs].join('&')}`, kind: 'summary', filter: f, weighted: false });
    }
  }
  // Weighted: every grouping unfiltered, and the levels under every single filter.
  for (const f of [NONE, ...singles]) {
    const qs = filterQuery(f);
    const levels = f === NONE ? groupings : groupings.filter((g) => g.label === 'groupBy=area' || g.label === 'groupBy=municipality');
    for (const g of levels) {
      views.push({ label: `summary weighted ${g.label} ${describe(f)}`, url: `${base}/summary?${[g.query, ...qs, 'weights=population'].join('&')}`, kind: 'summary', filter: f, weighted: true });
    }
  }
  // One question's own route, as the workspace asks it.
  for (const q of QUESTIONS) {
    for (const weighted of [false, true]) {
      views.push({ label: `question ${q.key} groupBy=municipality${weighted ? ' weighted' : ''}`, url: `${base}/questions/${q.key}?groupBy=municipality${weighted ? '&weights=population' : ''}`, kind: 'question', filter: NONE, weighted });
    }
  }
  for (let a = 0; a < CROSSTAB_QUESTIONS.length; a++) {
    for (let b = a + 1; b < CROSSTAB_QUESTIONS.length; b++) {
      for (const group of groupKeys) {
        // Weighted: the county, the areas and the places near small ones (the Rao–Scott test is the new figure).
        for (const weighted of group === 'county' || areas.includes(group) || small.includes(group) || loneSiblings.includes(group) ? [false, true] : [false]) {
          const rows = CROSSTAB_QUESTIONS[a]!;
          const columns = CROSSTAB_QUESTIONS[b]!;
          views.push({
            label: `crosstab ${rows}×${columns} group=${group}${weighted ? ' weighted' : ''}`,
            url: `${base}/crosstab?rows=${rows}&columns=${columns}&group=${encodeURIComponent(group)}${weighted ? '&weights=population' : ''}`,
            kind: 'crosstab',
            filter: NONE,
            weighted,
            rows,
            columns,
            group,
          });
        }
      }
    }
  }
  for (const group of groupKeys) {
    views.push({ label: `open avoin group=${group}`, url: `${base}/open/avoin?group=${encodeURIComponent(group)}&limit=1000`, kind: 'open', filter: NONE, weighted: false, group });
  }
  views.push({ label: 'collection', url: `${base}/collection`, kind: 'collection', filter: NONE, weighted: false });
  views.push({ label: 'monitoring', url: `/api/admin/surveys/${SURVEY_ID}/monitoring`, kind: 'monitoring', filter: NONE, weighted: false });

  // The exports' tables.
  const exports = `/api/exports/${SURVEY_ID}`;
  for (const q of CROSSTAB_QUESTIONS) {
    for (const level of ['area', 'municipality']) {
      for (const weighted of [false, true]) {
        views.push({
          label: `table ${q}.xlsx groupBy=${level}${weighted ? ' weighted' : ''}`,
          url: `${exports}/tables/${q}.xlsx?groupBy=${level}${weighted ? '&weights=population' : ''}`,
          kind: 'table-xlsx',
          filter: NONE,
          weighted,
          question: q,
          group: level,
        });
      }
    }
  }
  const xlsxGroups = groupKeys.filter((k) => k === 'county' || areas.includes(k) || small.includes(k) || loneSiblings.includes(k));
  // The workbook is the API's table written out: one question against every other is enough to read it back.
  for (let a = 0; a < 1; a++) {
    for (let b = a + 1; b < CROSSTAB_QUESTIONS.length; b++) {
      for (const group of xlsxGroups) {
        const rows = CROSSTAB_QUESTIONS[a]!;
        const columns = CROSSTAB_QUESTIONS[b]!;
        views.push({ label: `crosstab.xlsx ${rows}×${columns} group=${group}`, url: `${exports}/crosstab.xlsx?rows=${rows}&columns=${columns}&group=${encodeURIComponent(group)}`, kind: 'crosstab-xlsx', filter: NONE, weighted: false, rows, columns, group });
      }
    }
  }
  views.push({ label: `data export responses.csv (${role})`, url: `${exports}/responses.csv?labels=codes`, kind: 'data-csv', filter: NONE, weighted: false });
  return views;
}

/** Asks for every view as the signed-in user; a few at a time, as a browser would. */
export async function fetchViews(app: FastifyInstance, headers: Record<string, string>, views: readonly View[]): Promise<Published[]> {
  const out: Published[] = new Array(views.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < views.length; i = next++) {
      const res = await app.inject({ method: 'GET', url: views[i]!.url, headers });
      if (res.statusCode >= 500) throw new Error(`${views[i]!.label}: ${res.statusCode} ${res.body}`);
      out[i] = { view: views[i]!, status: res.statusCode, body: res.rawPayload };
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A localised label as its Finnish (default) text. */
const text = (label: unknown): string => (typeof label === 'string' ? label : ((label as Record<string, string>)?.default ?? (label as Record<string, string>)?.fi ?? ''));

/** p/100 as the fraction with the smallest denominator within 1e-9 (a percentage is count·100/n, n well below 10⁶). */
export function fractionOf(percent: number): [bigint, bigint] | null {
  const x = percent / 100;
  let [h0, h1, k0, k1] = [0n, 1n, 1n, 0n];
  let v = x;
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(v);
    [h0, h1] = [h1, BigInt(a) * h1 + h0];
    [k0, k1] = [k1, BigInt(a) * k1 + k0];
    if (Math.abs(Number(h1) / Number(k1) - x) < 1e-9) return [h1, k1];
    if (k1 > 1_000_000n) return null;
    v = 1 / (v - a);
    if (!Number.isFinite(v)) return [h1, k1];
  }
  return null;
}

/** Whole-number figure from a published float (a count, or a mean or percentage times its n); null when it is not one. */
const whole = (x: number): bigint | null => (Math.abs(x - Math.round(x)) < 1e-6 ? BigInt(Math.round(x)) : null);

export class EquationReader {
  readonly equations: Equation[] = [];
  readonly tables: RowTable[] = [];
  /** Figures that could not be read as an equation (a percentage whose count is not whole, say). */
  readonly unread: string[] = [];
  private readonly all: string[];
  private readonly members: Map<string, string[]>;

  constructor(private readonly places: readonly Place[]) {
    this.all = places.map((p) => p.code);
    this.members = new Map();
    for (const p of places) this.members.set(p.area, [...(this.members.get(p.area) ?? []), p.code]);
  }

  munisOf(key: string): string[] {
    if (key === 'county') return this.all;
    return this.members.get(key) ?? (this.all.includes(key) ? [key] : []);
  }

  private where(base: Record<string, string[]>, extra: Record<string, string[]>): Record<string, string[]> | null {
    const out: Record<string, string[]> = { ...base };
    for (const [q, values] of Object.entries(extra)) {
      const kept = out[q] ? out[q]!.filter((v) => values.includes(v)) : values;
      if (kept.length === 0) return null;
      out[q] = kept;
    }
    return out;
  }

  private add(source: string, terms: (Term | null)[], num: bigint, den = 1n): void {
    const real = terms.filter((t): t is Term => t !== null && t.munis.length > 0);
    if (real.length === 0) return;
    this.equations.push({ terms: real, num, den, source });
  }

  private term(munis: readonly string[], filter: Filter, extra: Record<string, string[]>, coef = 1n): Term | null {
    const where = this.where(filter.where, extra);
    if (where === null) return null;
    const restricted = filter.munis ? munis.filter((m) => filter.munis!.includes(m)) : munis;
    return { munis: restricted, where, coef };
  }

  /** A count, or a percentage of a published or hidden total (a ratio: den·part − num·total = 0). */
  private share(source: string, part: Term | null, total: Term | null, totalValue: number | null, percent: number | null, count: number | null): void {
    if (count !== null) {
      this.add(source, [part], BigInt(count));
      return;
    }
    if (percent === null) return;
    if (totalValue !== null) {
      const c = whole((percent * totalValue) / 100);
      if (c === null) this.unread.push(`${source}: ${percent}% of ${totalValue}`);
      else this.add(source, [part], c);
      return;
    }
    const f = fractionOf(percent);
    if (!f || !part || !total) {
      this.unread.push(`${source}: ${percent}%`);
      return;
    }
    this.add(source, [{ ...part, coef: f[1] }, { ...total, coef: -f[0] }], 0n);
  }

  private groupFigures(source: string, question: Json, groups: Json[], filter: Filter): void {
    const key: string = question.key;
    for (const g of groups) {
      const munis = this.munisOf(g.key);
      const label = `${source} [${key} ${g.key}]`;
      if (key === MUNICIPALITY_QUESTION) {
        // Its answers are the places: a count of one is that place's count within the group.
        const all = this.term(munis, filter, {});
        if (typeof g.n === 'number') this.add(`${label} n`, [all], BigInt(g.n));
        for (const c of g.categories ?? []) {
          const part = this.term(munis.includes(c.value) ? [c.value] : [], filter, {});
          this.share(`${label} ${c.value}`, part, all, g.n ?? null, c.percent ?? null, c.count ?? null);
        }
        continue;
      }
      const answered: Record<string, string[]> = key === 'avoin' ? { avoin: ['1'] } : {};
      const total = this.term(munis, filter, answered);
      if (typeof g.n === 'number') this.add(`${label} n`, [total], BigInt(g.n));
      if (key === 'avoin') continue;
      for (const c of g.categories ?? []) {
        this.share(`${label} ${c.value}`, this.term(munis, filter, { [key]: [c.value] }), total, g.n ?? null, c.percent ?? null, c.count ?? null);
      }
      const rating = g.rating;
      if (rating && g.n !== null && g.n !== undefined) {
        const values = (question.categories as Json[]).map((c) => c.value as string).filter((v) => /^\d+$/.test(v));
        if (rating.mean !== null && rating.mean !== undefined) {
          const sum = whole(rating.mean * (g.n - (rating.cantSay ?? 0)));
          if (sum === null) this.unread.push(`${label} mean`);
          else this.add(`${label} mean`, values.map((v) => this.term(munis, filter, { [key]: [v] }, BigInt(v))), sum);
        }
        if (rating.topTwo) {
          const top = values.slice(-2);
          const c = whole((rating.topTwo.percent * (g.n - (rating.cantSay ?? 0))) / 100);
          if (c === null) this.unread.push(`${label} top two`);
          else this.add(`${label} top two`, [this.term(munis, filter, { [key]: top })], c);
        }
      }
    }
  }

  private meta(source: string, meta: Json, scope: Scope): void {
    if (!meta) return;
    const munis = scope.municipalities ? this.all.filter((m) => scope.municipalities!.has(m)) : this.all;
    if (typeof meta.responses === 'number') this.add(`${source} meta.responses`, [{ munis, where: {}, coef: 1n }], BigInt(meta.responses));
  }

  /** Turns one published view into equations. `hidden`: the municipalities the unfiltered open-question table hides. */
  async read(p: Published, scope: Scope, hidden: ReadonlySet<string>): Promise<void> {
    if (p.status >= 400) return; // refused: nothing published
    const v = p.view;
    const source = v.label;
    if (v.kind === 'summary' || v.kind === 'question') {
      const body = JSON.parse(p.body.toString('utf8'));
      this.meta(source, body.meta, scope);
      const questions = v.kind === 'summary' ? body.questions : [{ question: body.question, groups: body.groups }];
      for (const q of questions) this.groupFigures(source, q.question, q.groups, v.filter);
    } else if (v.kind === 'crosstab') {
      const body = JSON.parse(p.body.toString('utf8'));
      this.meta(source, body.meta, scope);
      if (!body.table) return;
      this.crosstab(source, v.rows!, v.columns!, this.munisOf(body.group), body.table);
    } else if (v.kind === 'open') {
      const body = JSON.parse(p.body.toString('utf8'));
      this.meta(source, body.meta, scope);
      const munis = this.munisOf(body.group);
      if (typeof body.n === 'number') this.add(`${source} n`, [{ munis, where: { avoin: ['1'] }, coef: 1n }], BigInt(body.n));
      if (!body.suppressed && body.answers.length < 1000) {
        this.add(`${source} answers listed`, [{ munis: munis.filter((m) => !hidden.has(m)), where: { avoin: ['1'] }, coef: 1n }], BigInt(body.answers.length));
      }
    } else if (v.kind === 'collection') {
      const body = JSON.parse(p.body.toString('utf8'));
      // A count the policy withholds is null (or absent): nothing published.
      for (const m of body.municipalities ?? []) if (typeof m.responses === 'number') this.add(`${source} ${m.code}`, [{ munis: [m.code], where: {}, coef: 1n }], BigInt(m.responses));
      for (const a of body.areas ?? []) if (typeof a.responses === 'number') this.add(`${source} ${a.area}`, [{ munis: this.munisOf(a.area), where: {}, coef: 1n }], BigInt(a.responses));
      const scopeMunis = scope.municipalities ? this.all.filter((m) => scope.municipalities!.has(m)) : this.all;
      if (typeof body.total === 'number') this.add(`${source} total`, [{ munis: scopeMunis, where: {}, coef: 1n }], BigInt(body.total));
    } else if (v.kind === 'monitoring') {
      const body = JSON.parse(p.body.toString('utf8'));
      for (const m of body.municipalities ?? []) {
        const count = m.completed ?? m.responses;
        if (typeof count === 'number' && m.code) this.add(`${source} ${m.code}`, [{ munis: [m.code], where: {}, coef: 1n }], BigInt(count));
      }
    } else if (v.kind === 'table-xlsx') {
      await this.tableXlsx(p);
    } else if (v.kind === 'crosstab-xlsx') {
      await this.crosstabXlsx(p);
    } else if (v.kind === 'data-csv') {
      this.dataCsv(p);
    }
  }

  private crosstab(source: string, rows: string, columns: string, munis: string[], t: Json): void {
    const cell = (i: number, j: number) => ({ munis, where: { [rows]: [t.rowValues[i]], [columns]: [t.columnValues[j]] }, coef: 1n });
    const rowTerm = (i: number) => ({ munis, where: { [rows]: [t.rowValues[i]] }, coef: 1n });
    const colTerm = (j: number) => ({ munis, where: { [columns]: [t.columnValues[j]] }, coef: 1n });
    if (typeof t.total === 'number') this.add(`${source} total`, [{ munis, where: {}, coef: 1n }], BigInt(t.total));
    t.rowTotals.forEach((x: number | null, i: number) => typeof x === 'number' && this.add(`${source} row ${i}`, [rowTerm(i)], BigInt(x)));
    t.columnTotals.forEach((x: number | null, j: number) => typeof x === 'number' && this.add(`${source} column ${j}`, [colTerm(j)], BigInt(x)));
    t.counts.forEach((row: (number | null)[], i: number) =>
      row.forEach((x, j) => {
        this.share(`${source} cell ${i},${j} row %`, cell(i, j), rowTerm(i), t.rowTotals[i], t.rowPercents[i][j], x);
        if (x === null) this.share(`${source} cell ${i},${j} column %`, cell(i, j), colTerm(j), t.columnTotals[j], t.columnPercents[i][j], null);
      }),
    );
  }

  private async sheets(body: Buffer): Promise<(string | number | null)[][][]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    return workbook.worksheets.map((ws) => {
      const rows: (string | number | null)[][] = [];
      ws.eachRow({ includeEmpty: true }, (row, n) => {
        rows[n - 1] = (row.values as unknown[]).slice(1).map((c) => (typeof c === 'number' || typeof c === 'string' ? c : c === null || c === undefined ? null : String(c)));
      });
      return Array.from(rows, (r) => r ?? []);
    });
  }

  private labelKey(label: string): string | null {
    const place = this.places.find((p) => p.name === label);
    if (place) return place.code;
    if (this.members.has(label)) return label;
    return /hyvinvointialue|county|välfärdsområde/i.test(label) ? 'county' : null;
  }

  private async tableXlsx(p: Published): Promise<void> {
    const [results] = await this.sheets(p.body);
    const q = QUESTIONS.find((x) => x.key === p.view.question)!;
    for (const row of results!.slice(3)) {
      const [groupLabel, n, category, count] = row;
      if (typeof groupLabel !== 'string') continue;
      const key = this.labelKey(groupLabel);
      if (key === null) {
        this.unread.push(`${p.view.label}: group '${groupLabel}'`);
        continue;
      }
      const munis = this.munisOf(key);
      if (typeof n === 'number') this.add(`${p.view.label} ${key} n`, [{ munis, where: {}, coef: 1n }], BigInt(n));
      if (typeof count === 'number' && typeof category === 'string') {
        const value = q.values.find((v) => v === category) ?? null;
        if (value === null) this.unread.push(`${p.view.label}: answer '${category}'`);
        else this.add(`${p.view.label} ${key} ${value}`, [{ munis, where: { [q.key]: [value] }, coef: 1n }], BigInt(count));
      }
    }
  }

  private async crosstabXlsx(p: Published): Promise<void> {
    const [sheet] = await this.sheets(p.body);
    const rows = sheet!;
    const munis = this.munisOf(p.view.group!);
    const rq = QUESTIONS.find((x) => x.key === p.view.rows)!;
    const cq = QUESTIONS.find((x) => x.key === p.view.columns)!;
    const source = p.view.label;
    const n = rows[1]?.[3];
    if (typeof n === 'number') this.add(`${source} n`, [{ munis, where: {}, coef: 1n }], BigInt(n));
    const start = rows.findIndex((r) => r[0] === 'Lukumäärät');
    // A hidden table has its reason beside the title and no header.
    if (start < 0 || typeof rows[start]![1] === 'string' || !rows[start + 1]) return;
    const header = rows[start + 1]!;
    const colValues = header.slice(1, -1).map((h) => cq.values.find((v) => v === h) ?? null);
    for (let i = start + 2; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.every((c) => c === null || c === undefined)) break;
      const rowValue = rq.values.find((v) => v === r[0]) ?? null;
      const rowWhere = rowValue === null ? {} : { [rq.key]: [rowValue] };
      if (rowValue === null && r[0] !== 'Yhteensä') {
        this.unread.push(`${source}: row '${r[0]}'`);
        continue;
      }
      colValues.forEach((cv, j) => {
        const x = r[j + 1];
        if (typeof x !== 'number') return;
        if (cv === null) this.unread.push(`${source}: column ${j}`);
        else this.add(`${source} ${r[0]}×${cv}`, [{ munis, where: { ...rowWhere, [cq.key]: [cv] }, coef: 1n }], BigInt(x));
      });
      const last = r[colValues.length + 1];
      if (typeof last === 'number') this.add(`${source} ${r[0]} total`, [{ munis, where: rowWhere, coef: 1n }], BigInt(last));
    }
  }

  private dataCsv(p: Published): void {
    const records: Record<string, string>[] = parseCsv(p.body, { bom: true, columns: true, skip_empty_lines: true });
    const shown = new Set<string>();
    const shownAreas = new Set<string>();
    for (const r of records) {
      const code = r.municipality_code || r.kunta || '';
      if (code) shown.add(code);
      if (r.area) shownAreas.add(r.area);
    }
    const blank = this.all.filter((m) => !shown.has(m));
    const groups = new Map<string, Record<string, string>[]>();
    for (const r of records) {
      const code = r.municipality_code || r.kunta || '';
      const key = code ? `m:${code}` : r.area ? `a:${r.area}` : 'none';
      const answers: Record<string, string> = {};
      for (const q of QUESTIONS) answers[q.key] = q.key === 'avoin' ? (r.avoin ? '1' : '0') : r[q.key]!;
      groups.set(key, [...(groups.get(key) ?? []), answers]);
    }
    const areaOf = new Map(this.places.map((pl) => [pl.code, pl.area]));
    const munisOfKey = (key: string): string[] => {
      if (key.startsWith('m:')) return [key.slice(2)];
      if (key.startsWith('a:')) return blank.filter((m) => areaOf.get(m) === key.slice(2));
      return blank.filter((m) => !shownAreas.has(areaOf.get(m)!));
    };
    // Every group with rows, and the places that appear with none (zero rows of every kind).
    const table: RowTable = { source: p.view.label, groups: [...groups.entries()].map(([key, rows]) => ({ munis: munisOfKey(key), rows })) };
    for (const m of this.all) if (!groups.has(`m:${m}`) && !blank.includes(m)) table.groups.push({ munis: [m], rows: [] });
    this.tables.push(table);
  }
}

/** A view's answer with what legitimately differs between two databases (times, request ids) removed, for the twin comparison. */
export async function normalised(p: Published): Promise<string> {
  if (p.status >= 400) return `status ${p.status}`;
  if (p.view.kind === 'table-xlsx' || p.view.kind === 'crosstab-xlsx') {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(p.body as unknown as ArrayBuffer);
    const first = workbook.worksheets[0]!;
    const rows: unknown[] = [];
    first.eachRow({ includeEmpty: true }, (row) => rows.push(row.values));
    return JSON.stringify(rows);
  }
  if (p.view.kind === 'data-csv') return p.body.toString('utf8');
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'dataAsOf' && k !== 'requestId').map(([k, v]) => [k, strip(v)]));
    return x;
  };
  return JSON.stringify(strip(JSON.parse(p.body.toString('utf8'))));
}

export { text as localised };
