/**
 * What an error says to a person, in Finnish, Swedish or English, keyed by the error's `code`.
 * The API's `detail` keeps the specific English sentence a developer needs (which field, which
 * value); `message` is one of these, safe to show on a page. A new code needs its three texts
 * here: test/api/error-shape.test.ts scans the server's source and fails on a code without them.
 */

export const ERROR_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type ErrorLanguage = (typeof ERROR_LANGUAGES)[number];
type Texts = Readonly<Record<ErrorLanguage, string>>;

export const ERROR_TEXTS: Readonly<Record<string, Texts>> = {
  // The request itself: Fastify's parsing, the route schemas, the body checks.
  invalid_request: {
    fi: 'Pyyntö ei kelpaa: jokin kenttä puuttuu tai sen arvo on väärä.',
    sv: 'Begäran är ogiltig: något fält saknas eller har ett felaktigt värde.',
    en: 'The request is not valid: a field is missing or has a wrong value.',
  },
  bad_request: { fi: 'Pyyntö ei kelpaa.', sv: 'Begäran är ogiltig.', en: 'The request is not valid.' },
  malformed_json: {
    fi: 'Pyynnön sisältö ei ole kelvollista JSONia.',
    sv: 'Begärans innehåll är inte giltig JSON.',
    en: 'The request body is not valid JSON.',
  },
  body_too_large: { fi: 'Pyyntö on liian suuri.', sv: 'Begäran är för stor.', en: 'The request is too large.' },
  unsupported_media_type: {
    fi: 'Pyynnön sisältötyyppiä ei hyväksytä tässä.',
    sv: 'Begärans innehållstyp godtas inte här.',
    en: 'The content type of the request is not accepted here.',
  },
  invalid_content_length: {
    fi: 'Pyynnön pituustieto ei vastaa sen sisältöä.',
    sv: 'Begärans längduppgift stämmer inte med innehållet.',
    en: 'The length of the request does not match its body.',
  },
  nul_character: {
    fi: 'Pyynnössä on NUL-merkki, jota ei hyväksytä.',
    sv: 'Begäran innehåller ett NUL-tecken, som inte godtas.',
    en: 'The request contains a NUL character, which is not accepted.',
  },
  json_too_deep: {
    fi: 'Pyynnön sisällössä on liian monta sisäkkäistä tasoa.',
    sv: 'Begärans innehåll har för många nivåer i varandra.',
    en: 'The request body is nested too deeply.',
  },
  too_many_requests: {
    fi: 'Liian monta pyyntöä. Odota hetki ja yritä uudelleen.',
    sv: 'För många förfrågningar. Vänta en stund och försök igen.',
    en: 'Too many requests. Please wait a moment and try again.',
  },
  not_found: { fi: 'Tästä osoitteesta ei löydy mitään.', sv: 'Det finns inget på den här adressen.', en: 'There is nothing at this address.' },
  internal_error: {
    fi: 'Palvelussa tapahtui virhe. Yritä myöhemmin uudelleen.',
    sv: 'Ett fel uppstod i tjänsten. Försök igen senare.',
    en: 'Something went wrong on our side. Please try again later.',
  },

  // Signing in and access.
  not_signed_in: { fi: 'Kirjaudu ensin sisään.', sv: 'Logga in först.', en: 'Please sign in first.' },
  invalid_credentials: {
    fi: 'Sähköpostiosoite tai salasana on väärin.',
    sv: 'E-postadressen eller lösenordet är fel.',
    en: 'The e-mail address or the password is wrong.',
  },
  too_many_attempts: {
    fi: 'Liian monta epäonnistunutta kirjautumista. Odota ennen kuin yrität uudelleen.',
    sv: 'För många misslyckade inloggningar. Vänta innan du försöker igen.',
    en: 'Too many failed sign-ins. Please wait before trying again.',
  },
  cross_origin: { fi: 'Kirjaudu sisään palvelun omalla sivulla.', sv: 'Logga in på tjänstens egen sida.', en: 'Please sign in on this service’s own page.' },
  csrf_token_invalid: {
    fi: 'Sivun suojaustunniste puuttuu tai on vanhentunut. Lataa sivu uudelleen ja yritä uudestaan.',
    sv: 'Sidans säkerhetstoken saknas eller är föråldrad. Ladda om sidan och försök igen.',
    en: 'The page’s security token is missing or out of date. Reload the page and try again.',
  },
  forbidden: { fi: 'Roolisi ei salli tätä.', sv: 'Din roll tillåter inte detta.', en: 'Your role does not allow this.' },
  outside_scope: {
    fi: 'Nämä tulokset ovat sinulle sallittujen kuntien tai alueiden ulkopuolella.',
    sv: 'De här resultaten ligger utanför de kommuner eller områden du får se.',
    en: 'These results are outside the municipalities or areas you may see.',
  },

  // Accounts.
  user_not_found: { fi: 'Käyttäjätiliä ei löydy.', sv: 'Användarkontot finns inte.', en: 'The user account does not exist.' },
  invalid_email: { fi: 'Sähköpostiosoite ei kelpaa.', sv: 'E-postadressen är ogiltig.', en: 'The e-mail address is not valid.' },
  weak_password: { fi: 'Salasana on liian heikko.', sv: 'Lösenordet är för svagt.', en: 'The password is too weak.' },
  email_taken: {
    fi: 'Tällä sähköpostiosoitteella on jo tili.',
    sv: 'Det finns redan ett konto med den här e-postadressen.',
    en: 'An account with this e-mail address exists already.',
  },
  invalid_scope: {
    fi: 'Kunnat tai alueet eivät sovi tähän rooliin.',
    sv: 'Kommunerna eller områdena passar inte den här rollen.',
    en: 'The municipalities or areas do not fit this role.',
  },
  cannot_lock_out_self: {
    fi: 'Et voi poistaa käytöstä omaa tiliäsi etkä alentaa sen roolia.',
    sv: 'Du kan inte inaktivera ditt eget konto eller sänka dess roll.',
    en: 'You cannot disable your own account or lower its role.',
  },

  // Surveys, answers and their lifecycle.
  survey_not_found: { fi: 'Kyselyä ei löydy.', sv: 'Enkäten finns inte.', en: 'The survey does not exist.' },
  // Authoring surveys in the browser.
  survey_draft_not_found: { fi: 'Luonnosta ei löydy.', sv: 'Utkastet finns inte.', en: 'The draft does not exist.' },
  survey_draft_exists: {
    fi: 'Kyselystä on jo luonnos: avaa se tai poista se ensin.',
    sv: 'Det finns redan ett utkast av enkäten: öppna det eller ta bort det först.',
    en: 'A draft of this survey exists already: open it, or delete it first.',
  },
  survey_id_taken: {
    fi: 'Tällä tunnuksella on jo kysely: muokkaa sitä tai valitse uudelle kyselylle toinen tunnus.',
    sv: 'Det finns redan en enkät med den här beteckningen: redigera den eller välj en annan beteckning.',
    en: 'A survey with this id exists already: edit it, or choose another id.',
  },
  survey_draft_changed: {
    fi: 'Luonnosta on tallennettu muualla sillä välin: lataa se uudelleen ennen tallennusta.',
    sv: 'Utkastet har sparats någon annanstans under tiden: ladda om det innan du sparar.',
    en: 'The draft was saved elsewhere meanwhile: reload it before saving.',
  },
  survey_draft_invalid: {
    fi: 'Luonnosta ei voi julkaista: korjaa tarkistuksen löytämät virheet.',
    sv: 'Utkastet kan inte publiceras: rätta felen som kontrollen hittade.',
    en: 'The draft cannot be published: fix what the checks found.',
  },
  translations_invalid: {
    fi: 'Käännöstiedostoa ei otettu käyttöön: siinä on virheitä (ne luetellaan riveittäin ja sarakkeittain), eikä mitään muutettu.',
    sv: 'Översättningsfilen togs inte i bruk: den har fel (de listas per rad och kolumn), och ingenting ändrades.',
    en: 'The translations file was not applied: it has problems (listed by row and column), and nothing was changed.',
  },
  upload_invalid: {
    fi: 'Tiedostosta ei voi tehdä kyselyä: se ei ole kelvollinen SurveyJS- tai Kuulo-kyselytiedosto.',
    sv: 'Filen kan inte bli en enkät: den är inte en giltig SurveyJS- eller Kuulo-enkätfil.',
    en: 'The file cannot become a survey: it is not a valid SurveyJS or Kuulo survey file.',
  },
  survey_from_file: {
    fi: 'Kysely tulee palvelimen kyselykansion tiedostosta, joka ohittaa selaimessa tehdyt muutokset: lataa luonnos ja korvaa tiedosto, tai kopioi kysely uudelle tunnukselle.',
    sv: 'Enkäten kommer från en fil i serverns enkätmapp, som går före ändringar i webbläsaren: ladda ner utkastet och ersätt filen, eller kopiera enkäten till en ny beteckning.',
    en: 'The survey comes from a file in the server\'s surveys folder, which wins over the browser: download the draft and replace the file, or copy it to a new id.',
  },
  confirmation_needed: {
    fi: 'Julkaisu muuttaa aiempien vastausten merkitystä, eikä tuloksia voi enää verrata versioiden välillä: vahvista muutos.',
    sv: 'Publiceringen ändrar vad tidigare svar betyder, och resultaten kan inte längre jämföras mellan versionerna: bekräfta ändringen.',
    en: 'Publishing changes what earlier answers mean, so results are no longer comparable across versions: confirm the change.',
  },
  survey_draft: { fi: 'Kyselyä ei ole vielä julkaistu.', sv: 'Enkäten har inte publicerats ännu.', en: 'The survey has not been published yet.' },
  survey_not_yet_open: { fi: 'Kysely ei ole vielä avautunut.', sv: 'Enkäten har inte öppnats ännu.', en: 'The survey is not open yet.' },
  survey_closed: {
    fi: 'Kysely on sulkeutunut eikä ota enää vastauksia.',
    sv: 'Enkäten är stängd och tar inte längre emot svar.',
    en: 'The survey is closed and takes no more answers.',
  },
  survey_full: {
    fi: 'Kysely on jo saanut kaikki vastaukset, jotka se ottaa.',
    sv: 'Enkäten har redan fått alla svar den tar emot.',
    en: 'The survey has already received all the answers it takes.',
  },
  invalid_answers: { fi: 'Osa vastauksista on tarkistettava.', sv: 'Några svar behöver kontrolleras.', en: 'Some answers need to be checked.' },
  unknown_version: {
    fi: 'Kyselystä ei ole tätä versiota. Lataa sivu uudelleen.',
    sv: 'Enkäten har ingen sådan version. Ladda om sidan.',
    en: 'The survey has no such version. Please reload the page.',
  },
  response_id_reused: {
    fi: 'Tällä tunnisteella on jo tallennettu eri vastaukset.',
    sv: 'Andra svar har redan sparats med den här identifieraren.',
    en: 'Different answers have already been stored under this identifier.',
  },
  unknown_municipality: {
    fi: 'Kunta ei ole hyvinvointialueen kunta.',
    sv: 'Kommunen hör inte till välfärdsområdet.',
    en: 'The municipality is not one of the county’s.',
  },
  invalid_times: {
    fi: 'Sulkeutumisajan on oltava avautumisajan jälkeen.',
    sv: 'Stängningstiden måste vara efter öppningstiden.',
    en: 'The closing time must be after the opening time.',
  },

  // Links, invitations and saved answers.
  link_not_found: { fi: 'Linkkiä ei ole olemassa.', sv: 'Länken finns inte.', en: 'This link does not exist.' },
  link_closed: { fi: 'Linkki on suljettu.', sv: 'Länken är stängd.', en: 'This link is closed.' },
  link_wrong_survey: { fi: 'Linkki kuuluu toiseen kyselyyn.', sv: 'Länken hör till en annan enkät.', en: 'This link belongs to another survey.' },
  invitation_used: { fi: 'Tähän kutsuun on jo vastattu.', sv: 'Den här inbjudan har redan besvarats.', en: 'This invitation has already been answered.' },
  municipality_mismatch: {
    fi: 'Vastauksen kunta on eri kuin linkin kunta.',
    sv: 'Kommunen i svaret är en annan än länkens kommun.',
    en: 'The municipality answered differs from the link’s municipality.',
  },
  // A planner's own entries: correcting and voiding them.
  entry_not_found: {
    fi: 'Tallennettua vastausta ei löydy: se on ehkä jo mitätöity tai korjattu.',
    sv: 'Det inmatade svaret finns inte: det kan redan ha makulerats eller rättats.',
    en: 'The entered answer was not found: it may have been voided or corrected already.',
  },
  not_your_entry: {
    fi: 'Vain vastauksen tallentaja voi korjata tai mitätöidä sen.',
    sv: 'Endast den som matade in svaret kan rätta eller makulera det.',
    en: 'Only the person who entered the answer may correct or void it.',
  },
  entry_not_stored: {
    fi: 'Vastaus on jo mitätöity tai korjattu, joten sitä ei voi enää muuttaa.',
    sv: 'Svaret har redan makulerats eller rättats och kan inte längre ändras.',
    en: 'The answer has been voided or corrected already, so it can no longer be changed.',
  },
  correction_same_id: {
    fi: 'Korjaus tallennetaan uutena vastauksena, ja sillä on oltava oma tunnisteensa.',
    sv: 'En rättelse sparas som ett nytt svar och måste ha en egen identifierare.',
    en: 'A correction is stored as a new answer and needs an id of its own.',
  },
  draft_not_found: {
    fi: 'Tällä koodilla ei löytynyt tallennettuja vastauksia.',
    sv: 'Inga sparade svar hittades med den här koden.',
    en: 'No saved answers were found with this code.',
  },
  draft_expired: { fi: 'Tallennetut vastaukset ovat vanhentuneet.', sv: 'De sparade svaren har gått ut.', en: 'The saved answers have expired.' },
  page_out_of_range: {
    fi: 'Kyselyssä ei ole tätä sivua.',
    sv: 'Enkäten har ingen sådan sida.',
    en: 'The survey has no such page.',
  },
  draft_too_large: {
    fi: 'Vastaukset ovat liian pitkät tallennettaviksi.',
    sv: 'Svaren är för långa för att sparas.',
    en: 'The answers are too long to be saved.',
  },

  // Results and exports.
  question_not_found: { fi: 'Kyselyssä ei ole tällaista kysymystä.', sv: 'Enkäten har ingen sådan fråga.', en: 'The survey has no such question.' },
  invalid_filter: { fi: 'Rajaus ei kelpaa.', sv: 'Avgränsningen är ogiltig.', en: 'A filter is not valid.' },
  place_not_filterable: { fi: 'Asuinkunnan kysymys ei voi olla rajaus: kunnittaiset tulokset saa ryhmittelyllä tai vertailulla.', sv: 'Frågan om hemkommun kan inte vara en avgränsning: resultat per kommun fås med gruppering eller jämförelse.', en: 'The place question cannot be a filter: results by place come from grouping or comparison.' },
  place_not_crosstabulable: { fi: 'Asuinkunnan kysymystä ei voi ristiintaulukoida: kunnittaiset tulokset saa ryhmittelyllä tai vertailulla.', sv: 'Frågan om hemkommun kan inte korstabuleras: resultat per kommun fås med gruppering eller jämförelse.', en: 'The place question cannot be cross-tabulated: results by place come from grouping or comparison.' },
  filter_too_fine: { fi: 'Rajaus jakaisi vastaajat liian pieniin ryhmiin jossakin kunnassa; valitse laajempi rajaus.', sv: 'Avgränsningen skulle dela svararna i för små grupper i någon kommun; välj en bredare avgränsning.', en: 'The filter would split the respondents into too small groups in some place; choose a broader filter.' },
  invalid_channel: { fi: 'Vastauskanavaa ei tunneta.', sv: 'Svarskanalen är okänd.', en: 'The response channel is not known.' },
  invalid_date: { fi: 'Päivämäärä ei kelpaa.', sv: 'Datumet är ogiltigt.', en: 'A date is not valid.' },
  invalid_compare: {
    fi: 'Vertailussa on tuntematon kunta tai alue.',
    sv: 'Jämförelsen nämner en okänd kommun eller ett okänt område.',
    en: 'The comparison names an unknown municipality or area.',
  },
  invalid_group: {
    fi: 'Ryhmä ei ole tunnettu kunta tai alue.',
    sv: 'Gruppen är ingen känd kommun eller inget känt område.',
    en: 'The group is not a known municipality or area.',
  },
  group_suppressed: {
    fi: 'Ryhmä on liian pieni, jotta sen vastaukset voisi viedä erikseen.',
    sv: 'Gruppen är för liten för att dess svar ska kunna exporteras separat.',
    en: 'This group is too small for its responses to be exported on their own.',
  },
  cannot_protect: {
    fi: 'Taulukkoa ei voi näyttää paljastamatta pientä ryhmää. Muuta rajauksia.',
    sv: 'Tabellen kan inte visas utan att en liten grupp avslöjas. Ändra avgränsningarna.',
    en: 'This table cannot be shown without revealing a small group. Change the filters.',
  },
  not_chartable: { fi: 'Avoimesta kysymyksestä ei voi tehdä kuviota.', sv: 'En öppen fråga kan inte visas som diagram.', en: 'An open question cannot be drawn as a chart.' },
  not_tabulable: { fi: 'Tätä kysymystä ei voi esittää taulukkona.', sv: 'Den här frågan kan inte visas som tabell.', en: 'This question cannot be shown as a table.' },
  not_crosstabulable: {
    fi: 'Näitä kysymyksiä ei voi ristiintaulukoida.',
    sv: 'De här frågorna kan inte korstabuleras.',
    en: 'These questions cannot be cross-tabulated.',
  },
  not_open_text: { fi: 'Kysymys ei ole avoin kysymys.', sv: 'Frågan är inte en öppen fråga.', en: 'This is not an open question.' },
  no_questions: { fi: 'Valitse vähintään yksi kysymys.', sv: 'Välj minst en fråga.', en: 'Choose at least one question.' },
  too_many_questions: { fi: 'Yhteen tiedostoon on valittu liian monta kysymystä.', sv: 'För många frågor har valts för en fil.', en: 'Too many questions were chosen for one file.' },
  invalid_batch: {
    fi: 'Tiedostosarjaa ei voi tehdä näillä valinnoilla.',
    sv: 'Filserien kan inte göras med de här valen.',
    en: 'This series of files cannot be made with these choices.',
  },

  results_preparing: {
    fi: 'Tuloksia valmistellaan. Yritä hetken kuluttua uudelleen.',
    sv: 'Resultaten förbereds. Försök igen om en stund.',
    en: 'The results are being prepared. Try again in a moment.',
  },

  // Weighting.
  invalid_population: { fi: 'Väestötaulukko ei kelpaa.', sv: 'Befolkningstabellen är ogiltig.', en: 'The population table is not valid.' },
  population_incomplete: { fi: 'Väestötaulukosta puuttuu kuntia.', sv: 'Befolkningstabellen saknar några kommuner.', en: 'The population table lacks some municipalities.' },
  nothing_to_weight: {
    fi: 'Yhdessäkään vastauksessa ei ole hyvinvointialueen kuntaa, joten painotettavaa ei ole.',
    sv: 'Inget svar har en kommun i välfärdsområdet, så det finns inget att vikta.',
    en: 'No response has a municipality of the county, so there is nothing to weight.',
  },
  cannot_weight: {
    fi: 'Vastauksia ei voi painottaa tällä väestötaulukolla.',
    sv: 'Svaren kan inte viktas med den här befolkningstabellen.',
    en: 'The responses cannot be weighted with this population table.',
  },

  // Coding open answers.
  codebook_not_found: { fi: 'Koodikirjaa ei löydy.', sv: 'Kodboken finns inte.', en: 'The codebook was not found.' },
  codebook_exists: { fi: 'Kysymyksellä on jo koodikirja.', sv: 'Frågan har redan en kodbok.', en: 'The question has a codebook already.' },
  code_not_found: { fi: 'Koodia ei löydy tästä koodikirjasta.', sv: 'Koden finns inte i den här kodboken.', en: 'The code is not in this codebook.' },
  code_name_taken: { fi: 'Koodikirjassa on jo samanniminen koodi.', sv: 'Kodboken har redan en kod med samma namn.', en: 'The codebook has a code of that name already.' },
  code_merged: { fi: 'Koodi on yhdistetty toiseen koodiin; muokkaa sitä.', sv: 'Koden har slagits ihop med en annan kod; ändra den i stället.', en: 'The code was merged into another code; change that one instead.' },
  invalid_merge: { fi: 'Koodeja ei voi yhdistää näin.', sv: 'Koderna kan inte slås ihop så här.', en: 'The codes cannot be merged this way.' },
  invalid_codebook_file: { fi: 'Koodikirjatiedosto ei kelpaa; virheelliset rivit on nimetty.', sv: 'Kodboksfilen är ogiltig; de felaktiga raderna är angivna.', en: 'The codebook file is not valid; the wrong rows are named.' },
  answer_not_found: { fi: 'Vastausta ei löydy.', sv: 'Svaret finns inte.', en: 'The answer was not found.' },
  unknown_code: { fi: 'Koodi ei kuulu tähän koodikirjaan tai se on yhdistetty toiseen.', sv: 'Koden hör inte till den här kodboken eller har slagits ihop med en annan.', en: 'The code is not in this codebook, or was merged into another.' },
  no_codes: { fi: 'Valitse vähintään yksi koodi, merkitse vastaus koodaamattomaksi tai ohita se.', sv: 'Välj minst en kod, markera svaret som ej kodbart eller hoppa över det.', en: 'Choose at least one code, mark the answer not codable, or skip it.' },
  codes_with_status: { fi: 'Koodaamattomaksi merkitylle tai ohitetulle vastaukselle ei anneta koodeja.', sv: 'Ett svar som markerats ej kodbart eller hoppats över får inga koder.', en: 'An answer marked not codable or skipped carries no codes.' },
  invalid_search: { fi: 'Haussa ei ole yhtään sanaa.', sv: 'Sökningen innehåller inga ord.', en: 'The search has no words.' },
  bulk_not_found: { fi: 'Joukkokoodausta ei löydy.', sv: 'Masskodningen finns inte.', en: 'The bulk coding was not found.' },
  bulk_undone: { fi: 'Joukkokoodaus on jo peruttu.', sv: 'Masskodningen har redan ångrats.', en: 'The bulk coding was undone already.' },
  sample_not_found: { fi: 'Otosta ei löydy.', sv: 'Urvalet finns inte.', en: 'The sample was not found.' },
  not_a_coder: { fi: 'Et ole tämän otoksen koodaaja.', sv: 'Du är inte kodare för det här urvalet.', en: 'You are not a coder of this sample.' },
  invalid_coder: { fi: 'Koodaajaksi voi valita vain aktiivisen analyytikon tai pääkäyttäjän.', sv: 'Endast en aktiv analytiker eller administratör kan väljas som kodare.', en: 'Only an active analyst or admin can be a coder.' },
  nothing_to_sample: { fi: 'Kysymykseen ei ole vielä vastauksia.', sv: 'Frågan har inga svar ännu.', en: 'The question has no answers yet.' },
  coding_in_progress: { fi: 'Kaikki koodaajat eivät ole vielä valmiita; heidän koodinsa pysyvät sokkoina siihen asti.', sv: 'Alla kodare är inte klara ännu; deras koder förblir dolda tills dess.', en: 'Not every coder has finished yet; their codes stay blind until then.' },
  sample_locked: { fi: 'Vastaus kuuluu otokseen, jonka kaikki koodaajat ovat jo koodanneet; lopullisen koodin päättää konsensus.', sv: 'Svaret hör till ett urval som alla kodare redan har kodat; den slutliga koden bestäms i konsensus.', en: 'The answer is in a sample every coder has finished; the consensus decides its final code.' },

  // The database cannot be reached or is locked; the same request may succeed in a moment.
  database_unavailable: {
    fi: 'Tietokanta ei ole juuri nyt käytettävissä. Yritä hetken kuluttua uudelleen.',
    sv: 'Databasen är inte tillgänglig just nu. Försök igen om en stund.',
    en: 'The database is not available right now. Please try again in a moment.',
  },
  // A survey opens only with a complete privacy notice (server/surveys/envelope.ts); `detail` names what is missing.
  privacy_notice_incomplete: {
    fi: 'Kyselyä ei voi avata, koska sen tietosuojaselosteesta puuttuu tietoja.',
    sv: 'Enkäten kan inte öppnas eftersom dess dataskyddsbeskrivning saknar uppgifter.',
    en: 'The survey cannot be opened because its privacy notice is incomplete.',
  },
  // Coding open answers.
  code_in_use: {
    fi: 'Koodia on jo käytetty, joten sitä ei voi poistaa: yhdistä se toiseen koodiin, jolloin sen koodaukset säilyvät.',
    sv: 'Koden används redan och kan inte tas bort: slå ihop den med en annan kod, så behålls dess kodningar.',
    en: 'The code is in use and cannot be deleted: merge it into another code instead, which keeps its assignments.',
  },
  not_coded: {
    fi: 'Kysymystä ei ole koodattu: sitaatteja saa vain koodatun avoimen kysymyksen teemoista.',
    sv: 'Frågan är inte kodad: citat finns bara för en kodad öppen frågas teman.',
    en: 'The question is not coded: quotes come only from a coded open question\'s themes.',
  },
  // Respondents' rights and anonymisation for research use.
  invalid_rights_code: {
    fi: 'Koodi ei ole oikean muotoinen: se on 20 kirjainta ja numeroa (XXXX-XXXX-XXXX-XXXX-XXXX) tai vastaamasi kutsun linkki.',
    sv: 'Koden har fel form: den består av 20 bokstäver och siffror (XXXX-XXXX-XXXX-XXXX-XXXX) eller är länken i inbjudan du svarade på.',
    en: 'The code is not in the right form: it is 20 letters and digits (XXXX-XXXX-XXXX-XXXX-XXXX), or the link of the invitation you answered.',
  },
  rights_code_not_found: {
    fi: 'Tällä koodilla ei löydy vastausta. Tarkista koodi; jo poistettua vastausta ei voi avata.',
    sv: 'Inget svar hittas med den här koden. Kontrollera koden; ett svar som redan raderats kan inte öppnas.',
    en: 'No answer opens with this code. Check the code; an answer already erased cannot be opened.',
  },
  unknown_redaction: {
    fi: 'Kaikkia arvioituja peittoehdotuksia ei löydy tästä kyselystä.',
    sv: 'Alla granskade maskeringsförslag finns inte i den här enkäten.',
    en: 'Some of the reviewed redaction proposals do not exist in this survey.',
  },
  invalid_k: { fi: 'Luvun k on oltava kokonaisluku väliltä 2–1000.', sv: 'Talet k måste vara ett heltal mellan 2 och 1000.', en: 'The number k must be a whole number from 2 to 1000.' },
  invalid_quasi_identifiers: {
    fi: 'Tunnistettavuutta tarkistettaviksi valittuja kysymyksiä ei voi käyttää: ne eivät ole kyselyn suljettuja kysymyksiä.',
    sv: 'De valda kvasiidentifierarna kan inte användas: de är inte enkätens slutna frågor.',
    en: 'The chosen quasi-identifiers cannot be used: they are not closed questions of the survey.',
  },
  invalid_timestamps: {
    fi: 'Vastausajat voi karkeistaa vain päivän tai viikon tarkkuuteen.',
    sv: 'Svarstiderna kan bara grovindelas till dag eller vecka.',
    en: 'Submission times can be coarsened only to the day or the week.',
  },
  // Spreadsheet imports and survey series.
  invalid_import_mapping: {
    fi: 'Tuonnin sarakemääritys ei sovi tiedostoon tai kyselyyn: korjaa nimetyt sarakkeet.',
    sv: 'Importens kolumnmappning passar inte filen eller enkäten: rätta de nämnda kolumnerna.',
    en: 'The import mapping does not fit the file or the survey: correct the columns named.',
  },
  unreadable_spreadsheet: {
    fi: 'Tiedostoa ei voi lukea CSV- tai XLSX-taulukkona.',
    sv: 'Filen kan inte läsas som CSV- eller XLSX-tabell.',
    en: 'The file cannot be read as a CSV or XLSX spreadsheet.',
  },
  import_mapping_not_found: { fi: 'Tallennettua sarakemääritystä ei löydy.', sv: 'Den sparade kolumnmappningen finns inte.', en: 'No saved import mapping of that name.' },
  not_in_series: { fi: 'Kysely ei ole minkään kyselysarjan kierros, joten sillä ei ole aikasarjaa.', sv: 'Enkäten är inte en omgång i någon enkätserie, så den har ingen tidsserie.', en: 'The survey is not a wave of a series, so it has no trend.' },
  not_trendable: { fi: 'Tästä kysymyksestä ei voi tehdä aikasarjaa näin.', sv: 'Den här frågan kan inte visas som tidsserie på det här sättet.', en: 'This question cannot be shown as a trend this way.' },
  series_not_found: { fi: 'Kyselysarjaa tai sen kierrosta ei löydy.', sv: 'Enkätserien eller dess omgång finns inte.', en: 'No such survey series or wave.' },
  invalid_wave_mapping: {
    fi: 'Kierrosten välinen kysymysmääritys ei kelpaa: korjaa nimetyt kysymykset ja vaihtoehdot.',
    sv: 'Frågemappningen mellan omgångarna är ogiltig: rätta de nämnda frågorna och alternativen.',
    en: 'The question mapping between the waves is not valid: correct the questions and choices named.',
  },
  mapping_changed: {
    fi: 'Vastaavuuksia on tallennettu muualla sillä välin, eikä tätä tallennusta tehty: lataa ne uudelleen ennen tallennusta.',
    sv: 'Motsvarigheterna har sparats någon annanstans under tiden och den här ändringen sparades inte: ladda om dem innan du sparar.',
    en: 'The mapping was saved elsewhere meanwhile and this save was not made: reload it before saving.',
  },
};

/** For a code not (yet) in the catalogue: a sentence by status in Finnish and Swedish. */
const BY_STATUS: Readonly<Record<number, Omit<Texts, 'en'>>> = {
  400: { fi: 'Pyyntö ei kelpaa.', sv: 'Begäran är ogiltig.' },
  401: { fi: 'Kirjaudu ensin sisään.', sv: 'Logga in först.' },
  403: { fi: 'Tämä ei ole sallittua.', sv: 'Detta är inte tillåtet.' },
  404: { fi: 'Pyydettyä ei löytynyt.', sv: 'Det begärda hittades inte.' },
  409: { fi: 'Pyyntö on ristiriidassa tallennettujen tietojen kanssa.', sv: 'Begäran strider mot sparade uppgifter.' },
  410: { fi: 'Pyydetty ei ole enää saatavilla.', sv: 'Det begärda finns inte längre.' },
  413: ERROR_TEXTS.body_too_large!,
  415: ERROR_TEXTS.unsupported_media_type!,
  429: ERROR_TEXTS.too_many_requests!,
};

/** "no survey 'x'" → "No survey 'x'.": the thrown English, as a sentence. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * The sentence for `code` in `language`. A code without texts falls back to the thrown English
 * message (in English) or a sentence by status (in Finnish and Swedish), so nothing breaks while
 * someone adds a code; the error-shape test makes sure it does not stay that way.
 */
export function errorMessage(code: string, language: ErrorLanguage, status: number, thrown: string): string {
  const texts = Object.hasOwn(ERROR_TEXTS, code) ? ERROR_TEXTS[code] : undefined;
  if (texts) return texts[language];
  if (status >= 500) return ERROR_TEXTS.internal_error![language];
  if (language === 'en') return asSentence(thrown) || asSentence(ERROR_TEXTS.bad_request!.en);
  return (BY_STATUS[status] ?? BY_STATUS[400]!)[language];
}

const MAX_RANGES = 32;

/**
 * The language of an error message from Accept-Language (RFC 9110 §12.5.4): the first of fi, sv, en
 * by weight, English when the header is missing, unreadable or names none of them. Written here
 * rather than taken from a negotiation library: three languages, primary subtags only, and garbage
 * ignored range by range is all it takes.
 */
export function requestLanguage(header: string | string[] | undefined): ErrorLanguage {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return 'en';
  let best: { language: ErrorLanguage; q: number } | null = null;
  for (const range of value.split(',').slice(0, MAX_RANGES)) {
    const [tag = '', ...params] = range.split(';').map((p) => p.trim());
    const primary = tag.toLowerCase().split('-')[0] as ErrorLanguage;
    if (!ERROR_LANGUAGES.includes(primary)) continue;
    let q = 1;
    for (const param of params) {
      const m = /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.exec(param);
      if (m) q = Number(m[1]);
      else if (/^q\s*=/i.test(param)) q = -1; // a weight that is not a number: the range is ignored
    }
    if (q > 0 && (best === null || q > best.q)) best = { language: primary, q };
  }
  return best?.language ?? 'en';
}
