// What publishing a draft would change against the survey's published version, as the author sees it
// before confirming: questions added, removed and changed, and per question the choices (and a
// matrix's rows and columns) added, removed and relabelled. A change that makes the new version's
// answers mean something else than the old one's under the same stored value (a removed choice, a
// changed question type, a changed rating scale) is "breaking": results across the versions are then
// no longer comparable, so publishing it needs an explicit confirmation and is written to the audit log.
import stringify from 'safe-stable-stringify';
import { itemList, walkDefinition, type Json } from '../validation/definition.ts';

export interface ItemChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly relabelled: string[];
}

export interface QuestionChange {
  readonly name: string;
  /** Which properties differ (`title`, `type`, `visibleIf`, `isRequired` …), in the definition's words. */
  readonly properties: string[];
  readonly choices: ItemChanges;
  readonly rows: ItemChanges;
  readonly columns: ItemChanges;
  /** Why this change breaks comparability with the published version's answers; empty when it does not. */
  readonly breaking: string[];
}

export interface SurveyDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: QuestionChange[];
  /** Every breaking change, as a sentence naming the question: what the author confirms. */
  readonly breaking: string[];
}

const same = (a: unknown, b: unknown) => stringify(a ?? null) === stringify(b ?? null);

function itemChanges(before: unknown, after: unknown, textKey: 'text' | 'title' = 'text'): ItemChanges {
  const key = (item: Json) => String(item.value ?? item.name);
  const old = new Map(itemList(before).map((item) => [key(item), item]));
  const now = new Map(itemList(after).map((item) => [key(item), item]));
  return {
    added: [...now.keys()].filter((k) => !old.has(k)),
    removed: [...old.keys()].filter((k) => !now.has(k)),
    relabelled: [...now.keys()].filter((k) => old.has(k) && !same(old.get(k)![textKey], now.get(k)![textKey])),
  };
}

/** A matrix's columns are keyed by name, a plain list's items by value. */
function columnChanges(before: unknown, after: unknown): ItemChanges {
  const asItems = (list: unknown) => (Array.isArray(list) ? list.map((c) => (typeof c === 'object' && c !== null ? { ...(c as Json), value: (c as Json).value ?? (c as Json).name } : { value: c })) : []);
  return itemChanges(asItems(before), asItems(after), 'title');
}

/** Properties whose change alters what a stored answer means. */
const SCALE_KEYS = ['rateMin', 'rateMax', 'rateStep', 'rateValues', 'rateCount', 'inputType', 'cellType', 'valueTrue', 'valueFalse'];

export function diffDefinitions(published: Json, draft: Json): SurveyDiff {
  const before = new Map(walkDefinition(published).questions.map((q) => [q.name, q]));
  const after = new Map(walkDefinition(draft).questions.map((q) => [q.name, q]));
  const added = [...after.keys()].filter((n) => !before.has(n));
  const removed = [...before.keys()].filter((n) => !after.has(n));
  const changed: QuestionChange[] = [];
  for (const [name, now] of after) {
    const old = before.get(name);
    if (!old || same(old.json, now.json)) continue;
    const keys = new Set([...Object.keys(old.json), ...Object.keys(now.json)]);
    const properties = [...keys].filter((k) => !same(old.json[k], now.json[k])).sort();
    const choices = itemChanges(old.json.choices, now.json.choices);
    const rows = itemChanges(old.json.rows, now.json.rows);
    const columns = columnChanges(old.json.columns, now.json.columns);
    const breaking: string[] = [];
    if (old.type !== now.type) breaking.push(`the type changed from ${old.type} to ${now.type}`);
    if (choices.removed.length > 0) breaking.push(`choice(s) ${choices.removed.join(', ')} removed`);
    if (rows.removed.length > 0) breaking.push(`row(s) ${rows.removed.join(', ')} removed`);
    if (columns.removed.length > 0) breaking.push(`column(s) ${columns.removed.join(', ')} removed`);
    const scale = SCALE_KEYS.filter((k) => !same(old.json[k], now.json[k]));
    if (scale.length > 0) breaking.push(`the answer scale changed (${scale.join(', ')})`);
    changed.push({ name, properties, choices, rows, columns, breaking });
  }
  return {
    added,
    removed,
    changed,
    breaking: changed.flatMap((c) => c.breaking.map((why) => `${c.name}: ${why}`)),
  };
}
