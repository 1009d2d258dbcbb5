// Which questions of a form ask who the respondent is (a name, an e-mail address, a phone number, a
// signature), so that no page says "you answer anonymously" of a form that asks them: the public
// survey list and a survey's form and privacy notice carry what this finds (server/responses), and
// the thank-you page reads the same list. Read from the SurveyJS definition itself, the only place
// that says what a form asks: the survey file's envelope has no field for it. Written by hand:
// SurveyJS has no notion of personal data, and the rule is a few lines over its JSON.

/** SurveyJS `autocomplete` tokens (the HTML ones) that name or reach a person. */
const PERSONAL_AUTOCOMPLETE = new Set(['name', 'given-name', 'additional-name', 'family-name', 'nickname', 'email', 'tel', 'tel-national', 'street-address', 'bday']);
/** Question names that ask for a name or contact details, in Finnish, Swedish and English. */
const PERSONAL_NAME = /^(etu|suku|koko)?nimi$|^(first|last|full|given|family)?[-_ ]?name$|^(för|efter)?namn$|e-?mail|s[aä]hk[oö]posti|e-?post|puhelin|phone|telefon/i;

function asksWhoYouAre(element: Record<string, unknown>): boolean {
  if (typeof element.name !== 'string') return false;
  if (element.type === 'signaturepad') return true;
  if (element.inputType === 'email' || element.inputType === 'tel') return true;
  if (typeof element.autocomplete === 'string' && PERSONAL_AUTOCOMPLETE.has(element.autocomplete)) return true;
  if (Array.isArray(element.validators) && element.validators.some((v) => (v as { type?: unknown })?.type === 'email')) return true;
  // A page or panel is a container, not a question: its name says nothing of what it asks.
  if (element.type === 'panel' || Array.isArray(element.elements)) return false;
  return PERSONAL_NAME.test(element.name);
}

/**
 * The value names of the questions that ask who the respondent is, at any depth (panels, a
 * multiple-text question's items, a matrix's columns, a dynamic panel's template): a part inside a
 * question is named by its question's value name, since that is where its answer is kept.
 */
export function identifyingQuestions(definition: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown, question: string | null): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, question));
    if (value === null || typeof value !== 'object') return;
    const element = value as Record<string, unknown>;
    const isQuestion = typeof element.name === 'string' && typeof element.type === 'string' && element.type !== 'panel' && !Array.isArray(element.elements);
    const own = question ?? (isQuestion ? String(element.valueName ?? element.name) : null);
    if (own !== null && asksWhoYouAre(element)) names.add(own);
    for (const key of ['pages', 'elements', 'templateElements', 'items', 'columns']) {
      if (key in element) visit(element[key], own);
    }
  };
  visit(definition, null);
  return names;
}
