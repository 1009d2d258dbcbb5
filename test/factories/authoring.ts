import type { FastifyInstance } from 'fastify';
import { insertDraft } from '../../db/authoring.ts';
import { envelope } from './surveys.ts';

/** The survey drafts the route-table walks find (authoringWorld makes them): reads, saves and publications reach the handlers. */
export const AUTHORING_DRAFTS = ['luonnos-a', 'luonnos-b', 'luonnos-c', 'luonnos-d'] as const;

/**
 * Drafts of a copy of the survey's definition under AUTHORING_DRAFTS' ids, stored as the editor would
 * have saved them, each naming a municipality question it does not have: a walk's publish request
 * reaches the handler and is refused (400), rather than adding surveys under the walk's feet (the
 * fuzz counts the surveys the server serves; publishing itself is tested in test/authoring/).
 */
export async function authoringWorld(app: FastifyInstance, survey: string): Promise<void> {
  const definition = app.catalog.get(survey)?.definition;
  if (!definition) throw new Error(`authoring fixture: no survey '${survey}'`);
  const at = new Date().toISOString();
  for (const id of AUTHORING_DRAFTS) {
    await insertDraft(app.db.kysely, { survey_id: id, file: JSON.stringify(envelope(id, definition, { municipalityQuestion: 'ei-kysymysta' })), revision: 1, created_at: at, created_by: null, updated_at: at, updated_by: null });
  }
}
