// Whether an answer gave any of the questions that ask who the respondent is (the server finds
// them, server/questions/identifying.ts, and sends them with the survey), so that the thank-you
// page never says "you answered anonymously" to someone who gave a name or contact details.

/** Whether the answers give any of those questions a value: only then is the answer not anonymous. */
export function gaveIdentifyingAnswers(questions: ReadonlySet<string>, data: Record<string, unknown>): boolean {
  const given = (value: unknown): boolean =>
    value !== undefined && value !== null && value !== '' && (typeof value !== 'object' || Object.values(value as object).some(given));
  return [...questions].some((name) => given(data[name]));
}
