// The batch in the browser: the plan from the server, then each group's file fetched in turn (each
// a request of its own, so no server keeps a job's state), zipped here with fflate.
import { Zip, ZipPassThrough, strToU8 } from 'fflate';
import { sessionGet } from '../../common/session.ts';
import type { BatchPlan } from './api.ts';

export const LEFT_OUT_FILE = 'jatetty-pois.txt';

export async function runBatch(
  planUrl: string,
  fileUrl: (group: string) => string,
  texts: { leftOut: string; nothingLeftOut: string },
  onProgress: (done: number, total: number, plan: BatchPlan) => void,
  signal: AbortSignal,
): Promise<{ zip: Blob; plan: BatchPlan }> {
  const plan = await sessionGet<BatchPlan>(planUrl);
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else parts.push(chunk);
  });
  const add = (name: string, data: Uint8Array) => {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(data, true);
  };
  onProgress(0, plan.files.length, plan);
  for (const [i, file] of plan.files.entries()) {
    const res = await fetch(fileUrl(file.group), { credentials: 'same-origin', signal });
    if (!res.ok) throw new Error(`${file.label}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    add(file.file, new Uint8Array(await res.arrayBuffer()));
    if (failure) throw failure;
    onProgress(i + 1, plan.files.length, plan);
  }
  const lines = [texts.leftOut, '', ...(plan.leftOut.length ? plan.leftOut.map((l) => `${l.label}: ${l.reason}`) : [texts.nothingLeftOut])];
  add(LEFT_OUT_FILE, strToU8(`${lines.join('\r\n')}\r\n`));
  zip.end();
  if (failure) throw failure;
  return { zip: new Blob(parts as BlobPart[], { type: 'application/zip' }), plan };
}

/** Saves a blob under a name through a temporary link. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
