// Finnish and Swedish sentences written for the redaction test, each with its personal data marked by
// hand as [[kind:text]] (kind: name, phone, email, identity-code, address). About a third hold nothing
// to redact and carry the traps: first names that are also words at the start of a sentence, road
// numbers, years, sums, dates, an identity code with a wrong check character, organisations in
// capitals. A few hold what the rules are known to miss (a name in lower case,
// a first name not on the bundled list), so that the figures the test prints are honest rather than perfect.
// The identity codes' check characters were computed by hand from (DDMMYYNNN mod 31).

export interface CorpusSentence {
  lang: 'fi' | 'sv';
  annotated: string;
}

const fi = (annotated: string): CorpusSentence => ({ lang: 'fi', annotated });
const sv = (annotated: string): CorpusSentence => ({ lang: 'sv', annotated });

export const REDACTION_CORPUS: CorpusSentence[] = [
  // Finnish, with personal data
  fi('Terveydenhoitaja [[name:Liisa Korhonen]] auttoi minua paljon neuvolassa.'),
  fi('Soitin [[name:Matti Virtaselle]] numeroon [[phone:040 123 4567]] eilen illalla.'),
  fi('Minun henkilötunnukseni on [[identity-code:131052-308T]], kirjatkaa se oikein.'),
  fi('Asun osoitteessa [[address:Kauppakatu 12 B 4, 90100 Oulu]] ja bussi ei kulje tänne.'),
  fi('Lähetin palautetta osoitteeseen [[email:palaute.oulu@example.fi]] mutta en saanut vastausta.'),
  fi('Koulukuraattori [[name:Jukka]] on aina kiireinen, eikä hänelle saa aikaa.'),
  fi('Naapurini [[name:Anna-Liisa Heikkinen]] ei pääse enää kauppaan yksin.'),
  fi('Voitte ottaa yhteyttä minuun: [[phone:+358 50 987 6543]] tai [[email:pirkko.m@example.com]].'),
  fi('Lapseni tunnus on [[identity-code:050312A7896]] ja hänellä on astma.'),
  fi('Asumme [[address:Ouluntiellä 5]] ja tie on talvella huonossa kunnossa.'),
  fi('Kiitos [[name:Onnille]] ja [[name:Toivolle]], jotka auttoivat pihatöissä.'),
  fi('Kotihoidon hoitaja [[name:Heikki]] tulee aina myöhässä.'),
  fi('Kysykää lisää [[name:rouva Niskaselta]], hän tietää asiasta.'),
  fi('Isäni [[identity-code:280278-9083]] tarvitsee kuljetuspalvelua.'),
  fi('Puhelinnumeroni on [[phone:08 555 1234]], soittakaa iltaisin.'),
  fi('Äitini asuu [[address:Koivurinne 3]], eikä hänellä ole autoa.'),
  fi('Opettaja [[name:Marja-Leena Mäkinen]] teki hyvää työtä luokan kanssa.'),
  fi('Minulle voi soittaa numeroon [[phone:044-7654321]] arkisin.'),
  fi('Nuorisotalolla [[name:Eetu]] ja [[name:Aleksi]] kiusaavat pienempiä.'),
  fi('Jätin viestin [[name:Pekan]] vastaajaan, mutta kukaan ei soittanut takaisin.'),
  fi('Kirjoittakaa osoitteeseen [[email:m.lahtinen@kuusamo.example]] jos tarvitsette lisätietoja.'),
  fi('Tyttäreni hetu on [[identity-code:150107B345D]] ja hän käy koulua [[address:Rantakadulla 8]].'),
  fi('Lääkäri [[name:Kalle Salminen]] ei kuunnellut minua ollenkaan.'),
  fi('Poikani [[name:Veeti]] tarvitsisi kerhon iltapäivisin.'),
  fi('Soittakaa [[phone:(09) 123 4567]] tai käykää [[address:Hallituskatu 7]].'),
  fi('Tapasin [[name:Sannan]] kirjastossa ja hän kertoi kyselystä.'),
  fi('Ystäväni [[name:tuomas]] sanoi, että palvelu on huonontunut.'),
  fi('Mummoni [[name:Aino Peltola]] asuu yksin [[address:Pajukuja 2 as. 4]].'),
  // Finnish, nothing to redact
  fi('Onni on sitä, että bussi kulkee ajallaan.'),
  fi('Toivo paremmasta kotihoidosta on suuri.'),
  fi('Satu luettiin lapsille kirjastossa tiistaina.'),
  fi('Valtatie 4 on talvella vaarallinen Iin kohdalla.'),
  fi('Vuonna 2024 terveyskeskukseen pääsi nopeammin kuin vuonna 2019.'),
  fi('Maksoin 120 euroa ja odotin 14 päivää.'),
  fi('Tunnus 131052-308A ei ole oikea, se oli kirjoitusvirhe.'),
  fi('THL:n ja Kelan ohjeet ovat vaikeita ymmärtää.'),
  fi('Kirjaston aukioloajat 10.00–18.00 ovat liian lyhyet.'),
  fi('Usko tulevaisuuteen on vähissä pienissä kunnissa.'),
  fi('Asun Oulussa ja käyn töissä Kempeleessä.'),
  fi('Anna minulle mahdollisuus kertoa, miten palvelut toimivat.'),
  fi('Bussilinja 15 kulkee vain kerran tunnissa.'),
  fi('Kotikatuni on huonossa kunnossa ja valaistus puuttuu.'),
  // Swedish, with personal data
  sv('Ring [[name:Anna Lindqvist]] på [[phone:+358 9 1234 5678]] om ni har frågor.'),
  sv('Jag bor på [[address:Storgatan 3 A]] i Jakobstad och bussen går sällan.'),
  sv('Min personbeteckning är [[identity-code:241189-4561]] om ni behöver den.'),
  sv('Skicka svar till [[email:erik.holm@example.se]], tack.'),
  sv('Sjuksköterskan [[name:Karin]] var mycket vänlig mot min mamma.'),
  sv('Min granne [[name:Lars Johansson]] behöver hjälp med handlingen.'),
  sv('Ni når mig på [[phone:050 123 45 67]] efter klockan fyra.'),
  sv('Vi flyttade till [[address:Skolvägen 12]] förra året.'),
  sv('Läraren [[name:Maria Nyström]] gjorde ett fantastiskt jobb.'),
  sv('Kontakta [[name:fru Blomqvist]] på kansliet.'),
  sv('Min son [[identity-code:110882X5670]] har fått vänta länge på en tid.'),
  sv('Min dotter [[name:Elin]] tycker om simhallen.'),
  sv('Jag pratade med [[name:Per]] i receptionen men inget hände.'),
  sv('E-post: [[email:kajsa_sundberg@example.org]] och telefon [[phone:045 678 9012]].'),
  sv('Hälsningar från [[name:Göran]] och [[name:Birgitta]] på [[address:Strandvägen 4 B 2]].'),
  sv('Rektorn [[name:Jonas Berg]] lyssnade inte på föräldrarna.'),
  sv('Vi träffade [[name:Mikael]] på biblioteket.'),
  sv('Min mamma [[name:Siv]] bor på [[address:Kyrkogatan 15]].'),
  // Swedish, nothing to redact
  sv('Bo i en liten kommun är både bra och dåligt.'),
  sv('Per vecka åker jag buss tre gånger.'),
  sv('Stig på bussen i tid, annars går den utan dig.'),
  sv('Liv och hälsa är viktigast för oss alla.'),
  sv('År 2023 var väntetiden längre än i år.'),
  sv('Riksväg 8 är farlig vintertid.'),
  sv('Jag betalade 45 euro för taxin.'),
  sv('Bibliotekets öppettider 9–16 är för korta.'),
  sv('FPA och THL har svåra blanketter.'),
  sv('Vi bor i Karleby och arbetar i Jakobstad.'),
  sv('Jag hade inga problem med vården den här gången.'),
];

export interface GoldSpan {
  start: number;
  end: number;
  kind: string;
}

/** The sentence without its marks, and the marked spans in it. */
export function parseAnnotated(annotated: string): { text: string; spans: GoldSpan[] } {
  const spans: GoldSpan[] = [];
  let text = '';
  let at = 0;
  for (const m of annotated.matchAll(/\[\[([a-z-]+):(.+?)\]\]/gu)) {
    text += annotated.slice(at, m.index);
    let value = m[2]!;
    let start = text.length;
    // A title before a name is kept by the redactor: mark it as context, not as the name.
    const title = /^(rouva|herr|fru) /u.exec(value);
    if (title) {
      text += title[0];
      start += title[0].length;
      value = value.slice(title[0].length);
    }
    text += value;
    spans.push({ start, end: text.length, kind: m[1]! });
    at = m.index + m[0].length;
  }
  return { text: text + annotated.slice(at), spans };
}
