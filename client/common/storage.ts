// localStorage that never throws: it may be missing (some private modes), full or blocked, and a
// respondent must still be able to answer then (only the keeping across reloads is lost).

const PREFIX = 'kuulo:';

function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function readJson<T>(key: string): T | null {
  try {
    const raw = store()?.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/** Returns false when the value could not be kept. */
export function writeJson(key: string, value: unknown): boolean {
  try {
    const s = store();
    if (!s) return false;
    s.setItem(PREFIX + key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function remove(key: string): void {
  try {
    store()?.removeItem(PREFIX + key);
  } catch {
    // nothing to do: the value was never readable either
  }
}

/** Keys (without the prefix) that start with `start`. */
export function keysStartingWith(start: string): string[] {
  const s = store();
  if (!s) return [];
  const keys: string[] = [];
  try {
    for (let i = 0; i < s.length; i++) {
      const key = s.key(i);
      if (key?.startsWith(PREFIX + start)) keys.push(key.slice(PREFIX.length));
    }
  } catch {
    return [];
  }
  return keys;
}
