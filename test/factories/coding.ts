import type { FastifyInstance } from 'fastify';
import type { World } from '../fuzz/requests.ts';

/**
 * A codebook of the survey's open question with two codes and a sample of two coders, made through
 * the API as an analyst, so that requests walking the route table reach the coding handlers with
 * ids that exist.
 */
export async function codingWorld(
  app: FastifyInstance,
  survey: string,
  question: string,
  analyst: { cookie: string; csrf: string },
  coders: readonly [string, string],
): Promise<World['coding']> {
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, payload, headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf } });
    if (res.statusCode !== 201) throw new Error(`coding fixture ${url}: ${res.statusCode} ${res.body}`);
    return (res.json() as { id: string }).id;
  };
  const codebook = await post(`/api/coding/surveys/${survey}/codebooks`, { question });
  const codes = [
    await post(`/api/coding/codebooks/${codebook}/codes`, { name: { fi: 'Harrastukset', sv: 'Fritid', en: 'Hobbies' } }),
    await post(`/api/coding/codebooks/${codebook}/codes`, { name: { fi: 'Muu', sv: 'Annat', en: 'Other' } }),
  ];
  const sample = await post(`/api/coding/codebooks/${codebook}/samples`, { size: 4, method: 'random', seed: 7, coders });
  const answered = await app.db.kysely.selectFrom('answers').select('response_id').where('survey_id', '=', survey).where('question', '=', question).limit(3).execute();
  return { codebooks: [codebook], codes, samples: [sample], responses: answered.map((r) => r.response_id), coders };
}
