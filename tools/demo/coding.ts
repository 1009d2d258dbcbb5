// The demo's coded open question: a codebook of five codes for the residents' "what should the
// municipality invest in" answers, and two made-up coders' codes on a stratified sample of them
// (agreeing on most, not all), with a consensus on some disagreements, so that the coding views,
// the agreement figures and the coded variable have data. Stored with the coding tables' own
// functions (db/coding.ts); the coders are ids of no account, marked as the demo's.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import * as coding from '../../db/coding.ts';
import type { Database } from '../../db/schema.ts';
import { sampleAnswers } from '../../server/coding/sample.ts';
import { RESIDENT_SURVEY } from './residents.ts';

export const DEMO_CODING_QUESTION = 'kunnan_panostukset';
/** Who made the demo's codebook: a re-run replaces what it made, and never an analyst's codebook. */
const DEMO_AUTHOR = 'demo';
export const DEMO_CODERS = ['demo-koodaaja-1', 'demo-koodaaja-2'] as const;
const SAMPLE_SIZE = 60;

const CODES: { fi: string; sv: string; en: string; theme: string; pattern: RegExp; examples: string[] }[] = [
  { fi: 'Liikunta ja harrastukset', sv: 'Motion och hobbyer', en: 'Sport and hobbies', theme: 'Vapaa-aika', pattern: /liikun|harrast/, examples: ['Liikuntapaikkoihin ja niiden maksuttomuuteen.'] },
  { fi: 'Lapset, nuoret ja koulut', sv: 'Barn, unga och skolor', en: 'Children, youth and schools', theme: 'Palvelut', pattern: /nuor|koulu|opettaj|varhaiskasvat/, examples: ['Kouluihin ja riittävään opettajamäärään.'] },
  { fi: 'Liikenne ja tiet', sv: 'Trafik och vägar', en: 'Transport and roads', theme: 'Ympäristö', pattern: /liikentee|teiden|kuljetu|väyl/, examples: ['Joukkoliikenteeseen.'] },
  { fi: 'Kulttuuri ja kohtaamispaikat', sv: 'Kultur och mötesplatser', en: 'Culture and meeting places', theme: 'Vapaa-aika', pattern: /kirjasto|kulttuur|kohtaamis|kylätal|kylätoim/, examples: ['Kirjastoon ja kulttuuritapahtumiin.'] },
  { fi: 'Asuminen, työ ja yhteydet', sv: 'Boende, arbete och förbindelser', en: 'Housing, work and connections', theme: 'Elinvoima', pattern: /asumise|työpaik|yrittäj|nettiyhte/, examples: ['Kohtuuhintaiseen asumiseen.'] },
];

/** Replaces the demo's codebook (never an analyst's); returns what it made, or null when the survey or its answers are missing or an analyst has a codebook there. */
export async function replaceDemoCoding(db: Kysely<Database>, at: Date): Promise<{ codes: number; sample: number; coded: number; disagreements: number } | null> {
  const existing = await coding.findCodebookOf(db, RESIDENT_SURVEY, DEMO_CODING_QUESTION);
  if (existing && existing.created_by !== DEMO_AUTHOR) return null;
  const texts = await coding.openTexts(db, RESIDENT_SURVEY, DEMO_CODING_QUESTION);
  const now = at.toISOString();
  return db.transaction().execute(async (trx) => {
    if (existing) {
      const samples = await trx.selectFrom('coding_samples').select('id').where('codebook_id', '=', existing.id).execute();
      for (const s of samples) {
        await trx.deleteFrom('coding_sample_items').where('sample_id', '=', s.id).execute();
        await trx.deleteFrom('coding_sample_coders').where('sample_id', '=', s.id).execute();
      }
      for (const table of ['coding_codes', 'coding_units', 'coding_bulk', 'coding_samples', 'codebook_history'] as const) await trx.deleteFrom(table).where('codebook_id', '=', existing.id).execute();
      await trx.deleteFrom('codes').where('codebook_id', '=', existing.id).execute();
      await trx.deleteFrom('codebooks').where('id', '=', existing.id).execute();
    }
    if (texts.length === 0) return null;
    const book = crypto.randomUUID();
    await coding.insertCodebook(trx, { id: book, survey_id: RESIDENT_SURVEY, question: DEMO_CODING_QUESTION, version: 0, created_at: now, created_by: DEMO_AUTHOR, updated_at: now });
    await coding.recordChange(trx, book, { id: crypto.randomUUID(), at: now, actorId: DEMO_AUTHOR, action: 'create', codeId: null, details: { survey: RESIDENT_SURVEY, question: DEMO_CODING_QUESTION } });
    const ids: string[] = [];
    for (const [position, c] of CODES.entries()) {
      const id = crypto.randomUUID();
      ids.push(id);
      await coding.insertCode(trx, { id, codebook_id: book, name_fi: c.fi, name_sv: c.sv, name_en: c.en, description: `Vastaus mainitsee: ${c.fi.toLowerCase()}.`, examples: JSON.stringify(c.examples), theme: c.theme, position, merged_into: null, created_at: now, updated_at: now });
      await coding.recordChange(trx, book, { id: crypto.randomUUID(), at: now, actorId: DEMO_AUTHOR, action: 'create_code', codeId: id, details: { name: { fi: c.fi, sv: c.sv, en: c.en } } });
    }
    const codesOf = (text: string) => CODES.flatMap((c, i) => (c.pattern.test(text.toLocaleLowerCase('fi')) ? [ids[i]!] : []));
    const chosen = sampleAnswers(texts.map((t) => ({ id: t.response_id, stratum: t.municipality_code ?? '' })), SAMPLE_SIZE, 'stratified', 2021);
    const sample = crypto.randomUUID();
    await coding.insertSample(trx, { id: sample, codebookId: book, method: 'stratified', seed: 2021, responseIds: chosen, coders: DEMO_CODERS, at: now, by: DEMO_AUTHOR });
    const textOf = new Map(texts.map((t) => [t.response_id, t.value]));
    let disagreements = 0;
    for (const [i, responseId] of chosen.entries()) {
      const first = codesOf(textOf.get(responseId)!);
      // The second coder reads every seventh answer otherwise: one code fewer, or another code.
      const second = i % 7 === 3 ? (first.length > 1 ? first.slice(1) : [ids[(ids.indexOf(first[0] ?? ids[0]!) + 1) % ids.length]!]) : first;
      if (JSON.stringify(first) !== JSON.stringify(second)) disagreements++;
      for (const [coder, codes] of [[DEMO_CODERS[0], first], [DEMO_CODERS[1], second]] as const) {
        await coding.putVerdict(trx, { codebookId: book, responseId, coderId: coder, status: codes.length > 0 ? 'coded' : 'not_codable', codes, at: now });
      }
      // A consensus on half of the disagreements: the first coder's reading.
      if (i % 14 === 3) await coding.putVerdict(trx, { codebookId: book, responseId, coderId: coding.CONSENSUS, status: first.length > 0 ? 'coded' : 'not_codable', codes: first, at: now });
    }
    // The rest of the answers coded by the first coder alone, so the coded variable covers them all.
    let coded = chosen.length;
    const inSample = new Set(chosen);
    for (const t of texts) {
      if (inSample.has(t.response_id)) continue;
      const codes = codesOf(t.value);
      await coding.putVerdict(trx, { codebookId: book, responseId: t.response_id, coderId: DEMO_CODERS[0], status: codes.length > 0 ? 'coded' : 'not_codable', codes, at: now });
      coded++;
    }
    return { codes: CODES.length, sample: chosen.length, coded, disagreements };
  });
}
