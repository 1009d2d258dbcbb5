// The type of a language's rights texts (texts.ts has Finnish's, each chunk languages/<code>.ts its own), apart so that a chunk names it without a circle.
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
