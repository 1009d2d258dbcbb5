// Arabic: the respondent's pages' own texts in one chunk, loaded only when a page is shown in
// Arabic (LAZY_LANGUAGES in ../i18n.tsx). Each export is the language's row of a table that
// names its type: the page's texts (../i18n.tsx), the rights texts (../rights/texts.ts), the privacy
// notice's headings (../pages/PrivacyNotice.tsx) and the overrides of survey-core's own strings
// (../survey/strings.ts, applied when a survey page loads survey-core's locale).
import type { Strings } from '../texts-fi.ts';
import type { NoticeHeadings } from '../pages/notice-headings.ts';
import type { RightsTexts } from '../rights/rights-texts.ts';

// Modern Standard Arabic. Awaits review by a professional translator (see the README's "Languages").
export const strings: Strings = {
  skipToContent: 'انتقل إلى المحتوى',
  siteName: 'Kuulo',
  siteTagline: 'استبيانات منطقة خدمات الرفاه في شمال بوهيانما',
  languageNav: 'اللغة',
  footerNav: 'معلومات عن الموقع',
  accessibility: 'بيان إمكانية الوصول',
  frontPage: 'الاستبيانات المتاحة',
  loading: 'جارٍ التحميل…',
  openSurveys: 'الاستبيانات المتاحة',
  noOpenSurveys: 'لا توجد استبيانات متاحة حاليًا.',
  listIntro: 'اختر الاستبيان الذي تريد الإجابة عنه. إجابتك مجهولة الهوية.',
  listIntroIdentifying: 'اختر الاستبيان الذي تريد الإجابة عنه.',
  listAsksIdentity: 'يطلب اسمك أو بيانات الاتصال بك',
  loadFailed: 'تعذّر تحميل الصفحة. تحقّق من اتصالك بالإنترنت وأعد تحميل الصفحة.',
  tryAgain: 'حاول مرة أخرى',
  surveyNotFound: 'لم يُعثر على الاستبيان. تحقّق من العنوان.',
  surveyNotFoundTitle: 'لم يُعثر على الاستبيان',
  surveyNotOpen: 'لا يمكن الإجابة عن هذا الاستبيان الآن.',
  surveyClosed: 'أُغلق الاستبيان.',
  surveyNotYetOpen: 'لم يُفتح الاستبيان بعد.',
  controller: 'المسؤول عن البيانات',
  purpose: 'الغرض',
  privacyNotice: 'إشعار الخصوصية',
  answersKept: 'تُحفظ إجاباتك في هذا المتصفح إلى أن ترسلها.',
  restored: 'أنت تتابع من حيث توقفت. استُعيدت إجاباتك السابقة.',
  sending: 'جارٍ إرسال إجابتك…',
  waitingTitle: 'إجابتك في انتظار الإرسال',
  waitingBody:
    'الاتصال بالخادم لا يعمل الآن. إجابتك لم تضِع: فهي محفوظة في هذا المتصفح وستُرسل تلقائيًا عندما يعود الاتصال. يمكنك أيضًا إغلاق الصفحة؛ وستُرسل الإجابة عندما تفتح Kuulo مرة أخرى.',
  nextAttempt: (seconds: number) => `المحاولة التالية بعد ${seconds} ثانية.`,
  sendNow: 'حاول الآن',
  retrying: 'جارٍ إعادة المحاولة…',
  rejectedTitle: 'تعذّر قبول إجابتك',
  invalidAnswers: 'يُرجى مراجعة هذه الإجابات ثم الإرسال مرة أخرى:',
  backToAnswers: 'العودة إلى إجاباتك',
  thanksTitle: 'شكرًا لك على إجابتك!',
  thanksBody: 'حُفظت إجابتك. أجبت دون الكشف عن هويتك.',
  thanksBodyIdentified: 'حُفظت إجابتك. لقد ذكرت اسمك أو بيانات الاتصال بك، لذا فإجابتك ليست مجهولة الهوية: فقد حُفظت هذه البيانات معها.',
  pageProgress: (page: number, of: number) => `الصفحة ${page} من ${of}`,
  receiptCode: 'رمز الاستلام',
  receiptHelp: 'يبيّن هذا الرمز أن إجابتك وصلت. لا حاجة إلى الاحتفاظ به.',
  pendingDelivered: (title: string, code: string) => `وصلت الآن إجابتك السابقة عن الاستبيان \u2068${title}\u2069 (رمز الاستلام \u2066${code}\u2069).`,
  pendingWaiting: (title: string) => `لا تزال إجابتك عن الاستبيان \u2068${title}\u2069 في انتظار الإرسال. سنعيد المحاولة تلقائيًا.`,
  problem: {
    required: 'الإجابة ناقصة',
    too_few_choices: 'اختر خيارات أكثر',
    too_many_choices: 'اختر خيارات أقل',
    too_long: 'الإجابة طويلة جدًا',
    out_of_range: 'القيمة خارج الحدود المسموح بها',
    other: 'يُرجى مراجعة الإجابة',
  },
  linkNotFound: 'لم يُعثر على الرابط. تحقّق من العنوان.',
  linkClosedTitle: 'أُغلق هذا الرابط',
  linkClosedBody: 'لم يعد بالإمكان الإجابة عبر هذا الرابط. شكرًا لاهتمامك!',
  invitationUsedTitle: 'استُخدمت هذه الدعوة من قبل',
  invitationUsedBody: 'يمكن الإجابة عبر رابط الدعوة مرة واحدة فقط، وقد أُجيب عنه من قبل. شكرًا لك!',
  surveyClosedTitle: 'أُغلق الاستبيان',
  surveyClosedBody: 'لم يعد بالإمكان الإجابة عن الاستبيان. شكرًا لاهتمامك!',
  surveyFullTitle: 'تلقّى الاستبيان ما يكفي من الإجابات',
  surveyFullBody: 'لم يعد الاستبيان يقبل مزيدًا من الإجابات. شكرًا لاهتمامك!',
  surveyNotYetOpenTitle: 'لم يُفتح الاستبيان بعد',
  surveyOpensAt: (when: string) => `يُفتح الاستبيان في \u2068${when}\u2069. نرحّب بإجابتك حينها!`,
  lateBody: 'وصلت إجابتك بعد إغلاق الاستبيان. لقد حُفظت ووُسمت بأنها متأخرة.',
  acceptsLate: 'أُغلق الاستبيان، لكن الإجابات لا تزال تُقبل، وتُوسم بأنها متأخرة.',
  municipalityPreset: (name: string) => `تُحتسب إجابتك لبلدية \u2066${name}\u2069.`,
  rejection: {
    survey_closed: 'أُغلق الاستبيان ولم يعد بالإمكان قبول الإجابة.',
    survey_not_yet_open: 'لم يُفتح الاستبيان بعد.',
    survey_full: 'تلقّى الاستبيان ما يكفي من الإجابات ولم يعد يقبل المزيد.',
    link_closed: 'أُغلق الرابط الذي أجبت عبره.',
    link_not_found: 'لم يُعثر على الرابط الذي أجبت عبره.',
    invitation_used: 'أُجيب عن هذه الدعوة من قبل. يمكن الإجابة عبر رابط الدعوة مرة واحدة فقط.',
    municipality_mismatch: 'بلدية الإجابة لا تطابق بلدية الرابط.',
    link_wrong_survey: 'الرابط يخص استبيانًا آخر.',
  },
  saveForLater: 'احفظ وتابع لاحقًا',
  saveForLaterHelp: 'لا تُحفظ إجاباتك على الخادم ما لم تضغط هنا. ستحصل على رمز ورابط لتتابع لاحقًا، ولو على جهاز آخر.',
  savingDraft: 'جارٍ الحفظ…',
  draftSavedTitle: 'حُفظت إجابتك غير المكتملة',
  resumeCode: 'رمز المتابعة',
  resumeLink: 'رابط المتابعة',
  copyLink: 'انسخ الرابط',
  copied: 'نُسخ الرابط.',
  draftExpires: (when: string) => `تبقى الإجابة المحفوظة حتى \u2068${when}\u2069. يستطيع أي شخص لديه الرمز أو الرابط متابعة إجابتك، فلا تشاركه مع غيرك.`,
  draftSaveFailed: 'لم ينجح الحفظ. تحقّق من اتصالك بالإنترنت وحاول مرة أخرى. لا تزال إجاباتك محفوظة في هذا المتصفح.',
  continueHere: 'تابع الإجابة على هذا الجهاز',
  resumeTitle: 'متابعة إجابة محفوظة',
  resumeIntro: 'اكتب رمز المتابعة الذي حصلت عليه عندما حفظت إجابتك غير المكتملة.',
  resumeHint: 'مثال: \u2066ABCD-EFGH-JKLM\u2069',
  resumeContinue: 'متابعة',
  resumeInvalid: 'يتكوّن الرمز من 12 حرفًا أو رقمًا. تحقّق من الرمز.',
  draftNotFound: 'لم يُعثر على إجابة محفوظة بهذا الرمز. تحقّق من الرمز.',
  draftExpired: 'انتهت صلاحية الإجابة المحفوظة وحُذفت. يمكنك بدء الاستبيان من البداية.',
  resumed: 'أنت تتابع من حيث حفظت. استُعيدت إجاباتك السابقة.',
  startOver: 'ابدأ الاستبيان من البداية',
  resumeNav: 'متابعة إجابة محفوظة',
  privacyTitle: (title: string) => `إشعار الخصوصية: \u2068${title}\u2069`,
  privacyIntro:
    'توضّح هذه الصفحة كيف تُعالَج الإجابات عن الاستبيان. إجابتك مجهولة الهوية: لا يُربط بالإجابات اسمك ولا بيانات الاتصال بك ولا عنوان IP الخاص بك.',
  privacyIntroIdentifying:
    'توضّح هذه الصفحة كيف تُعالَج الإجابات عن الاستبيان. يطلب الاستبيان اسمك أو بيانات الاتصال بك: إذا أجبت عن هذه الأسئلة فستُحفظ مع إجابتك. لا يُحفظ عنوان IP الخاص بك.',
  privacyRights:
    'بما أن الإجابات مجهولة الهوية، لا يمكن لاحقًا ربط إجابة بعينها بك. يمكنك إرسال أسئلتك عن حماية البيانات إلى مسؤول حماية البيانات لدى الجهة المسؤولة عن البيانات.',
  backToSurvey: 'العودة إلى الاستبيان',
  errorTitle: 'حدث خطأ ما',
  errorBody: 'تعذّر عرض الصفحة. أعد تحميل الصفحة. الإجابات التي قدّمتها محفوظة في هذا المتصفح.',
};

// Modern Standard Arabic; awaits review by a professional translator. Codes and the page's Finnish
// name stay left-to-right inside the Arabic sentences (isolated with U+2066…U+2069).
export const rights: RightsTexts = {
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

// Modern Standard Arabic; awaits review by a professional translator.
export const headings: NoticeHeadings = {
  controller: 'المسؤول عن البيانات',
  controllerContact: 'بيانات الاتصال بالمسؤول عن البيانات',
  dataProtectionOfficer: 'مسؤول حماية البيانات',
  purpose: 'الغرض من المعالجة',
  legalBasis: 'الأساس القانوني للمعالجة',
  dataCategories: 'البيانات التي تُعالَج',
  recipients: 'الجهات التي تتلقى البيانات',
  retention: 'مدة الاحتفاظ بالبيانات',
  rights: 'حقوقك وكيفية ممارستها',
  complaint: 'الحق في تقديم شكوى إلى أمين حماية البيانات',
  incomplete: 'إشعار الخصوصية هذا ناقص، لذا لا يمكن فتح الاستبيان لتلقي الإجابات بعد.',
};

// Modern Standard Arabic over survey-core's shipped strings, several of which are machine
// translations or were stored in reversed word order. Awaits review by a professional translator.
export const survey: Record<string, string> = {
  // "إرسال البيانات" (send the data) reads as a technical action; the button sends the answers.
  completeText: 'إرسال',
  // "اختار" is the past tense ("he chose"); a button asks: "اختر" (choose).
  selectCaption: 'اختر',
  placeholder: 'اختر…',
  ratingOptionsCaption: 'اختر…',
  // "واضح" means "evident"; the button clears the answer.
  clearCaption: 'مسح',
  // Shipped with the full stop first and the words in reversed order.
  requiredError: 'يُرجى الإجابة عن هذا السؤال.',
  progressText: 'الصفحة {0} من {1}',
  // "نص آخر" (another text) is not a choice; "رفض الإجابة" (refusal to answer) sounds hostile.
  otherItemText: 'أخرى',
  refuseItemText: 'أفضّل عدم الإجابة',
  dontKnowItemText: 'لا أعرف',
  // "أقل من" (fewer than) is one below the limit, which is inclusive; "المتغيرات" means "the variables".
  textMaxLength: 'اكتب {0} حرفًا على الأكثر.',
  textMinLength: 'اكتب {0} حرفًا على الأقل.',
  minSelectError: 'اختر ما لا يقل عن {0} من الخيارات.',
  maxSelectError: 'اختر ما لا يزيد على {0} من الخيارات.',
  invalidEmail: 'اكتب عنوان البريد الإلكتروني بالشكل name@example.fi.',
  otherRequiredError: 'اكتب إجابتك في حقل النص.',
};
