// The rights page's and the thank-you page's rights texts, in every language of the respondent's
// pages; plain Finnish (selkosuomi) in short sentences and everyday words.
import { PLAIN_FINNISH, type Language } from '../i18n.tsx';

export interface RightsTexts {
  nav: string;
  title: string;
  intro: string;
  codeLabel: string;
  codeHint: string;
  show: string;
  invalid: string;
  notFound: string;
  failed: string;
  tooMany: string;
  answeredOn: (when: string) => string;
  yourAnswers: (title: string) => string;
  viaInvitation: string;
  noAnswers: string;
  eraseTitle: string;
  eraseDelete: string;
  eraseAnonymise: string;
  erase: string;
  confirmTitle: string;
  confirmDelete: string;
  confirmAnonymise: string;
  confirm: string;
  cancel: string;
  erasing: string;
  erasedTitle: string;
  erasedDelete: string;
  erasedAnonymise: string;
  otherRights: string;
  // On the thank-you page
  thanksCodeTitle: string;
  thanksCodeHelp: string;
  thanksCodeInvitation: string;
  copyCode: string;
  codeCopied: string;
  privacyLink: string;
}

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

const sv: RightsTexts = {
  nav: 'Mina svar',
  title: 'Se eller radera ditt svar',
  intro:
    'Skriv rättighetskoden som du fick i slutet av enkäten. Du ser vad du svarade och kan begära att ditt svar raderas. Om du svarade via en inbjudningslänk kan du klistra in länken i stället för koden.',
  codeLabel: 'Rättighetskod eller inbjudningslänk',
  codeHint: 'Till exempel ABCD-EFGH-JKMN-PQRS-TVWX',
  show: 'Visa mitt svar',
  invalid: 'Koden har 20 bokstäver eller siffror. Kontrollera koden eller klistra in inbjudningslänken.',
  notFound: 'Inget svar hittades med koden. Kontrollera koden. Ett svar som redan raderats kan inte öppnas.',
  failed: 'Begäran lyckades inte. Kontrollera nätförbindelsen och försök igen.',
  tooMany: 'För många försök. Vänta en kvart och försök sedan igen.',
  answeredOn: (when) => `Du svarade ${when}.`,
  yourAnswers: (title) => `Ditt svar på enkäten ${title}`,
  viaInvitation: 'Du öppnade svaret med inbjudningslänken.',
  noAnswers: 'Svaret innehåller inga svar att visa.',
  eraseTitle: 'Radera svaret',
  eraseDelete: 'Du kan begära att ditt svar raderas. Det raderas då helt och ingår inte längre i resultaten.',
  eraseAnonymise:
    'Du kan begära att ditt svar raderas. Enligt enkätens dataskyddsbeskrivning behålls svaret anonymt i resultaten: koden och inbjudningslänken leder inte längre till det, och det kan inte kopplas till dig.',
  erase: 'Begär att svaret raderas',
  confirmTitle: 'Vill du verkligen radera ditt svar?',
  confirmDelete: 'Ditt svar raderas permanent. Det går inte att ångra.',
  confirmAnonymise: 'Ditt svar görs permanent anonymt. Det går inte att ångra, och du kan inte längre öppna svaret.',
  confirm: 'Ja, radera mitt svar',
  cancel: 'Avbryt',
  erasing: 'Raderar…',
  erasedTitle: 'Din begäran har verkställts',
  erasedDelete: 'Ditt svar har raderats. Det ingår inte längre i resultaten.',
  erasedAnonymise: 'Ditt svar är nu anonymt. Det kan inte längre öppnas med koden eller inbjudningslänken.',
  otherRights: 'Om dina andra rättigheter berättar enkätens dataskyddsbeskrivning.',
  thanksCodeTitle: 'Rättighetskod',
  thanksCodeHelp:
    'Spara koden eller skriv upp den. Med den kan du senare se ditt svar och begära att det raderas på sidan Mina svar. Koden kan inte skickas till dig på nytt, och ingen annan känner till den.',
  thanksCodeInvitation: 'Du svarade via en inbjudningslänk: också med länken kan du se och radera ditt svar.',
  copyCode: 'Kopiera koden',
  codeCopied: 'Koden har kopierats.',
  privacyLink: 'Dataskyddsbeskrivning',
};

const en: RightsTexts = {
  nav: 'My answers',
  title: 'See or erase your answer',
  intro:
    'Type the rights code you were given at the end of the survey. You will see what you answered and can ask for your answer to be erased. If you answered through an invitation link, you can paste the link instead of the code.',
  codeLabel: 'Rights code or invitation link',
  codeHint: 'For example ABCD-EFGH-JKMN-PQRS-TVWX',
  show: 'Show my answer',
  invalid: 'The code has 20 letters or digits. Check the code, or paste the invitation link.',
  notFound: 'No answer was found with this code. Check the code. An answer already erased cannot be opened.',
  failed: 'The request did not succeed. Check your connection and try again.',
  tooMany: 'Too many tries. Wait a quarter of an hour and try again.',
  answeredOn: (when) => `You answered on ${when}.`,
  yourAnswers: (title) => `Your answer to ${title}`,
  viaInvitation: 'You opened the answer with your invitation link.',
  noAnswers: 'The answer holds nothing to show.',
  eraseTitle: 'Erasing your answer',
  eraseDelete: 'You can ask for your answer to be erased. It is then deleted completely and no longer counts in the results.',
  eraseAnonymise:
    "You can ask for your answer to be erased. As this survey's privacy notice says, the answer is kept anonymised in the results: the code and the invitation link no longer lead to it, and it cannot be linked to you.",
  erase: 'Ask for my answer to be erased',
  confirmTitle: 'Do you really want to erase your answer?',
  confirmDelete: 'Your answer will be deleted for good. This cannot be undone.',
  confirmAnonymise: 'Your answer will be made anonymous for good. This cannot be undone, and you will not be able to open it again.',
  confirm: 'Yes, erase my answer',
  cancel: 'Cancel',
  erasing: 'Erasing…',
  erasedTitle: 'Your request has been carried out',
  erasedDelete: 'Your answer has been deleted. It no longer counts in the results.',
  erasedAnonymise: 'Your answer is now anonymous. The code or the invitation link can no longer open it.',
  otherRights: "Your other rights are described in the survey's privacy notice.",
  thanksCodeTitle: 'Rights code',
  thanksCodeHelp:
    'Save this code or write it down. With it you can later see your answer and ask for it to be erased on the page My answers. The code cannot be sent to you again, and nobody else knows it.',
  thanksCodeInvitation: 'You answered through an invitation link: the link, too, lets you see and erase your answer.',
  copyCode: 'Copy the code',
  codeCopied: 'The code has been copied.',
  privacyLink: 'Privacy notice',
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

// Modern Standard Arabic; awaits review by a professional translator. Codes and the page's Finnish
// name stay left-to-right inside the Arabic sentences (isolated with U+2066…U+2069).
const ar: RightsTexts = {
  nav: 'إجاباتي',
  title: 'اطّلع على إجابتك أو احذفها',
  intro:
    'اكتب رمز الحقوق الذي حصلت عليه في نهاية الاستبيان. سترى ما أجبت به، ويمكنك أن تطلب حذف إجابتك. إذا أجبت عبر رابط دعوة، يمكنك لصق رابط الدعوة بدلًا من الرمز.',
  codeLabel: 'رمز الحقوق أو رابط الدعوة',
  codeHint: 'مثال: \u2066ABCD-EFGH-JKMN-PQRS-TVWX\u2069',
  show: 'اعرض إجابتي',
  invalid: 'يتكوّن الرمز من 20 حرفًا أو رقمًا. تحقّق من الرمز أو الصق رابط الدعوة.',
  notFound: 'لم يُعثر على إجابة بهذا الرمز. تحقّق من الرمز. لا يمكن فتح إجابة حُذفت من قبل.',
  failed: 'لم ينجح الطلب. تحقّق من اتصالك بالإنترنت وحاول مرة أخرى.',
  tooMany: 'محاولات كثيرة جدًا. انتظر ربع ساعة ثم حاول مرة أخرى.',
  answeredOn: (when) => `أجبت في \u2068${when}\u2069.`,
  yourAnswers: (title) => `إجابتك عن الاستبيان \u2068${title}\u2069`,
  viaInvitation: 'فتحت الإجابة عبر رابط الدعوة.',
  noAnswers: 'لا تحتوي الإجابة على إجابات يمكن عرضها.',
  eraseTitle: 'حذف الإجابة',
  eraseDelete: 'يمكنك أن تطلب حذف إجابتك. عندها تُحذف بالكامل ولا تعود جزءًا من النتائج.',
  eraseAnonymise:
    'يمكنك أن تطلب حذف إجابتك. وفقًا لإشعار الخصوصية لهذا الاستبيان، تبقى الإجابة في النتائج مجهولة الهوية: لا يعود الرمز ولا رابط الدعوة يؤديان إليها، ولا يمكن ربطها بك.',
  erase: 'اطلب حذف الإجابة',
  confirmTitle: 'هل تريد حقًا حذف إجابتك؟',
  confirmDelete: 'ستُحذف إجابتك نهائيًا. لا يمكن التراجع عن الحذف.',
  confirmAnonymise: 'ستصبح إجابتك مجهولة الهوية نهائيًا. لا يمكن التراجع عن ذلك، ولن تتمكن من فتح الإجابة بعد الآن.',
  confirm: 'نعم، احذف إجابتي',
  cancel: 'إلغاء',
  erasing: 'جارٍ الحذف…',
  erasedTitle: 'نُفّذ طلبك',
  erasedDelete: 'حُذفت إجابتك. لم تعد جزءًا من النتائج.',
  erasedAnonymise: 'أصبحت إجابتك الآن مجهولة الهوية. لم يعد بالإمكان فتحها بالرمز أو برابط الدعوة.',
  otherRights: 'حقوقك الأخرى موضّحة في إشعار الخصوصية الخاص بالاستبيان.',
  thanksCodeTitle: 'رمز الحقوق',
  thanksCodeHelp:
    'احفظ هذا الرمز أو دوّنه. يمكنك به لاحقًا الاطلاع على إجابتك وطلب حذفها في صفحة «إجاباتي». لا يمكن إرسال الرمز إليك مرة أخرى، ولا يعرفه أحد غيرك.',
  thanksCodeInvitation: 'أجبت عبر رابط دعوة: يمكنك أيضًا برابط الدعوة الاطلاع على إجابتك وحذفها.',
  copyCode: 'انسخ الرمز',
  codeCopied: 'نُسخ الرمز.',
  privacyLink: 'إشعار الخصوصية',
};

export const RIGHTS_TEXTS: Record<Language, RightsTexts> = { fi, sv, en, [PLAIN_FINNISH]: plainFinnish, ar };
