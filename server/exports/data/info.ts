import { CHANNEL_LABELS, finnish } from './columns.ts';
import type { DataExport } from './dataset.ts';

/**
 * What the formula guard (formula-guard.ts) does to texts, for the info sheet and the syntax's
 * header. The SPSS syntax undoes it; the CSV and XLSX keep it.
 */
export const FORMULA_NOTE =
  "Tekstit ovat aina tekstiä, eivät kaavoja: CSV- ja XLSX-tiedostossa tekstin alkuun ja sen jokaisen rivin alkuun on lisätty heittomerkki ('), jos teksti tai rivi alkaa merkillä = + - @, sarkaimella, rivinvaihdolla (CR) tai heittomerkillä, jottei taulukko-ohjelma tulkitse sitä kaavaksi. Poista yksi heittomerkki tällaisen rivin alusta, niin saat vastauksen sellaisenaan; SPSS-syntaksi tekee sen itse.";

/** Who made an export, for its info sheet and the audit log. */
export interface Exporter {
  readonly role: string;
}

/** The export's description, as label–value pairs (the XLSX "Tiedot" sheet, the SPSS syntax's header). */
export function exportInfo(data: DataExport, exporter: Exporter): [string, string][] {
  const q = data.query;
  const hiddenNames = data.hidden.municipalities.length === 0 ? 'ei yhtään' : data.hidden.municipalities.join(', ');
  const { minGroupSize } = data.survey.suppression;
  return [
    ['Kysely', `${finnish(data.survey.title)} (${data.survey.id}, versio ${data.version})`],
    ['Viety', data.asOf],
    ['Viejän rooli', exporter.role],
    ['Vastauksia', String(data.rows)],
    ['Arvot', data.mode === 'codes' ? 'koodeina' : 'selitteinä'],
    ['Rajaukset', q.filters.length === 0 ? 'ei rajauksia' : q.filters.map((f) => `${f.key} = ${f.values.join(' tai ')}`).join('; ')],
    ['Kanavat', q.channels ? q.channels.map((c) => CHANNEL_LABELS[c] ?? c).join(', ') : 'kaikki'],
    ['Lähetetty alkaen', q.from ?? '–'],
    ['Lähetetty ennen', q.to ?? '–'],
    ['Kunnat tai alueet', q.group ? q.group.join(', ') : 'koko hyvinvointialue'],
    [
      'Pienten ryhmien suojaus',
      `Kunta jätetään tyhjäksi, jos sen vastaajaryhmä on tulosraporteissa piilotettu (alle ${minGroupSize} vastaajaa näillä rajauksilla, tai piilotettu, jottei pientä ryhmää voi päätellä muista luvuista); samoin kuntakysymyksen vastaus. Alue jätetään tyhjäksi, jos sekin on piilotettu. Tyhjiksi jätetyt kunnat (kuntanumero): ${hiddenNames}; alueet: ${data.hidden.areas.length === 0 ? 'ei yhtään' : data.hidden.areas.join(', ')}.`,
    ],
    ['Kaavat', FORMULA_NOTE],
  ];
}

/** A file name for the export: survey, date, codes or labels. */
export function exportFileName(data: DataExport, extension: string): string {
  return `${data.survey.id}-vastaukset-${data.asOf.slice(0, 10)}-${data.mode === 'codes' ? 'koodit' : 'selitteet'}.${extension}`;
}
