// The rights page's and the thank-you page's rights texts: Finnish and plain Finnish (selkosuomi, in
// short sentences and everyday words) here, each other language's in its chunk (../languages/<code>.ts).
import { onLanguagePack, PLAIN_FINNISH, type Language } from '../i18n.tsx';
import type { RightsTexts } from './rights-texts.ts';

export type { RightsTexts };

const fi: RightsTexts = {
  nav: 'Omat vastaukseni',
  title: 'Katso tai poista vastauksesi',
  intro:
    'Kirjoita oikeuskoodi, jonka sait kyselyn lopussa. Näet, mitä vastasit, ja voit pyytää vastauksesi poistamista. Jos vastasit kutsulinkillä, voit liittää kutsulinkin koodin sijaan.',
  codeLabel: 'Oikeuskoodi tai kutsulinkki',
  codeHint: 'Esimerkiksi ABCD-EFGH-JKMN-PQRS-TVWX',
  show: 'Näytä vastaukseni',
  invalid: 'Koodissa on 20 kirjainta tai numeroa. Tarkista koodi tai liitä kutsulinkki.',
  notFound: 'Koodilla ei löytynyt vastausta. Tarkista koodi. Jo poistettua vastausta ei voi avata.',
  failed: 'Pyyntö ei onnistunut. Tarkista verkkoyhteys ja yritä uudelleen.',
  tooMany: 'Liian monta yritystä. Odota vartti ja yritä sitten uudelleen.',
  answeredOn: (when) => `Vastasit ${when}.`,
  yourAnswers: (title) => `Vastauksesi kyselyyn ${title}`,
  viaInvitation: 'Avasit vastauksen kutsulinkillä.',
  noAnswers: 'Vastauksessa ei ole näytettäviä vastauksia.',
  eraseTitle: 'Vastauksen poistaminen',
  eraseDelete: 'Voit pyytää, että vastauksesi poistetaan. Silloin se poistetaan kokonaan eikä se ole enää mukana tuloksissa.',
  eraseAnonymise:
    'Voit pyytää vastauksesi poistamista. Tämän kyselyn tietosuojaselosteen mukaan vastaus säilytetään tuloksissa anonyyminä: koodi ja kutsulinkki eivät enää johda siihen, eikä sitä voi yhdistää sinuun.',
  erase: 'Pyydä vastauksen poistamista',
  confirmTitle: 'Haluatko varmasti poistaa vastauksesi?',
  confirmDelete: 'Vastauksesi poistetaan pysyvästi. Poistoa ei voi perua.',
  confirmAnonymise: 'Vastauksestasi tehdään pysyvästi anonyymi. Tätä ei voi perua, etkä voi enää avata vastausta.',
  confirm: 'Kyllä, poista vastaukseni',
  cancel: 'Peruuta',
  erasing: 'Poistetaan…',
  erasedTitle: 'Pyyntösi on toteutettu',
  erasedDelete: 'Vastauksesi on poistettu. Se ei ole enää mukana tuloksissa.',
  erasedAnonymise: 'Vastauksesi on nyt anonyymi. Koodilla tai kutsulinkillä ei voi enää avata sitä.',
  otherRights: 'Muista oikeuksistasi kerrotaan kyselyn tietosuojaselosteessa.',
  thanksCodeTitle: 'Oikeuskoodi',
  thanksCodeHelp:
    'Tallenna tämä koodi tai kirjoita se muistiin. Sillä voit myöhemmin katsoa vastauksesi ja pyytää sen poistamista sivulla Omat vastaukseni. Koodia ei voi lähettää sinulle uudelleen, eikä kukaan muu tiedä sitä.',
  thanksCodeInvitation: 'Vastasit kutsulinkillä: myös kutsulinkillä voit katsoa ja poistaa vastauksesi.',
  copyCode: 'Kopioi koodi',
  codeCopied: 'Koodi kopioitu.',
  privacyLink: 'Tietosuojaseloste',
};

// Selkosuomi: short sentences, one thing at a time, everyday words (Selkokeskus's guidelines,
// https://selkokeskus.fi/selkokieli/selkokielen-mittari/).
const plainFinnish: RightsTexts = {
  ...fi,
  title: 'Katso tai poista vastauksesi',
  intro: 'Kirjoita koodi, jonka sait kyselyn lopussa. Näet, mitä vastasit. Voit myös pyytää, että vastauksesi poistetaan. Sait ehkä kutsulinkin. Voit käyttää myös sitä.',
  codeLabel: 'Koodi tai kutsulinkki',
  invalid: 'Koodissa on 20 kirjainta tai numeroa. Tarkista koodi.',
  notFound: 'Emme löytäneet vastausta tällä koodilla. Tarkista koodi. Poistettua vastausta et voi enää nähdä.',
  failed: 'Jokin meni vikaan. Tarkista, että netti toimii. Yritä sitten uudelleen.',
  tooMany: 'Yritit liian monta kertaa. Odota 15 minuuttia. Yritä sitten uudelleen.',
  viaInvitation: 'Avasit vastauksen kutsulinkillä.',
  eraseTitle: 'Poista vastaus',
  eraseDelete: 'Voit pyytää, että vastauksesi poistetaan. Silloin se poistetaan kokonaan. Sitä ei lasketa enää tuloksiin.',
  eraseAnonymise: 'Voit pyytää, että vastauksesi poistetaan. Vastaus jää tuloksiin. Kukaan ei voi kuitenkaan tietää, että se on sinun.',
  erase: 'Poista vastaukseni',
  confirmTitle: 'Haluatko varmasti poistaa vastauksesi?',
  confirmDelete: 'Vastaus poistetaan kokonaan. Et voi saada sitä takaisin.',
  confirmAnonymise: 'Kukaan ei voi enää tietää, että vastaus on sinun. Et voi enää itsekään nähdä sitä.',
  erasedTitle: 'Valmis',
  erasedDelete: 'Vastauksesi on poistettu. Sitä ei lasketa enää tuloksiin.',
  erasedAnonymise: 'Kukaan ei voi enää tietää, että vastaus on sinun. Koodi ei enää toimi.',
  otherRights: 'Tietosuojaselosteessa kerrotaan, mitä muita oikeuksia sinulla on.',
  thanksCodeTitle: 'Koodi omiin vastauksiin',
  thanksCodeHelp: 'Kirjoita tämä koodi muistiin. Koodilla voit myöhemmin katsoa vastauksesi. Voit myös poistaa vastauksesi. Vain sinä tiedät koodin. Emme voi antaa sitä uudelleen.',
  thanksCodeInvitation: 'Sait kutsulinkin. Voit käyttää myös sitä.',
};

/** Every language's rights texts: a chunk's once it has loaded (the page shows a language only then). */
export const RIGHTS_TEXTS = { fi, [PLAIN_FINNISH]: plainFinnish } as Record<Language, RightsTexts>;
onLanguagePack((language, pack) => {
  RIGHTS_TEXTS[language] = pack.rights;
});
