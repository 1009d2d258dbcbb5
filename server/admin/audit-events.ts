// The audit log read by people: each event code's name and a sentence of its details in the
// interface's languages. Pure data and functions, read by the admin page (types and code, no server
// imports) and by the CSV download, so the screen and the file say the same thing.

export type AuditLanguage = 'fi' | 'sv' | 'en';
export const AUDIT_LANGUAGES: readonly AuditLanguage[] = ['fi', 'sv', 'en'];

type Details = Record<string, unknown>;

interface EventText {
  readonly name: string;
  /** A sentence of the details that matter; none when the name says it all. */
  readonly describe?: (d: Details, target: string | null) => string;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v));
const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.join(', ') : '');

const CHANNELS: Record<AuditLanguage, Record<string, string>> = {
  fi: { interview: 'haastattelu', paper: 'paperilomake' },
  sv: { interview: 'intervju', paper: 'pappersblankett' },
  en: { interview: 'interview', paper: 'paper form' },
};
const channel = (lang: AuditLanguage, v: unknown) => CHANNELS[lang][str(v)] ?? str(v);
const receipt = (v: unknown) => str(v).slice(0, 8);
const stateOf = (v: unknown) => str((v as Details | null | undefined)?.state);
const lifecycle = (d: Details) => `${stateOf(d.before)} → ${stateOf(d.after)}`;
/** A translation import's texts per language: `sv 12, en 3`. */
const applied = (d: Details) => Object.entries((d.applied ?? {}) as Record<string, unknown>).map(([l, n]) => `${l} ${str(n)}`).join(', ');
/** A housekeeping sweep's counts: the kinds it deleted any of, `istuntoja 2, lokimerkintöjä 40`. */
const swept = (d: Details, names: Record<string, string>) =>
  Object.entries((d.deleted ?? {}) as Record<string, unknown>)
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([kind, n]) => `${names[kind] ?? kind} ${str(n)}`)
    .join(', ');
const exported = (d: Details) => [d.kind, d.format, list(d.questions), d.rows === undefined ? '' : `${str(d.rows)}`].filter((x) => x !== undefined && x !== '').map(str).join(', ');

const fi: Record<string, EventText> = {
  'auth.login': { name: 'Kirjautuminen' },
  'auth.login_failed': { name: 'Epäonnistunut kirjautuminen' },
  'auth.login_throttled': { name: 'Kirjautuminen estetty liian monen yrityksen vuoksi' },
  'auth.logout': { name: 'Uloskirjautuminen' },
  'user.create': { name: 'Käyttäjä luotu', describe: (d) => `rooli ${str(d.role)}${list(d.municipalities) ? `, kunnat ${list(d.municipalities)}` : ''}${list(d.areas) ? `, alueet ${list(d.areas)}` : ''}` },
  'user.change_role': { name: 'Käyttäjän rooli muutettu', describe: (d) => `${str(d.from)} → ${str(d.to)}${list(d.municipalities) ? `, kunnat ${list(d.municipalities)}` : ''}${list(d.areas) ? `, alueet ${list(d.areas)}` : ''}` },
  'user.disable': { name: 'Käyttäjä poistettu käytöstä' },
  'user.enable': { name: 'Käyttäjä otettu käyttöön' },
  'user.reset_password': { name: 'Salasana vaihdettu' },
  'coding.codebook': { name: 'Koodikirjaa muokattu', describe: (d) => `${str(d.change)}${d.codes === undefined ? '' : `, ${str(d.codes)} koodia`}${d.rows === undefined ? '' : `, ${str(d.rows)} riviä`}` },
  'coding.bulk': { name: 'Vastauksia koodattu haulla', describe: (d) => `${str(d.answers)} vastausta` },
  'coding.bulk_undo': { name: 'Hakukoodaus peruttu', describe: (d) => `${str(d.answers)} vastausta` },
  'coding.consensus': { name: 'Koodauksen konsensus kirjattu', describe: (d) => `${str(d.codes)} koodia` },
  'population.load': { name: 'Väestötaulukko ladattu', describe: (d) => `${str(d.rows)} riviä, yhteensä ${str(d.total)} henkeä` },
  'survey.lifecycle': { name: 'Kyselyn tila muutettu', describe: (d) => `tila ${lifecycle(d)}` },
  'survey.published': { name: 'Kysely julkaistu', describe: (d) => `versio ${str(d.version)}${d.previousVersion ? ` (aiempi ${str(d.previousVersion)})` : ''}: kysymyksiä lisätty ${str(d.added)}, poistettu ${str(d.removed)}, muutettu ${str(d.changed)}${list(d.breakingConfirmed) ? `; vahvistettu vertailtavuuden katkaiseva muutos: ${list(d.breakingConfirmed)}` : ''}` },
  'survey.draft_deleted': { name: 'Kyselyluonnos poistettu' },
  'survey.translations_imported': { name: 'Käännökset tuotu luonnokseen', describe: (d) => `${str(d.fileName)}: ${applied(d)}` },
  'link.create': { name: 'Linkkejä luotu', describe: (d) => `${str(d.count)} kpl` },
  'link.invitations': { name: 'Kutsuja luotu', describe: (d) => `${str(d.count)} kpl` },
  'link.invitations_csv': { name: 'Kutsulista ladattu', describe: (d) => `${str(d.count)} kutsua` },
  'link.close': { name: 'Linkki suljettu' },
  'link.reopen': { name: 'Linkki avattu uudelleen' },
  'export.create': { name: 'Tiedosto ladattu', describe: (d) => exported(d) },
  'housekeeping.sweep': { name: 'Ylläpitosiivous', describe: (d) => swept(d, { sessions: 'istuntoja', drafts: 'tallennettuja luonnoksia', attempts: 'vastauskertoja', loginFailures: 'kirjautumisvirheitä', auditEntries: 'vanhoja lokimerkintöjä' }) },
  'retention.delete': { name: 'Säilytysaika päättyi: poistettu', describe: (d) => `${d.kind === 'invitations' ? 'kutsuja' : 'vastauksia'} ${str(d.count)} kpl` },
  'retention.anonymise': { name: 'Säilytysaika päättyi: anonymisoitu', describe: (d) => `vastauksia ${str(d.count)} kpl` },
  'privacy.anonymise': { name: 'Vastaukset anonymisoitu paikallaan', describe: (d) => `vastauksia ${str(d.responses)}, muutettuja ${str(d.responsesChanged)}, avoimia vastauksia peitetty ${str(d.texts)}, ajat ${d.timestamps === 'day' ? 'päivän' : 'viikon'} tarkkuuteen` },
  'privacy.redaction_review': { name: 'Peittoehdotuksia arvioitu', describe: (d) => `hyväksytty ${str(d.accepted)}, hylätty ${str(d.rejected)}` },
  'rights.erase': { name: 'Vastaajan poistopyyntö toteutettu', describe: (d) => `${d.outcome === 'anonymised' ? 'vastaus anonymisoitu' : 'vastaus poistettu'}, ${d.via === 'invitation' ? 'kutsulinkillä' : 'oikeuskoodilla'}` },
  'response.entry': { name: 'Vastaus tallennettu', describe: (d) => `${channel('fi', d.channel)}, kunta ${str(d.municipality)}, vastaus ${receipt(d.responseId)}${d.late === true ? ', myöhässä' : ''}` },
  'response.entry.correct': { name: 'Tallennettu vastaus korjattu', describe: (d) => `uusi vastaus ${receipt(d.responseId)} korvaa vastauksen ${receipt(d.replaces)}; ${channel('fi', d.channel)}, kunta ${str(d.municipality)}` },
  'response.entry.void': { name: 'Tallennettu vastaus mitätöity', describe: (d) => `vastaus ${receipt(d.responseId)} poistettu tuloksista; ${channel('fi', d.channel)}, kunta ${str(d.municipality)}` },
  'response.import': { name: 'Vastauksia tuotu taulukosta', describe: (d) => `${str(d.file)}: ${str(d.stored)} tallennettu, ${str(d.alreadyStored)} jo aiemmin, ${str(d.rejected)} hylätty` },
  'import.mapping': { name: 'Tuonnin sarakemääritys tallennettu', describe: (d) => str(d.name) },
  'series.mapping': { name: 'Kierrosten kysymysmääritys tallennettu', describe: (d) => `${str(d.from)} → ${str(d.to)}` },
};

const sv: Record<string, EventText> = {
  'auth.login': { name: 'Inloggning' },
  'auth.login_failed': { name: 'Misslyckad inloggning' },
  'auth.login_throttled': { name: 'Inloggning spärrad efter för många försök' },
  'auth.logout': { name: 'Utloggning' },
  'user.create': { name: 'Användare skapad', describe: (d) => `roll ${str(d.role)}${list(d.municipalities) ? `, kommuner ${list(d.municipalities)}` : ''}${list(d.areas) ? `, områden ${list(d.areas)}` : ''}` },
  'user.change_role': { name: 'Användarens roll ändrad', describe: (d) => `${str(d.from)} → ${str(d.to)}${list(d.municipalities) ? `, kommuner ${list(d.municipalities)}` : ''}${list(d.areas) ? `, områden ${list(d.areas)}` : ''}` },
  'user.disable': { name: 'Användare inaktiverad' },
  'user.enable': { name: 'Användare aktiverad' },
  'user.reset_password': { name: 'Lösenord bytt' },
  'coding.codebook': { name: 'Kodbok ändrad', describe: (d) => `${str(d.change)}${d.codes === undefined ? '' : `, ${str(d.codes)} koder`}${d.rows === undefined ? '' : `, ${str(d.rows)} rader`}` },
  'coding.bulk': { name: 'Svar kodade genom sökning', describe: (d) => `${str(d.answers)} svar` },
  'coding.bulk_undo': { name: 'Sökkodning ångrad', describe: (d) => `${str(d.answers)} svar` },
  'coding.consensus': { name: 'Konsensus i kodningen registrerad', describe: (d) => `${str(d.codes)} koder` },
  'population.load': { name: 'Befolkningstabell laddad', describe: (d) => `${str(d.rows)} rader, sammanlagt ${str(d.total)} personer` },
  'survey.lifecycle': { name: 'Enkätens status ändrad', describe: (d) => `status ${lifecycle(d)}` },
  'survey.published': { name: 'Enkäten publicerad', describe: (d) => `version ${str(d.version)}${d.previousVersion ? ` (tidigare ${str(d.previousVersion)})` : ''}: frågor tillagda ${str(d.added)}, borttagna ${str(d.removed)}, ändrade ${str(d.changed)}${list(d.breakingConfirmed) ? `; bekräftad ändring som bryter jämförbarheten: ${list(d.breakingConfirmed)}` : ''}` },
  'survey.draft_deleted': { name: 'Enkätutkast borttaget' },
  'survey.translations_imported': { name: 'Översättningar införda i utkastet', describe: (d) => `${str(d.fileName)}: ${applied(d)}` },
  'link.create': { name: 'Länkar skapade', describe: (d) => `${str(d.count)} st.` },
  'link.invitations': { name: 'Inbjudningar skapade', describe: (d) => `${str(d.count)} st.` },
  'link.invitations_csv': { name: 'Inbjudningslista hämtad', describe: (d) => `${str(d.count)} inbjudningar` },
  'link.close': { name: 'Länk stängd' },
  'link.reopen': { name: 'Länk öppnad igen' },
  'export.create': { name: 'Fil hämtad', describe: (d) => exported(d) },
  'housekeeping.sweep': { name: 'Underhållsrensning', describe: (d) => swept(d, { sessions: 'sessioner', drafts: 'sparade utkast', attempts: 'svarsförsök', loginFailures: 'inloggningsfel', auditEntries: 'gamla loggposter' }) },
  'retention.delete': { name: 'Lagringstiden gick ut: raderat', describe: (d) => `${str(d.count)} ${d.kind === 'invitations' ? 'inbjudningar' : 'svar'}` },
  'retention.anonymise': { name: 'Lagringstiden gick ut: anonymiserat', describe: (d) => `${str(d.count)} svar` },
  'privacy.anonymise': { name: 'Svaren anonymiserade på plats', describe: (d) => `${str(d.responses)} svar, ${str(d.responsesChanged)} ändrade, öppna svar maskerade ${str(d.texts)}, tider till ${d.timestamps === 'day' ? 'dag' : 'vecka'}` },
  'privacy.redaction_review': { name: 'Förslag till maskering granskade', describe: (d) => `godkända ${str(d.accepted)}, avvisade ${str(d.rejected)}` },
  'rights.erase': { name: 'Svarandes begäran om radering verkställd', describe: (d) => `${d.outcome === 'anonymised' ? 'svaret anonymiserat' : 'svaret raderat'}, ${d.via === 'invitation' ? 'med inbjudningslänk' : 'med rättighetskod'}` },
  'response.entry': { name: 'Svar inmatat', describe: (d) => `${channel('sv', d.channel)}, kommun ${str(d.municipality)}, svar ${receipt(d.responseId)}${d.late === true ? ', försenat' : ''}` },
  'response.entry.correct': { name: 'Inmatat svar rättat', describe: (d) => `nytt svar ${receipt(d.responseId)} ersätter svar ${receipt(d.replaces)}; ${channel('sv', d.channel)}, kommun ${str(d.municipality)}` },
  'response.entry.void': { name: 'Inmatat svar makulerat', describe: (d) => `svar ${receipt(d.responseId)} borttaget ur resultaten; ${channel('sv', d.channel)}, kommun ${str(d.municipality)}` },
  'response.import': { name: 'Svar importerade från tabell', describe: (d) => `${str(d.file)}: ${str(d.stored)} sparade, ${str(d.alreadyStored)} redan tidigare, ${str(d.rejected)} avvisade` },
  'import.mapping': { name: 'Importens kolumnmappning sparad', describe: (d) => str(d.name) },
  'series.mapping': { name: 'Frågemappning mellan omgångar sparad', describe: (d) => `${str(d.from)} → ${str(d.to)}` },
};

const en: Record<string, EventText> = {
  'auth.login': { name: 'Sign-in' },
  'auth.login_failed': { name: 'Failed sign-in' },
  'auth.login_throttled': { name: 'Sign-in blocked after too many attempts' },
  'auth.logout': { name: 'Sign-out' },
  'user.create': { name: 'User created', describe: (d) => `role ${str(d.role)}${list(d.municipalities) ? `, municipalities ${list(d.municipalities)}` : ''}${list(d.areas) ? `, areas ${list(d.areas)}` : ''}` },
  'user.change_role': { name: 'User role changed', describe: (d) => `${str(d.from)} → ${str(d.to)}${list(d.municipalities) ? `, municipalities ${list(d.municipalities)}` : ''}${list(d.areas) ? `, areas ${list(d.areas)}` : ''}` },
  'user.disable': { name: 'User disabled' },
  'user.enable': { name: 'User enabled' },
  'user.reset_password': { name: 'Password changed' },
  'coding.codebook': { name: 'Codebook changed', describe: (d) => `${str(d.change)}${d.codes === undefined ? '' : `, ${str(d.codes)} codes`}${d.rows === undefined ? '' : `, ${str(d.rows)} rows`}` },
  'coding.bulk': { name: 'Answers coded by a search', describe: (d) => `${str(d.answers)} answers` },
  'coding.bulk_undo': { name: 'Search coding undone', describe: (d) => `${str(d.answers)} answers` },
  'coding.consensus': { name: 'Coding consensus recorded', describe: (d) => `${str(d.codes)} codes` },
  'population.load': { name: 'Population table loaded', describe: (d) => `${str(d.rows)} rows, ${str(d.total)} people in all` },
  'survey.lifecycle': { name: 'Survey state changed', describe: (d) => `state ${lifecycle(d)}` },
  'survey.published': { name: 'Survey published', describe: (d) => `version ${str(d.version)}${d.previousVersion ? ` (before ${str(d.previousVersion)})` : ''}: questions added ${str(d.added)}, removed ${str(d.removed)}, changed ${str(d.changed)}${list(d.breakingConfirmed) ? `; confirmed change that breaks comparability: ${list(d.breakingConfirmed)}` : ''}` },
  'survey.draft_deleted': { name: 'Survey draft deleted' },
  'survey.translations_imported': { name: 'Translations imported into the draft', describe: (d) => `${str(d.fileName)}: ${applied(d)}` },
  'link.create': { name: 'Links created', describe: (d) => `${str(d.count)}` },
  'link.invitations': { name: 'Invitations created', describe: (d) => `${str(d.count)}` },
  'link.invitations_csv': { name: 'Invitation list downloaded', describe: (d) => `${str(d.count)} invitations` },
  'link.close': { name: 'Link closed' },
  'link.reopen': { name: 'Link reopened' },
  'export.create': { name: 'File downloaded', describe: (d) => exported(d) },
  'housekeeping.sweep': { name: 'Housekeeping', describe: (d) => swept(d, { sessions: 'sessions', drafts: 'saved drafts', attempts: 'attempts', loginFailures: 'sign-in failures', auditEntries: 'old audit entries' }) },
  'retention.delete': { name: 'Retention period over: deleted', describe: (d) => `${str(d.count)} ${d.kind === 'invitations' ? 'invitations' : 'responses'}` },
  'retention.anonymise': { name: 'Retention period over: anonymised', describe: (d) => `${str(d.count)} responses` },
  'privacy.anonymise': { name: 'Responses anonymised in place', describe: (d) => `${str(d.responses)} responses, ${str(d.responsesChanged)} changed, ${str(d.texts)} open answers redacted, times to the ${d.timestamps === 'day' ? 'day' : 'week'}` },
  'privacy.redaction_review': { name: 'Proposed redactions reviewed', describe: (d) => `${str(d.accepted)} accepted, ${str(d.rejected)} rejected` },
  'rights.erase': { name: "Respondent's erasure request carried out", describe: (d) => `${d.outcome === 'anonymised' ? 'answer anonymised' : 'answer deleted'}, ${d.via === 'invitation' ? 'with the invitation link' : 'with the rights code'}` },
  'response.entry': { name: 'Answer entered', describe: (d) => `${channel('en', d.channel)}, municipality ${str(d.municipality)}, answer ${receipt(d.responseId)}${d.late === true ? ', late' : ''}` },
  'response.entry.correct': { name: 'Entered answer corrected', describe: (d) => `new answer ${receipt(d.responseId)} replaces answer ${receipt(d.replaces)}; ${channel('en', d.channel)}, municipality ${str(d.municipality)}` },
  'response.entry.void': { name: 'Entered answer voided', describe: (d) => `answer ${receipt(d.responseId)} removed from the results; ${channel('en', d.channel)}, municipality ${str(d.municipality)}` },
  'response.import': { name: 'Answers imported from a spreadsheet', describe: (d) => `${str(d.file)}: ${str(d.stored)} stored, ${str(d.alreadyStored)} already, ${str(d.rejected)} rejected` },
  'import.mapping': { name: 'Import mapping saved', describe: (d) => str(d.name) },
  'series.mapping': { name: 'Question mapping between waves saved', describe: (d) => `${str(d.from)} → ${str(d.to)}` },
};

const EVENTS: Record<AuditLanguage, Record<string, EventText>> = { fi, sv, en };

/** The event's name in the language; an unknown code (an older or newer server's) as itself. */
export function auditEventName(action: string, lang: AuditLanguage): string {
  return Object.hasOwn(EVENTS[lang], action) ? EVENTS[lang][action]!.name : action;
}

/**
 * The event's details as a sentence in the language. Details of an event without a sentence are
 * listed as `key: value` pairs rather than as JSON.
 */
export function auditEventDetails(action: string, details: Details, target: string | null, lang: AuditLanguage): string {
  const text = Object.hasOwn(EVENTS[lang], action) ? EVENTS[lang][action] : undefined;
  if (text?.describe) return text.describe(details, target);
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null && !Array.isArray(v) ? JSON.stringify(v) : str(v)}`)
    .join('; ');
}

/** Every event code the catalogue names, for the reader's event filter. */
export const AUDIT_EVENTS: readonly string[] = Object.keys(fi);
