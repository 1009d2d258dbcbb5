import { useId, useRef, useState, type FormEvent } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { addCode, changeCode, codingUrls, deleteCode, importCodebook, mergeCode, type Code, type Codebook } from '../api/coding.ts';
import { Said, useAction, useCodeName, useCodingTexts, When } from './shared.tsx';

type Draft = { fi: string; sv: string; en: string; theme: string; description: string; examples: string };
const empty: Draft = { fi: '', sv: '', en: '', theme: '', description: '', examples: '' };
const draftOf = (code: Code): Draft => ({ ...code.name, theme: code.theme ?? '', description: code.description, examples: code.examples.join('\n') });

/** The server's shape of a code from the form: a missing Swedish or English name is the Finnish one. */
function fields(d: Draft) {
  const fi = d.fi.trim();
  return {
    name: { fi, sv: d.sv.trim() || fi, en: d.en.trim() || fi },
    theme: d.theme.trim() || null,
    description: d.description.trim(),
    examples: d.examples
      .split('\n')
      .map((e) => e.trim())
      .filter(Boolean),
  };
}

function CodeFields({ draft, set, idPrefix }: { draft: Draft; set(d: Draft): void; idPrefix: string }) {
  const c = useCodingTexts();
  const field = (key: keyof Draft, label: string, options: { required?: boolean; help?: string; area?: boolean } = {}) => {
    const id = `${idPrefix}-${key}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {options.help && (
          <span className="hint" id={`${id}-help`}>
            {options.help}
          </span>
        )}
        {options.area ? (
          <textarea id={id} value={draft[key]} onChange={(e) => set({ ...draft, [key]: e.target.value })} aria-describedby={options.help ? `${id}-help` : undefined} maxLength={2000} />
        ) : (
          <input id={id} value={draft[key]} onChange={(e) => set({ ...draft, [key]: e.target.value })} required={options.required} aria-describedby={options.help ? `${id}-help` : undefined} maxLength={200} />
        )}
      </div>
    );
  };
  return (
    <>
      <div className="coding-names">
        {field('fi', c.nameFi, { required: true })}
        {field('sv', c.nameSv)}
        {field('en', c.nameEn)}
      </div>
      <p className="hint">{c.namesHelp}</p>
      {field('theme', c.theme, { help: c.themeHelp })}
      {field('description', c.description, { area: true })}
      {field('examples', c.examples, { area: true, help: c.examplesHelp })}
    </>
  );
}

/** Codes with their names in three languages, themes, descriptions and examples; add, edit, merge, delete; XLSX out and in. */
export function CodebookEditor({ book, reload }: { book: Codebook; reload(): void }) {
  const c = useCodingTexts();
  const name = useCodeName();
  const action = useAction(reload);
  const [draft, setDraft] = useState<Draft>(empty);
  const [editing, setEditing] = useState<string | null>(null);
  const [editDraft, setEditDraft] = useState<Draft>(empty);
  const [mergeTarget, setMergeTarget] = useState<Record<string, string>>({});
  const fileRef = useRef<HTMLInputElement>(null);
  const formId = useId();
  const live = book.codes.filter((x) => !x.mergedInto);
  const merged = book.codes.filter((x) => x.mergedInto);
  const byId = new Map(book.codes.map((x) => [x.id, x]));
  const themes = [...new Set(live.map((x) => x.theme ?? ''))];

  const submitNew = (event: FormEvent) => {
    event.preventDefault();
    const f = fields(draft);
    void action.run(async () => {
      await addCode(book.id, f);
      setDraft(empty);
      document.getElementById(`${formId}-new-fi`)?.focus();
      return c.added(f.name.fi);
    });
  };
  const submitEdit = (event: FormEvent, code: Code) => {
    event.preventDefault();
    const f = fields(editDraft);
    void action.run(async () => {
      await changeCode(book.id, code.id, f);
      setEditing(null);
      return c.saved(f.name.fi);
    });
  };

  return (
    <>
      <p>
        <strong>{c.version(book.version)}</strong> · <When iso={book.updatedAt} /> <span className="hint">{c.versionHelp}</span>
      </p>
      <Said message={action.message} />
      {live.length === 0 ? (
        <p>{c.noCodes}</p>
      ) : (
        themes.map((theme) => (
          <div className="table-wrap" key={theme} role="region" aria-label={theme || c.noTheme} tabIndex={0}>
            <table className="data-table">
              <caption>
                {c.theme}: {theme || c.noTheme}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{c.key}</th>
                  <th scope="col">{c.nameFi}</th>
                  <th scope="col">{c.nameSv}</th>
                  <th scope="col">{c.nameEn}</th>
                  <th scope="col">{c.description}</th>
                  <th scope="col">{c.examples}</th>
                  <th scope="col">{c.actions}</th>
                </tr>
              </thead>
              <tbody>
                {live
                  .map((code, index) => ({ code, index }))
                  .filter(({ code }) => (code.theme ?? '') === theme)
                  .map(({ code, index }) => (
                    <tr key={code.id}>
                      <td>{index < 9 ? index + 1 : ''}</td>
                      {editing === code.id ? (
                        <td colSpan={6}>
                          <form onSubmit={(e) => submitEdit(e, code)} aria-label={c.editCode(name(code))}>
                            <CodeFields draft={editDraft} set={setEditDraft} idPrefix={`${formId}-edit`} />
                            <div className="coding-row-actions">
                              <button type="submit" className="button button--small" disabled={action.busy}>
                                {c.save}
                              </button>
                              <button type="button" className="button button--secondary button--small" onClick={() => setEditing(null)}>
                                {c.cancel}
                              </button>
                            </div>
                          </form>
                        </td>
                      ) : (
                        <>
                          <th scope="row">{code.name.fi}</th>
                          <td lang="sv">{code.name.sv}</td>
                          <td lang="en">{code.name.en}</td>
                          <td>{code.description}</td>
                          <td>
                            {code.examples.length > 0 && (
                              <ul>
                                {code.examples.map((e, i) => (
                                  <li key={i}>{e}</li>
                                ))}
                              </ul>
                            )}
                          </td>
                          <td>
                            <div className="coding-row-actions">
                              <button
                                type="button"
                                className="button button--secondary button--small"
                                aria-label={c.editCode(name(code))}
                                onClick={() => {
                                  setEditDraft(draftOf(code));
                                  setEditing(code.id);
                                  setTimeout(() => document.getElementById(`${formId}-edit-fi`)?.focus());
                                }}
                              >
                                {c.edit}
                              </button>
                              {live.length > 1 && (
                                <>
                                  <label className="visually-hidden" htmlFor={`${formId}-merge-${code.id}`}>
                                    {c.mergeInto(name(code))}
                                  </label>
                                  <select id={`${formId}-merge-${code.id}`} value={mergeTarget[code.id] ?? ''} onChange={(e) => setMergeTarget({ ...mergeTarget, [code.id]: e.target.value })}>
                                    <option value="">{c.mergeInto(name(code))}…</option>
                                    {live
                                      .filter((o) => o.id !== code.id)
                                      .map((o) => (
                                        <option key={o.id} value={o.id}>
                                          {name(o)}
                                        </option>
                                      ))}
                                  </select>
                                  <button
                                    type="button"
                                    className="button button--secondary button--small"
                                    disabled={action.busy || !mergeTarget[code.id]}
                                    aria-label={`${c.merge}: ${name(code)}`}
                                    onClick={() =>
                                      void action.run(async () => {
                                        const into = byId.get(mergeTarget[code.id]!);
                                        await mergeCode(book.id, code.id, mergeTarget[code.id]!);
                                        return c.merged(name(code), name(into));
                                      })
                                    }
                                  >
                                    {c.merge}
                                  </button>
                                </>
                              )}
                              <button
                                type="button"
                                className="button button--secondary button--small"
                                aria-label={c.removeCode(name(code))}
                                disabled={action.busy}
                                onClick={() =>
                                  void action.run(async () => {
                                    await deleteCode(book.id, code.id);
                                    return c.removed(name(code));
                                  })
                                }
                              >
                                {c.remove}
                              </button>
                            </div>
                          </td>
                        </>
                      )}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))
      )}
      <p className="hint">{c.mergeHelp}</p>
      {merged.length > 0 && (
        <>
          <h3>{c.mergedCodes}</h3>
          <ul>
            {merged.map((m) => (
              <li key={m.id}>{c.mergedRow(name(m), name(byId.get(m.mergedInto!)))}</li>
            ))}
          </ul>
        </>
      )}
      <form className="coding-form" onSubmit={submitNew} aria-labelledby={`${formId}-add`}>
        <h3 id={`${formId}-add`}>{c.addCode}</h3>
        <CodeFields draft={draft} set={setDraft} idPrefix={`${formId}-new`} />
        <button type="submit" className="button" disabled={action.busy}>
          {c.addCode}
        </button>
      </form>
      <section className="coding-form" aria-labelledby={`${formId}-xlsx`}>
        <h3 id={`${formId}-xlsx`}>{c.xlsx}</h3>
        <p>
          <a href={codingUrls.xlsx(book.id)} download>
            {c.downloadXlsx}
          </a>
        </p>
        <div className="field">
          <label htmlFor={`${formId}-file`}>{c.importXlsx}</label>
          <span className="hint" id={`${formId}-file-help`}>
            {c.importHelp}
          </span>
          <input id={`${formId}-file`} ref={fileRef} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby={`${formId}-file-help`} />
        </div>
        <button
          type="button"
          className="button button--secondary"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              const file = fileRef.current?.files?.[0];
              if (!file) throw new Error(c.chooseFile);
              const after = await importCodebook(book.id, file);
              if (fileRef.current) fileRef.current.value = '';
              return c.imported(after.codes.filter((x) => !x.mergedInto).length);
            })
          }
        >
          {c.importXlsx}
        </button>
      </section>
    </>
  );
}

/** Used by the other views: a code's language-aware label with its number key. */
export function useLiveCodes(book: Codebook) {
  const { language } = useLanguage();
  return book.codes.filter((x) => !x.mergedInto).map((code, index) => ({ code, key: index < 9 ? String(index + 1) : null, label: code.name[language] || code.name.fi }));
}

/** Code ids in the codebook's order (the server sorts a verdict's codes by id). */
export function inCodebookOrder(codes: readonly { code: { id: string } }[], ids: readonly string[]): string[] {
  const at = (id: string) => {
    const i = codes.findIndex((x) => x.code.id === id);
    return i < 0 ? codes.length : i;
  };
  return [...ids].sort((a, b) => at(a) - at(b));
}
