// The admin API's contract: users, the audit log, the population table and the county's geography.
// Routes, services, the client and the OpenAPI document all use these.
import { Type, type Static } from 'typebox';
import { Role, User } from '../auth/schemas.ts';
import { fileAnswer, Nullable } from '../http/schema-parts.ts';
import { CountyMunicipality } from '../http/schemas.ts';

const MunicipalityCodes = Type.Array(Type.String({ pattern: '^\\d{3}$' }), { maxItems: 100 });
const Areas = Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 });

export const Users = Type.Object({ users: Type.Array(User) });
export type Users = Static<typeof Users>;

export const UserParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const NewUser = Type.Object(
  {
    email: Type.String({ maxLength: 320 }),
    password: Type.String({ maxLength: 1024 }),
    role: Role,
    municipalities: Type.Optional(MunicipalityCodes),
    areas: Type.Optional(Areas),
  },
  { additionalProperties: false },
);
export type NewUser = Static<typeof NewUser>;

export const UserChange = Type.Object(
  {
    role: Type.Optional(Role),
    municipalities: Type.Optional(MunicipalityCodes),
    areas: Type.Optional(Areas),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserChange = Static<typeof UserChange>;

export const NewPassword = Type.Object({ password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false });
export type NewPassword = Static<typeof NewPassword>;

/** The CSV file itself (`municipality,sex,age_group,population`). */
export const PopulationCsv = Type.String({ minLength: 1 });
export const PopulationLoaded = Type.Object({ rows: Type.Integer(), total: Type.Integer() });
export type PopulationLoaded = Static<typeof PopulationLoaded>;
export const PopulationSummary = Type.Object({
  rows: Type.Integer(),
  total: Type.Integer(),
  bySex: Type.Record(Type.String(), Type.Integer()),
  byAgeGroup: Type.Record(Type.String(), Type.Integer()),
});
export type PopulationSummary = Static<typeof PopulationSummary>;

/** The county's municipalities and areas (the geography file), for pickers. */
export const CountyGeography = Type.Object({ municipalities: Type.Array(CountyMunicipality), areas: Type.Array(Type.String()) });
export type CountyGeography = Static<typeof CountyGeography>;

const Day = Type.String({ format: 'date', description: 'a calendar day in Finnish time, YYYY-MM-DD' });

/** The audit log's filters: the person (their e-mail), the event code and the days, each optional. */
const AuditFilters = {
  actor: Type.Optional(Type.String({ maxLength: 320, description: "the person's e-mail address" })),
  action: Type.Optional(Type.String({ maxLength: 64, description: 'the event code, e.g. response.entry' })),
  from: Type.Optional(Day),
  to: Type.Optional({ ...Day, description: 'the last day included, YYYY-MM-DD (Finnish time)' }),
  before: Type.Optional(Type.String({ format: 'date-time' })),
};

export const AuditQuery = Type.Object(
  {
    ...AuditFilters,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditCsvQuery = Type.Object(
  { ...AuditFilters, lang: Type.Optional(Type.Union([Type.Literal('fi'), Type.Literal('sv'), Type.Literal('en')])) },
  { additionalProperties: false },
);
export type AuditCsvQuery = Static<typeof AuditCsvQuery>;

export const AuditCsvFile = fileAnswer('text/csv', 'the filtered audit log, newest first: time, person, event, details, target and the event code');

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actorEmail: Nullable(Type.String()),
  action: Type.String(),
  target: Nullable(Type.String()),
  details: Type.Object({}, { additionalProperties: true }),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditLog = Type.Object({
  entries: Type.Array(AuditEntry),
  /** Lines the filters match in all (the page is `limit` of them from `offset`). */
  total: Type.Integer(),
  /** The people and the event codes in the log, for the filters' choices. */
  actors: Type.Array(Type.String()),
  actions: Type.Array(Type.String()),
});
export type AuditLog = Static<typeof AuditLog>;
