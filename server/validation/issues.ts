import type { ValidationCode, ValidationIssue } from './types.ts';

/**
 * Collects issues so that one question is named once per code: a matrix with three empty
 * required cells is one `required` issue on the matrix, which is what a respondent can act on.
 */
export class IssueList {
  readonly items: ValidationIssue[] = [];
  private readonly seen = new Set<string>();
  /** Questions that already failed; later stages leave them alone so one fault is not reported twice. */
  readonly failed = new Set<string>();

  add(question: string, code: ValidationCode, message: string): void {
    this.failed.add(question);
    const key = `${question}\u0000${code}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push({ question, code, message });
  }
}

export interface Problem {
  code: ValidationCode;
  message: string;
}

export const problem = (code: ValidationCode, message: string): Problem => ({ code, message });
