/** A resume code as people type it (any case, with or without dashes or spaces) in the server's form XXXX-XXXX-XXXX; null if it cannot be one. */
export function normaliseResumeCode(text: string): string | null {
  const plain = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return plain.length === 12 ? `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}` : null;
}
