import { useId } from 'react';
import { useLanguage, type Language } from '../../app/i18n.tsx';
// The server's schema itself, so the panel cannot drift from the answer it shows.
import type { Weighting } from '../../../../server/results/schemas.ts';

// The words of this panel, kept beside it: they describe one server answer (meta.weighting) and
// nothing else in the workspace uses them.
const TEXTS = {
  fi: {
    heading: 'Painotus',
    method: (margins: string) => `Vastaajat on painotettu väestön reunajakaumiin (raking): ${margins}.`,
    margins: { municipality: 'kunta', sex: 'sukupuoli', ageGroup: 'ikäryhmä' } as Record<string, string>,
    calibrated: 'Painotettujen osuuksien luottamusvälit ottavat huomioon, että painot on sovitettu reunajakaumiin (kalibroitu asetelma, kuten R:n survey-paketin rake()/calibrate()).',
    fixed: 'Painotettujen osuuksien luottamusvälit on laskettu painoja kiinteinä pitäen (hieman varovaisemmat kuin kalibroidun asetelman välit).',
    caption: 'Painojen tunnusluvut',
    respondents: 'Painotettuja vastaajia',
    min: 'Pienin paino',
    max: 'Suurin paino',
    mean: 'Keskimääräinen paino',
    neff: 'Efektiivinen otoskoko',
    deff: 'Asetelmakerroin (Kish)',
    bounds: 'Painojen rajat',
    noBounds: 'ei rajoja',
    boundsValue: (lower: string, upper: string) => `${lower}–${upper} × keskipaino`,
    bind: 'Rajat rajoittavat painoja',
    yes: 'kyllä',
    no: 'ei',
    converged: 'Reunajakaumat saavutettu',
    notConverged: (error: string) => `ei: suurin poikkeama ${error}`,
    excluded: 'Painotuksen ulkopuolelle jääneitä',
    withheld:
      'Tunnusluvut on laskettu vain niistä paikoista, joiden tuloksia saat nähdä. Jos jokin luku näkyy muodossa ”piilotettu” tai ”–”, se perustuu niin harvaan vastaajaan, että sen näyttäminen voisi paljastaa yksittäisten vastaajien tietoja; siksi sitä ei näytetä eikä sitä voi laskea muista luvuista.',
  },
  sv: {
    heading: 'Viktning',
    method: (margins: string) => `Svarspersonerna har viktats till befolkningens marginalfördelningar (raking): ${margins}.`,
    margins: { municipality: 'kommun', sex: 'kön', ageGroup: 'åldersgrupp' } as Record<string, string>,
    calibrated: 'Konfidensintervallen för de viktade andelarna tar hänsyn till att vikterna har anpassats till marginalerna (kalibrerad design, som rake()/calibrate() i R-paketet survey).',
    fixed: 'Konfidensintervallen för de viktade andelarna har räknats med vikterna som fasta (något försiktigare än den kalibrerade designens).',
    caption: 'Vikternas nyckeltal',
    respondents: 'Viktade svarspersoner',
    min: 'Minsta vikt',
    max: 'Största vikt',
    mean: 'Medelvikt',
    neff: 'Effektiv urvalsstorlek',
    deff: 'Designeffekt (Kish)',
    bounds: 'Gränser för vikterna',
    noBounds: 'inga gränser',
    boundsValue: (lower: string, upper: string) => `${lower}–${upper} × medelvikten`,
    bind: 'Gränserna begränsar vikterna',
    yes: 'ja',
    no: 'nej',
    converged: 'Marginalerna uppnådda',
    notConverged: (error: string) => `nej: största avvikelse ${error}`,
    excluded: 'Utanför viktningen',
    withheld:
      'Nyckeltalen har räknats endast för de orter vars resultat du får se. Om ett tal visas som ”dolt” eller ”–” bygger det på så få svarspersoner att det kunde avslöja enskilda personers svar; därför visas det inte och kan inte räknas fram ur andra tal.',
  },
  en: {
    heading: 'Weighting',
    method: (margins: string) => `Respondents are weighted to the population's margins (raking): ${margins}.`,
    margins: { municipality: 'municipality', sex: 'sex', ageGroup: 'age group' } as Record<string, string>,
    calibrated: 'The weighted percentages\' confidence intervals account for the weights having been fitted to the margins (the calibrated design, as rake()/calibrate() in R\'s survey package).',
    fixed: 'The weighted percentages\' confidence intervals take the weights as fixed (slightly wider than the calibrated design\'s).',
    caption: 'The weights in figures',
    respondents: 'Weighted respondents',
    min: 'Smallest weight',
    max: 'Largest weight',
    mean: 'Mean weight',
    neff: 'Effective sample size',
    deff: 'Design effect (Kish)',
    bounds: 'Bounds on the weights',
    noBounds: 'none',
    boundsValue: (lower: string, upper: string) => `${lower}–${upper} × the mean weight`,
    bind: 'The bounds hold weights back',
    yes: 'yes',
    no: 'no',
    converged: 'Margins met',
    notConverged: (error: string) => `no: largest deviation ${error}`,
    excluded: 'Left out of the weighting',
    withheld:
      'These figures cover only the places whose results you may see. A figure shown as "hidden" or "–" rests on so few respondents that showing it could reveal individual people\'s answers, so it is not shown and cannot be worked out from the other figures.',
  },
} satisfies Record<Language, unknown>;

/** The weighting's diagnostics beside weighted figures: which intervals, the weights' spread, bounds, convergence. */
export function WeightingDiagnostics({ weighting }: { weighting: Weighting }) {
  const { language, number, percent } = useLanguage();
  const t = TEXTS[language];
  const id = useId();
  const rows: [string, string][] = [
    [t.respondents, number(weighting.respondents)],
    ...(weighting.weights
      ? ([
          [t.min, number(weighting.weights.min, 1)],
          [t.max, number(weighting.weights.max, 1)],
          [t.mean, number(weighting.weights.mean, 1)],
        ] as [string, string][])
      : []),
    [t.neff, number(weighting.effectiveSampleSize, 1)],
    [t.deff, number(weighting.designEffect, 2)],
    [t.bounds, weighting.bounds ? t.boundsValue(number(weighting.bounds.lower, 2), number(weighting.bounds.upper, 2)) : t.noBounds],
    ...(weighting.bounds ? ([[t.bind, weighting.boundsBind ? t.yes : t.no]] as [string, string][]) : []),
    [t.converged, weighting.converged ? t.yes : t.notConverged(percent(100 * weighting.maxRelativeError, 2))],
    [t.excluded, number(weighting.excluded)],
  ];
  return (
    <section className="weighting" aria-labelledby={`${id}-h`} data-testid="weighting-diagnostics">
      <h4 id={`${id}-h`}>{t.heading}</h4>
      <p className="hint">{t.method(weighting.margins.map((m) => t.margins[m] ?? m).join(', '))}</p>
      <p className="hint" data-testid="weighting-intervals" data-intervals={weighting.intervals}>
        {weighting.intervals === 'calibrated' ? t.calibrated : t.fixed}
      </p>
      <div className="table-wrap" role="region" aria-labelledby={`${id}-cap`} tabIndex={0}>
        <table className="data-table">
          <caption id={`${id}-cap`}>{t.caption}</caption>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint" data-testid="withheld-explanation">
        {t.withheld}
      </p>
    </section>
  );
}
