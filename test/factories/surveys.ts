/** Small survey files for tests, with overridable defaults. */

export function envelope(id: string, survey: object, overrides: Record<string, unknown> = {}) {
  return { id, title: { default: `Kysely ${id}`, sv: `Enkät ${id}`, en: `Survey ${id}` }, audience: 'residents', municipalityQuestion: null, opens: null, closes: null, privacy: privacyNotice(), survey, ...overrides };
}

/** A complete privacy notice in Finnish, Swedish and English (every part a survey needs to open). */
export function privacyNotice(): Record<string, Record<string, string>> {
  const text = (part: string) => ({ default: `${part} (fi)`, sv: `${part} (sv)`, en: `${part} (en)` });
  return Object.fromEntries(
    ['controller', 'controllerContact', 'dataProtectionOfficer', 'purpose', 'legalBasis', 'dataCategories', 'recipients', 'retention', 'rights', 'complaint'].map((part) => [part, text(part)]),
  );
}

/** Every question type the seed surveys need, with the logic they use (a conditional checkbox, an expression). */
type Element = { name: string; [property: string]: unknown };

export function allTypesDefinition(): { pages: { name: string; elements: Element[] }[] } {
  return {
    pages: [
      {
        name: 'taustatiedot',
        elements: [
          { type: 'dropdown', name: 'kunta', isRequired: true, choices: [{ value: '564', text: 'Oulu' }, { value: '305', text: 'Kuusamo' }, { value: '072', text: 'Hailuoto' }, { value: 'muu', text: 'Muu' }] },
          { type: 'radiogroup', name: 'ikaryhma', choices: ['13-17', '18-29', '30-64', '65+'] },
          { type: 'boolean', name: 'suostumus' },
          { type: 'rating', name: 'elama', rateMin: 1, rateMax: 5 },
        ],
      },
      {
        name: 'muutos',
        elements: [
          { type: 'radiogroup', name: 'muutos', choices: ['ei', 'pieni', 'suuri'] },
          {
            type: 'checkbox',
            name: 'alueet',
            visibleIf: "{muutos} anyof ['pieni', 'suuri']",
            minSelectedChoices: 2,
            maxSelectedChoices: 3,
            showOtherItem: true,
            choices: ['ihmissuhteet', 'talous', 'tyo', 'harrastukset', 'asunto'],
          },
          { type: 'matrix', name: 'tyytyvaisyys', columns: [1, 2, 3, 4, 5], rows: ['terveys', 'asuminen', 'vapaa_aika'] },
          {
            type: 'matrixdropdown',
            name: 'yhteistyo',
            rows: ['koulu', 'sosiaalityo'],
            columns: [
              { name: 'taso', cellType: 'dropdown', choices: [1, 2, 3, 4, 5] },
              { name: 'sopimus', cellType: 'radiogroup', choices: ['kirjallinen', 'suullinen', 'ei'] },
            ],
          },
        ],
      },
      {
        name: 'luvut',
        elements: [
          { type: 'text', name: 'oppilaat', inputType: 'number', min: 0, max: 100000 },
          { type: 'text', name: 'kuraattorit', inputType: 'number', min: 0, max: 1000 },
          { type: 'expression', name: 'oppilaita_per_kuraattori', expression: 'iif({kuraattorit} > 0, {oppilaat} / {kuraattorit}, 0)' },
          { type: 'multipletext', name: 'yhteyshenkilo', items: [{ name: 'nimi' }, { name: 'puhelin' }] },
          { type: 'ranking', name: 'tarkeys', choices: ['foorumit', 'avustukset', 'yhdyshenkilot'] },
          { type: 'comment', name: 'avoin', maxLength: 500 },
        ],
      },
    ],
  };
}

/** A complete valid answer to allTypesDefinition(). */
export function allTypesAnswer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kunta: '305',
    ikaryhma: '18-29',
    suostumus: true,
    elama: 4,
    muutos: 'pieni',
    alueet: ['ihmissuhteet', 'tyo', 'other'],
    'alueet-Comment': 'Liikkuminen',
    tyytyvaisyys: { terveys: 4, asuminen: 2 },
    yhteistyo: { koulu: { taso: 3, sopimus: 'suullinen' } },
    oppilaat: 1200,
    kuraattorit: 3,
    yhteyshenkilo: { nimi: 'Maija', puhelin: '040 123' },
    tarkeys: ['avustukset', 'foorumit', 'yhdyshenkilot'],
    avoin: 'Enemmän <b>harrastuksia</b> nuorille',
    ...overrides,
  };
}
