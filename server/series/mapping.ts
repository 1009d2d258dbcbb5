import type { ImportTarget } from '../imports/targets.ts';
import type { QuestionLink, WaveMapping } from './schemas.ts';

/**
 * Linking the questions of two waves of a series. By default a question of the later wave is the
 * earlier wave's question of the same name, comparable when every earlier choice is still a choice
 * (or the question has none); an author maps renamed questions and recoded choices explicitly, and
 * marks what cannot be compared. Pure: the questions come in as import targets (name, kind, choices).
 */

const values = (t: ImportTarget) => new Set(t.choices.map((c) => String(c.value)));

/** The link a question gets when no author has said otherwise. */
export function defaultLink(question: ImportTarget, earlier: ReadonlyMap<string, ImportTarget>): QuestionLink {
  const before = earlier.get(question.question);
  if (!before) return { question: question.question, from: null, comparable: false, note: 'not asked in the earlier wave' };
  if (before.kind !== question.kind) return { question: question.question, from: before.question, comparable: false, note: `asked as ${before.kind} before, ${question.kind} now` };
  const now = values(question);
  const lost = [...values(before)].filter((v) => !now.has(v));
  if (lost.length > 0) return { question: question.question, from: before.question, comparable: false, note: `earlier choice(s) ${lost.join(', ')} have no counterpart: map them` };
  return { question: question.question, from: before.question, comparable: true };
}

/**
 * Every problem of a mapping, named: a question that is not the later wave's, a `from` not the
 * earlier wave's, a recoded choice either wave lacks, and, for a comparable link, an earlier choice
 * left without a counterpart. Empty when the mapping is sound.
 */
export function mappingProblems(mapping: WaveMapping, earlier: readonly ImportTarget[], later: readonly ImportTarget[], waves: { from: string; to: string }): string[] {
  const problems: string[] = [];
  const before = new Map(earlier.map((t) => [t.question, t]));
  const now = new Map(later.map((t) => [t.question, t]));
  const seen = new Set<string>();
  for (const link of mapping.questions) {
    const where = `question '${link.question}'`;
    if (seen.has(link.question)) problems.push(`${where} is mapped twice`);
    seen.add(link.question);
    const target = now.get(link.question);
    if (!target) {
      problems.push(`${where} is not a question of wave ${waves.to}`);
      continue;
    }
    if (link.from === null) {
      if (link.comparable) problems.push(`${where} is comparable but has no question in wave ${waves.from} (from is null)`);
      if (link.choices && Object.keys(link.choices).length > 0) problems.push(`${where} recodes choices but has no question in wave ${waves.from}`);
      continue;
    }
    const source = before.get(link.from);
    if (!source) {
      problems.push(`${where}: '${link.from}' is not a question of wave ${waves.from}`);
      continue;
    }
    const sourceValues = values(source);
    const targetValues = values(target);
    for (const [old, mapped] of Object.entries(link.choices ?? {})) {
      if (!sourceValues.has(old)) problems.push(`${where}: '${old}' is not a choice of '${link.from}' in wave ${waves.from}`);
      if (!targetValues.has(mapped)) problems.push(`${where}: '${old}' is recoded to '${mapped}', which is not a choice of '${link.question}' in wave ${waves.to}`);
    }
    if (link.comparable) {
      if (source.kind !== target.kind && !(source.choices.length > 0 && target.choices.length > 0)) {
        problems.push(`${where} is comparable but was asked as ${source.kind} in wave ${waves.from} and is ${target.kind} in wave ${waves.to}`);
      }
      const unmapped = [...sourceValues].filter((v) => !(link.choices && Object.hasOwn(link.choices, v)) && !targetValues.has(v));
      if (unmapped.length > 0) {
        problems.push(`${where} is comparable but choice(s) ${unmapped.map((v) => `'${v}'`).join(', ')} of '${link.from}' in wave ${waves.from} have no counterpart: recode them or mark the question not comparable`);
      }
    }
  }
  return problems;
}
