import type { Random } from './random.ts';

/*
 * Open answers for the demo data: short Finnish texts of the kind residents and professionals
 * write, made up for this purpose (no real answer is quoted). Kept deliberately plain, so that
 * analysts coding them in the workspace meet the usual themes.
 */

/** "Mikä auttaisi sinua arjessasi?" by the area the resident most wants to change. */
export const HELP_BY_AREA: Readonly<Record<string, readonly string[]>> = {
  ihmissuhteet: [
    'Kohtaamispaikka, jonne voisi mennä ilman erityistä syytä ja tutustua uusiin ihmisiin.',
    'Enemmän aikaa perheen kanssa ja vähemmän kiirettä.',
    'Vertaisryhmä, jossa voisi puhua samassa tilanteessa olevien kanssa.',
    'Joku, jonka kanssa jutella. Yksinäisyys on välillä raskasta.',
    'Pariterapiaa pitäisi saada helpommin ja edullisemmin.',
  ],
  taloudellinen_tilanne: [
    'Pienemmät asumiskustannukset ja sähkön hinta.',
    'Talousneuvontaa, joka olisi helppo saada ilman pitkää jonoa.',
    'Toimeentulo riittäisi, jos lääkkeet ja bussilippu eivät maksaisi näin paljon.',
    'Vakituinen työ, jotta voisi suunnitella tulevaa.',
    'Edullisempia harrastuksia lapsille.',
  ],
  tyo: [
    'Työpaikka läheltä kotia tai mahdollisuus etätyöhön.',
    'Joustavammat työajat, vuorotyö vie kaikki voimat.',
    'Apua työnhakuun ja kouluttautumiseen uudelle alalle.',
    'Vähemmän kiirettä töissä ja riittävästi henkilökuntaa.',
    'Kesätyöpaikkoja nuorille.',
  ],
  harrastukset: [
    'Lisää edullisia harrastuksia omalle paikkakunnalle.',
    'Harrastusvuoroja myös iltaisin ja viikonloppuisin.',
    'Kyyti harrastuksiin, kun bussit eivät kulje.',
    'Nuorille paikka, jossa voi olla kavereiden kanssa.',
    'Aikuisille matalan kynnyksen liikuntaryhmiä.',
  ],
  vapaa_aika: [
    'Enemmän omaa aikaa ja lepoa.',
    'Arki on niin kiireistä, ettei vapaa-aikaa jää.',
    'Lastenhoitoapua, jotta pääsisi joskus itse harrastamaan.',
    'Kirjaston ja uimahallin aukioloajat pidemmiksi.',
  ],
  elintavat: [
    'Tukea painonhallintaan ja liikunnan aloittamiseen.',
    'Apua tupakoinnin lopettamiseen.',
    'Säännöllisempi unirytmi auttaisi jaksamaan.',
    'Ravitsemusneuvontaa, joka ottaa huomioon pienen budjetin.',
  ],
  mielen_hyvinvointi: [
    'Keskusteluapua nopeasti ilman lähetettä.',
    'Mielenterveyspalveluihin pitäisi päästä ennen kuin tilanne pahenee.',
    'Matalan kynnyksen paikka, jossa voisi puhua huolistaan.',
    'Vähemmän stressiä koulussa ja töissä.',
    'Terapiaan pääsy ilman kuukausien jonoa.',
  ],
  asunto: [
    'Kohtuuhintainen vuokra-asunto läheltä palveluja.',
    'Esteetön asunto, kun portaat käyvät raskaiksi.',
    'Isompi asunto perheelle.',
    'Apua asunnon korjauksiin.',
  ],
  fyysinen_terveys: [
    'Lääkärille pääsy nopeammin terveysasemalla.',
    'Fysioterapiaa selkävaivoihin.',
    'Hoitoon pääsy ilman että tarvitsee soittaa monta kertaa.',
    'Hammashoitoon pääsy kohtuullisessa ajassa.',
  ],
  asunnon_lahiymparisto: [
    'Valaistut kävelytiet ja talvikunnossapito.',
    'Leikkipuisto ja penkkejä lähelle.',
    'Rauhallisempi ympäristö, vähemmän melua.',
    'Lähikauppa takaisin kylälle.',
  ],
  elinymparisto: [
    'Julkinen liikenne, jolla pääsee kuntakeskukseen ja Ouluun.',
    'Palvelut lähemmäs, nyt kaikkeen pitää ajaa autolla.',
    'Viihtyisämpi keskusta ja enemmän tapahtumia.',
    'Luontopolkuja ja laavuja lähelle.',
  ],
  avun_ja_palvelun_saanti: [
    'Yksi paikka, josta saa neuvoa kaikkiin asioihin.',
    'Kotiin annettavaa apua arjen askareisiin.',
    'Palveluja myös pienille paikkakunnille, ei vain Ouluun.',
    'Puhelimeen vastattaisiin ja soittopyyntöihin soitettaisiin takaisin.',
  ],
  seksuaalinen_hyvinvointi: [
    'Seksuaaliterveyden palveluja, joihin voi mennä nimettömästi.',
    'Asiallista tietoa ja keskusteluapua.',
  ],
  turvallisuuden_tunne: [
    'Enemmän näkyvää valvontaa illalla keskustassa.',
    'Turvallinen koulumatka ja valaistus.',
    'Tieto siitä, että apua saa nopeasti, jos jotain sattuu.',
  ],
  sujuva_arki: [
    'Päiväkodin aukioloajat, jotka sopisivat vuorotyöhön.',
    'Asioinnin pitäisi onnistua myös ilman nettiä.',
    'Apua kaupassa käyntiin ja kuljetuksiin.',
  ],
  kyky_vaikuttaa_omaan_elamaan: [
    'Että minua kuunneltaisiin, kun minua koskevista asioista päätetään.',
    'Enemmän mahdollisuuksia päättää omista asioista.',
  ],
  toimintakyky: [
    'Kuntoutusta, jotta pärjäisin kotona pidempään.',
    'Apuvälineitä ja kotiin annettavaa fysioterapiaa.',
  ],
  kyky_kayttaa_palveluja: [
    'Opastusta sähköisten palvelujen käyttöön.',
    'Asiointi myös kasvokkain, kaikki eivät osaa käyttää nettiä.',
  ],
  other: ['Omaishoitajan vapaapäivät toteutuisivat.', 'Kuljetuspalvelu toimisi paremmin.'],
};

/** "Jokin muu, mikä?" */
export const OTHER_AREA: readonly string[] = [
  'Omaishoitajana jaksaminen',
  'Liikkuminen ilman autoa',
  'Koulunkäynti',
  'Kiusaaminen koulussa',
  'Ajankäyttö',
  'Lasten hyvinvointi',
  'Opiskelupaikka',
  'Kuljetukset ja välimatkat',
  'Eläkkeelle siirtyminen',
  'Perheen yhteinen aika',
  'Ikääntyvien vanhempien hoito',
  'Uni ja lepo',
  'Kotoutuminen ja kielen oppiminen',
  'Yhteisöllisyys kylällä',
];

export const SELF_HELP: readonly string[] = [
  'Liikkua enemmän ja ulkoilla luonnossa.',
  'Nukkua riittävästi ja syödä säännöllisesti.',
  'Pitää yhteyttä ystäviin ja sukulaisiin.',
  'Vähentää ruutuaikaa.',
  'Hakeutua harrastuksiin ja tapahtumiin.',
  'Opetella sanomaan ei ja jättää turhat menot pois.',
  'Käydä kuntosalilla ja uimassa.',
  'Hakea apua ajoissa, kun tarvitsen.',
  'Osallistua vapaaehtoistoimintaan.',
  'Lopettaa tupakointi.',
  'Vähentää alkoholin käyttöä.',
  'Pitää huolta omasta jaksamisesta ja levätä.',
  'Teen jo kaiken minkä voin, nyt tarvitsisin apua.',
  'En tiedä.',
  'Marjastaa, kalastaa ja liikkua metsässä.',
];

export const SELF_HELP_YOUNG: readonly string[] = [
  'Mennä ajoissa nukkumaan ja olla vähemmän puhelimella.',
  'Olla kavereiden kanssa enemmän.',
  'Harrastaa liikuntaa.',
  'Tehdä koulutehtävät ajoissa.',
  'Puhua jollekin aikuiselle, jos on huolia.',
];

export const MUNICIPALITY_INVEST: readonly string[] = [
  'Liikuntapaikkoihin ja niiden maksuttomuuteen.',
  'Nuorten harrastusmahdollisuuksiin ja nuorisotiloihin.',
  'Kevyen liikenteen väyliin ja niiden kunnossapitoon.',
  'Kouluihin ja riittävään opettajamäärään.',
  'Kirjastoon ja kulttuuritapahtumiin.',
  'Kohtuuhintaiseen asumiseen.',
  'Yhteisiin kohtaamispaikkoihin kaikenikäisille.',
  'Työpaikkoihin ja yrittäjien tukemiseen.',
  'Joukkoliikenteeseen.',
  'Varhaiskasvatukseen ja pieniin ryhmäkokoihin.',
  'Viheralueisiin ja puistoihin.',
  'Ikäihmisten liikuntaryhmiin ja kerhoihin.',
  'Tiedottamiseen: en tiedä mitä kaikkea kunnassa on tarjolla.',
  'Asukkaiden kuulemiseen ennen päätöksiä.',
];

export const MUNICIPALITY_INVEST_RURAL: readonly string[] = [
  'Kyläkouluihin, niiden lakkauttaminen vie elinvoiman.',
  'Teiden kunnossapitoon ja aurauksiin.',
  'Nettiyhteyksiin haja-asutusalueella.',
  'Kylätaloihin ja kylätoimintaan.',
  'Kuljetuksiin harrastuksiin ja palveluihin.',
];

export const COUNTY_INVEST: readonly string[] = [
  'Terveysasemalle pääsyyn ilman jonoja.',
  'Mielenterveyspalveluihin ja erityisesti nuorten mielenterveyteen.',
  'Kotihoitoon ja riittävään henkilökuntaan.',
  'Lähipalvelujen säilyttämiseen kaikissa kunnissa.',
  'Ennaltaehkäisevään työhön eikä vain korjaamiseen.',
  'Hammashoitoon pääsyyn.',
  'Perhepalveluihin ja neuvolaan.',
  'Päihdepalveluihin.',
  'Omaishoitajien tukeen.',
  'Siihen, että puhelimeen vastataan.',
  'Hoitajien jaksamiseen ja palkkaukseen.',
  'Sähköisiin palveluihin, mutta niin että kasvokkain asiointi säilyy.',
  'Ikäihmisten palveluihin ja palveluasumiseen.',
  'Kouluterveydenhuoltoon ja kuraattoreihin.',
];

export const COUNTY_INVEST_RURAL: readonly string[] = [
  'Siihen, ettei kaikkea keskitetä Ouluun.',
  'Ensihoidon saatavuuteen, matkat ovat pitkiä.',
  'Liikkuviin palveluihin, esimerkiksi terveysbussiin.',
  'Oman kunnan terveysaseman säilyttämiseen.',
];

/** A few answers from respondents who used the English form. */
export const ENGLISH: readonly string[] = [
  'Information about services in English.',
  'More affordable housing and public transport.',
  'Finnish courses in the evenings.',
  'Getting a doctor appointment faster.',
  'Meeting places to get to know local people.',
  'Jobs for people who do not yet speak Finnish.',
];

/** One text, sometimes two joined. */
export function openAnswer(random: Random, ...banks: readonly (readonly string[])[]): string {
  const first = pickFrom(random, banks);
  if (!random.chance(0.25)) return first;
  const second = pickFrom(random, banks);
  return second === first ? first : `${first} ${second}`;
}

/** One text from the banks taken together, without copying them (this runs a million times in the benchmarks). */
function pickFrom(random: Random, banks: readonly (readonly string[])[]): string {
  let total = 0;
  for (const b of banks) total += b.length;
  let i = Math.floor(random.next() * total);
  for (const b of banks) {
    if (i < b.length) return b[i]!;
    i -= b.length;
  }
  throw new Error('openAnswer(): no texts to choose from');
}
