// Common first names in Finland, Finnish- and Swedish-speaking, written for this project from the
// names most given over the last century (the Digital and Population Data Services Agency publishes
// the full lists; these are the frequent ones, which is what a rule-based pass can hope to catch).
// Lower-case, as the detector compares them.

export const FINNISH_FIRST_NAMES = `
aada aallotar aamu aapo aarne aaro aarre aatu ahti aila aili aimo aini aino aija aki akseli aleksi
alina alisa alli alma alpo altti anja anna anne anneli annikki anni anssi antero anti antti anu anita
ari aria arja arto arvo asko atte aune auli aulis aura aurora eelis eemeli eemil eero eetu eeva eevi
eija eila eino eira elias elina eliisa elisa ella ellen elli elmeri elna elsa emilia emma emmi enni
erkki esa esko essi eveliina hanna hannele hannu harri heidi heikki heino heli helinä helka hellevi
helmi helvi hemmo henna henri henrik hilja hilkka hilma hille hillevi hanne hely ilkka ilmari ilona
ilpo iida iina iines iiris iivo ilari ilkka inkeri irja irma irmeli isla jaakko jaana jali janne
jari jarkko jarmo jenna jenni jere jesse joel johanna johannes joni jonna jonne joonas joona jorma
jouko jouni juha juhani juho jukka julia juuso jussi jyrki jaana jyri kaarina kaarlo kaija kaisa
kaisu kalervo kalevi kalle kari karoliina kasper kati katja kauko kauno kaarle keijo kerttu kimmo
kirsi kirsti kristiina kristian kyösti kaino lassi lauri laura leena leevi lenni lea leila lempi
liisa lilja linnea lotta lauha lyydia maija maire marja marjatta marjo marjut markku marko marketta
martta martti matias matti meeri merja mervi miia mika mikael mikko milla minna mirja mirjami mirjam
mirva mona mauno nea niina niilo niko nikolas noora nelli oiva olavi oliver olli onerva oona
orvokki oskari otto outi paavo paula pauli paulus peetu pekka pentti pertti petra petri petteri
pia pihla pirjo pirkko päivi pasi pauliina pietari raili raija raimo raino rasmus reijo reino
riikka riitta risto ritva roope ronja rauni ruut sakari sami samuel sampo sanna sanni santeri sara
sari satu seija senja seppo siiri silja simo sinikka sirkka sirpa sofia sohvi soile sonja suvi
taina taisto taneli tapani tapio tarja tarmo teemu tellervo teppo terhi terttu tiia tiina timo
tommi toni topi topias tuomas tuomo tuula tuulikki tuure tyyne ulla unto urho urpo vappu veera veikko
veli venla vesa vieno vilho viljami viljo ville vilma vuokko väinö ylermi yrjö onni tuuli lumi valo usko toivo into vilja
`;

export const SWEDISH_FIRST_NAMES = `
agneta albin alexander alfred alice alva amanda anders andreas ann anna annika anton arvid astrid
axel barbro bengt benjamin birgitta bo britt brita carina carl caroline cecilia charlotte christer
christina christoffer dan daniel david ebba edvard elias elin elisabet elisabeth ella ellen elsa
emil emma erik eva evert filip folke fredrik frida gabriel greta gunilla gunnar gustav göran hanna
hans harald hedda helena henrik hugo ida ines ingrid isak ivar jakob jan jenny joakim johan johanna
johannes jonas jonatan josefin kajsa karin karl katarina kent kerstin kim kristina lars leo lena lennart
linda linnea lisa liv lovisa lucas ludvig magnus maja malin margareta maria marie martin mats mattias
max mikael moa monica nils nora olof oskar otto patrik per peter petra ragnar rasmus rebecka robert
rolf rut sara sebastian sigrid simon siv sofia stefan stig sten stina susanne sven tage theodor thomas
tomas tor torbjörn ulf ulla ulrika valter vera viktor vilhelm wilhelm william åsa åke
`;
