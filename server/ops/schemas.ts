// The operations API's contract: liveness, readiness and metrics.
import { Type, type Static } from 'typebox';
import { Nullable } from '../http/schema-parts.ts';

export const Health = Type.Object({ status: Type.Literal('ok'), database: Type.String(), surveys: Type.Integer() });
export type Health = Static<typeof Health>;

/**
 * `current`: every migration this code knows has run and no other; `behind`: some have not run
 * (this database needs a start of this version to migrate it); `ahead`: the database has
 * migrations this code does not know (a newer version migrated it; this one may misread it).
 */
export const MigrationState = Type.Union([Type.Literal('current'), Type.Literal('behind'), Type.Literal('ahead'), Type.Literal('unchecked')]);
export type MigrationState = Static<typeof MigrationState>;

export const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unready')]),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
  migrations: MigrationState,
  surveys: Type.Object({ state: Type.Literal('loaded'), count: Type.Integer() }),
  resultsIndexes: Type.Object({
    ready: Type.Integer(),
    building: Type.Integer(),
    notStarted: Type.Integer(),
    /** Percent of the responses the building indexes have loaded, together; null when none builds. */
    progress: Nullable(Type.Integer({ minimum: 0, maximum: 99 })),
  }),
});
export type Readiness = Static<typeof Readiness>;
