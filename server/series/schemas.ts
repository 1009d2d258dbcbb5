import { Type, type Static } from 'typebox';

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

export const SeriesParams = Type.Object({ id: Id });
export const WavePairParams = Type.Object({ id: Id, from: Id, to: Id });

export const Wave = Type.Object({ survey: Type.String(), wave: Type.String(), title: Type.String() });
export const Series = Type.Object({ id: Type.String(), waves: Type.Array(Wave, { description: 'in the order of their names (2021 before 2025)' }) });
export const SeriesList = Type.Object({ series: Type.Array(Series) });

/** How one question of the later wave reads the earlier wave's answers. */
export const QuestionLink = Type.Object(
  {
    /** The question in the later wave (`to`). */
    question: Type.String({ minLength: 1, maxLength: 200 }),
    /** The question it was in the earlier wave (`from`): the same name by default, another when renamed; null when it is new. */
    from: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]),
    /** False marks what cannot be compared (asked differently, a new scale): never charted as a trend. */
    comparable: Type.Boolean(),
    /** The earlier wave's choice value → the later wave's (two old choices merged into one new one); unlisted values keep their value. */
    choices: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 200 }))),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type QuestionLink = Static<typeof QuestionLink>;

export const WaveMapping = Type.Object({ questions: Type.Array(QuestionLink, { maxItems: 2000 }) }, { additionalProperties: false });
export type WaveMapping = Static<typeof WaveMapping>;

/** A save (PUT): the mapping and the saved state the author's copy began from. */
export const WaveMappingSave = Type.Object(
  {
    questions: WaveMapping.properties.questions,
    updatedAt: Type.Optional(
      Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description:
          'The `updatedAt` of the mapping the author\'s copy was based on (null: started from the defaults, never saved). ' +
          'When another save has been made since, the save is refused with 409 `mapping_changed` and nothing is stored. ' +
          'Optional only for compatibility with older clients (without it the save replaces whatever is stored); the browser page always sends it.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type WaveMappingSave = Static<typeof WaveMappingSave>;

export const WaveMappingView = Type.Object({
  series: Type.String(),
  from: Wave,
  to: Wave,
  /** Every question of the later wave: as an author saved it, or (`source: default`) linked by its name. */
  questions: Type.Array(Type.Intersect([QuestionLink, Type.Object({ source: Type.Union([Type.Literal('saved'), Type.Literal('default')]) })])),
  /** When the mapping was last saved (null: never); a save sends it back as its base. */
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The e-mail address of the account that saved it last (null: never saved, no account, or one since deleted). */
  updatedByEmail: Type.Union([Type.String(), Type.Null()]),
});
export type WaveMappingView = Static<typeof WaveMappingView>;
