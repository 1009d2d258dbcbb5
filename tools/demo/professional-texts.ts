/*
 * Open answers of organisations and professionals for the demo data, made up for the purpose,
 * in the voice of the seed deck's "what came up" lists.
 */

export const ORGANISATION_OTHER_FIELD: readonly string[] = [
  'Vertaistuki omaishoitajille', 'Potilasjärjestö', 'Eläkeläisyhdistys', 'Mielenterveysomaiset',
  'Hengellinen toiminta', 'Eläinsuojelu', 'Metsästysseura', 'Marttayhdistys',
];

export const ORGANISATION_OTHER_AREA: readonly string[] = [
  'Omaishoitajien jaksaminen', 'Yksinäisyys', 'Kuljetukset', 'Vertaistuen saatavuus', 'Kielitaito ja kotoutuminen',
];

export const CHANGE_REASONS: readonly string[] = [
  'Jäsenemme kertovat yksinäisyydestä, erityisesti pandemian jälkeen.',
  'Monella jäsenellä rahat eivät riitä lääkkeisiin ja ruokaan.',
  'Apua on vaikea saada ajoissa, ja palvelut ovat kaukana.',
  'Mielenterveyden ongelmat näkyvät toiminnassamme yhä useammin.',
  'Nuoret eivät löydä harrastuksia, jotka olisivat edullisia ja lähellä.',
  'Ikääntyneet jäsenet eivät osaa käyttää sähköisiä palveluja.',
  'Omaishoitajat uupuvat, koska vapaapäivien järjestäminen on vaikeaa.',
  'Kylillä palvelut ovat vähentyneet ja matkat pidentyneet.',
  'Perheet kaipaavat tukea arkeen jo ennen kuin ongelmat kasvavat.',
];

export const ORGANISATION_HELP: readonly string[] = [
  'Matalan kynnyksen kohtaamispaikat ja vertaisryhmät.',
  'Yksi tuttu yhteyshenkilö palveluissa.',
  'Kuljetusapu palveluihin ja harrastuksiin.',
  'Maksuttomat tilat järjestöjen toiminnalle.',
  'Selkeä tieto siitä, mistä apua saa.',
  'Kotiin tuotavat palvelut ja kotikäynnit.',
  'Tuki sähköisten palvelujen käyttöön.',
];

export const ORGANISATION_ROLE: readonly string[] = [
  'Järjestämme vertaisryhmiä ja ohjaamme jäseniä palveluihin.',
  'Tarjoamme harrastustoimintaa kaikenikäisille.',
  'Vapaaehtoisemme tekevät ystäväkäyntejä.',
  'Järjestämme tapahtumia ja retkiä, joihin kaikki ovat tervetulleita.',
  'Neuvomme jäseniä etuuksien hakemisessa.',
  'Voimme toimia linkkinä jäsenten ja palvelujen välillä.',
];

export const ORGANISATION_MUNICIPALITY: readonly string[] = [
  'Järjestöjen tilojen maksuttomaan käyttöön.',
  'Harrastusmahdollisuuksiin ja liikuntapaikkoihin.',
  'Kohtaamispaikkoihin ja kylätaloihin.',
  'Järjestöjen toiminta-avustuksiin.',
  'Joukkoliikenteeseen ja kuljetuksiin.',
  'Esteettömyyteen.',
];

export const ORGANISATION_COUNTY: readonly string[] = [
  'Lähipalvelujen säilyttämiseen.',
  'Järjestöjen kanssa tehtävään yhteistyöhön ja järjestöyhdyshenkilöihin.',
  'Mielenterveys- ja päihdepalveluihin.',
  'Omaishoidon tukeen.',
  'Ennaltaehkäisevään työhön.',
  'Palveluohjaukseen: ihmiset eivät tiedä, minne mennä.',
];

export const ORGANISATION_GREETINGS: readonly string[] = [
  'Kiitos, että järjestöjä kuullaan.',
  'Toivomme, että yhteistyö jatkuu myös hyvinvointialueen aloitettua.',
  'Pienten yhdistysten voimavarat ovat rajalliset, vapaaehtoisia on vähän.',
  'Tapaamisia myös muualla kuin Oulussa, kiitos.',
];

export const CONTACT_PERSON_SUPPORT: readonly string[] = [
  'Tietoa siitä, mihin palveluihin voimme ohjata jäseniämme.',
  'Apua avustushakemuksiin ja raportointiin.',
  'Yhteinen foorumi, jossa järjestöt ja hyvinvointialue tapaavat säännöllisesti.',
  'Tieto valmistelun etenemisestä ajoissa.',
  'Nimetty yhteyshenkilö, jolle voi soittaa.',
  'Koulutusta vapaaehtoisille.',
];

export const COOPERATION_NOTES: readonly string[] = [
  'Toivomme tapaamisia myös pienissä kunnissa.',
  'Järjestöjen osaaminen kannattaa ottaa mukaan palvelujen suunnitteluun.',
  'Avustusten jatkuvuus on meille elintärkeää.',
  'Yhteistyö kunnan kanssa on toiminut hyvin, toivottavasti se jatkuu.',
];

export const OTHER_FUNDING: readonly string[] = ['Jäsenmaksut', 'Säätiöiden apurahat', 'Seurakunta', 'Leader-rahoitus', 'Lahjoitukset'];
export const OTHER_ORGANISATION_TYPE: readonly string[] = ['Osuuskunta', 'Epävirallinen vertaisryhmä', 'Kyläyhdistyksen jaosto'];

export const YOUTH_WORKS_WELL: readonly string[] = [
  'Tieto kulkee koulukuraattorien kanssa hyvin.',
  'Etsivä nuorisotyö ja sosiaalityö tekevät tiivistä yhteistyötä.',
  'Pienessä kunnassa kaikki tuntevat toisensa, ja apua saa nopeasti.',
  'Yhteiset palaverit terveydenhoitajien kanssa toimivat.',
  'Ohjaamossa sote-ammattilaiset ovat paikan päällä.',
];

export const YOUTH_TO_DEVELOP: readonly string[] = [
  'Nuorten pääsy mielenterveyspalveluihin kestää liian kauan.',
  'Tietosuoja hidastaa tiedonkulkua.',
  'Yhteyshenkilöt vaihtuvat usein.',
  'Päihdepalvelut nuorille puuttuvat lähes kokonaan.',
  'Työllisyyspalvelujen kanssa yhteistyö on satunnaista.',
];

export const WORKSHOP_CONTINUITY: readonly string[] = [
  'Valmennus pitää voida jatkaa samassa työpajassa ilman katkosta.',
  'Sopimukset tehtävä riittävän pitkiksi, vähintään puoleksi vuodeksi.',
  'Nimetty sosiaalityöntekijä jokaiselle työpajalle.',
  'Maksusitoumukset ajoissa, nyt nuoret joutuvat odottamaan.',
];

export const YOUTH_WORRIES: readonly string[] = [
  'Pelkään, että pienen kunnan nuoret jäävät palvelujen ulkopuolelle.',
  'Tutut yhteistyökumppanit siirtyvät kauas.',
  'Työpajojen sopimukset voivat katketa siirtymävaiheessa.',
  'Emme tiedä, keneen olla yhteydessä vuoden 2023 alussa.',
];

export const YOUTH_WORRY_OTHER: readonly string[] = ['Nuorten kuljetukset pitkien matkojen päästä', 'Rahoituksen jatkuvuus', 'Tilojen käyttö'];
export const YOUTH_WISH_OTHER: readonly string[] = ['Yhteiset koulutukset', 'Jalkautuvat palvelut kouluihin'];

export const YOUTH_WISHES: readonly string[] = [
  'Selkeä yhteyshenkilö jokaiseen kuntaan.',
  'Sote-ammattilaisia mukaan Ohjaamoon.',
  'Yhteiset toimintamallit koko maakuntaan.',
  'Säännölliset tapaamiset nuorisotyön ja sosiaalityön kesken.',
];

export const SPORT_COOPERATION: readonly string[] = [
  'Fysioterapeutti ohjaa asiakkaat liikuntaneuvojalle; liikuntapalvelut vastaavat ryhmistä.',
  'Terveydenhoitaja ohjaa ja liikunnanohjaaja vetää ryhmät kunnan kuntosalilla.',
  'Yhteinen ikäihmisten tasapainoryhmä kotihoidon kanssa.',
  'Mielenterveyskuntoutujien liikuntaryhmä kerran viikossa.',
  'Liikuntaneuvonta toimii terveysaseman tiloissa kahtena päivänä viikossa.',
];

export const SPORT_OTHER_ACTIVITY: readonly string[] = ['Sydänkuntoutujien vesiliikunta', 'Maahanmuuttajanaisten uintikoulu', 'Työikäisten kuntotestit'];
export const SPORT_ROLE_OTHER: readonly string[] = ['Vapaa-aikasihteeri', 'Hyvinvointikoordinaattori', 'Vapaa-aikatoimenjohtaja'];

export const SPORT_PAYMENTS: readonly string[] = [
  'Ryhmät ovat maksuttomia, uimahallin käytöstä peritään asiakasmaksu.',
  'Sote laskuttaa tilojen käytöstä sisäisenä laskutuksena.',
  'Liikuntaneuvonnasta on sovittu kiinteä vuosimaksu.',
];

export const SPORT_FACILITIES: readonly string[] = [
  'Kuntosali on kunnan omistama; vuoroista sovitaan vuosittain.',
  'Tiloja on liian vähän päiväsaikaan.',
  'Uimahalli on remontissa, ryhmät siirtyneet naapurikuntaan.',
  'Sote-tilojen käytöstä ei ole kirjallista sopimusta.',
];

export const SPORT_PARTNERS: readonly string[] = [
  'Urheiluseurat vetävät matalan kynnyksen ryhmiä; yritysten kanssa yhteistyö on maksullista.',
  'Maakunnallinen liikuntajärjestö kouluttaa ohjaajia.',
  'Yritykset tarjoavat tiloja, seurat ohjaajia.',
  'Yhteistyö on vähäistä, resurssit eivät riitä.',
];

export const SPORT_CRITICAL: readonly string[] = [
  'Liikuntaneuvonnan kirjaaminen potilastietojärjestelmään ja lähetekäytännön jatkuminen.',
  'Nimetyt yhteyshenkilöt hyvinvointialueelta.',
  'Tilojen käytöstä sopiminen ennen vuodenvaihdetta.',
  'Rahoitus liikuntaneuvonnalle jatkossa.',
];

export const SPORT_FUTURE: readonly string[] = [
  'Kirjallinen yhteistyösopimus hyvinvointialueen kanssa.',
  'Alueelliset yhteistyöryhmät, joissa kunnat ja hyvinvointialue sopivat käytännöistä.',
  'Palveluketju liikuntaneuvontaan koko alueelle.',
];

export const WELFARE_ROLES: readonly string[] = [
  'Sivistysjohtaja', 'Opetuspäällikkö', 'Sivistystoimenjohtaja', 'Perusturvajohtaja',
  'Opiskeluhuollon koordinaattori', 'Koulukuraattori', 'Rehtori',
];

export const WELFARE_ORGANISATION: readonly string[] = [
  'Kuraattorit ovat sivistystoimen palveluksessa, psykologit kuntayhtymän.',
  'Kuraattorit ja psykologit kuuluvat perusturvaan; yhteistyö koulujen kanssa on tiivistä.',
  'Yhteinen psykologi naapurikunnan kanssa.',
];

export const WELFARE_ORGANISATION_BOUGHT: readonly string[] = [
  'Psykologipalvelut ostetaan yksityiseltä palveluntuottajalta.',
  'Kuraattorit ovat sivistystoimen palveluksessa; psykologipalvelut ostetaan, koska vakanssia ei ole saatu täytettyä.',
];

export const WELFARE_PROJECTS: readonly string[] = [
  'Hyvinvoiva koulu -hanke 2022–2023, rahoittaja opetus- ja kulttuuriministeriö.',
  'Mielenterveystaitojen opetuksen kehittämishanke, rahoittaja sosiaali- ja terveysministeriö.',
  'Kiusaamisen ehkäisyn hanke yhdessä naapurikuntien kanssa.',
];

export const WELFARE_GOOD_PRACTICES: readonly string[] = [
  'Yhteisöllisen opiskeluhuollon ryhmä kokoontuu joka koulussa kuukausittain.',
  'Kuraattori on tavoitettavissa joka koulupäivä.',
  'Matalan kynnyksen vastaanotto ilman ajanvarausta.',
  'Vanhempainillat yhdessä kuraattorin ja terveydenhoitajan kanssa.',
];

export const WELFARE_CHALLENGES: readonly string[] = [
  'Psykologin vastuulla oleva oppilasmäärä on liian suuri.',
  'Psykologin vakanssia ei ole saatu täytettyä.',
  'Pitkät välimatkat koulujen välillä vievät työaikaa.',
  'Oppilaiden mielenterveyden ongelmat ovat lisääntyneet.',
  'Tieto ei kulje koulun ja sosiaalipalvelujen välillä.',
];
