// The structure tab: pages and their questions in order. Add (a type picker), move (buttons,
// Alt+ArrowUp/Down on a question's row, or HTML5 drag and drop on its handle), duplicate, delete
// (with undo), move between pages, and each question's own settings in the default language
// (translations has the others). Every edit goes through the pure functions of ../model.ts, so
// properties without a field here are kept as they are.
import { useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import ConditionEditor from '../conditions/ConditionEditor.tsx';
import {
  addPage,
  addQuestion,
  CHOICE_TYPES,
  duplicateQuestion,
  elementsOf,
  freshValue,
  moveItem,
  movePage,
  moveQuestion,
  nameProblem,
  newQuestion,
  pagesOf,
  QUESTION_TYPES,
  readChoice,
  relabel,
  removePage,
  removeQuestion,
  stepQuestion,
  textIn,
  updatePage,
  updateQuestion,
  withText,
  type Json,
  type Place,
  type QuestionType,
} from '../model.ts';
import type { DraftTabProps, SurveyFile } from '../tab.ts';
import { authoringTexts, type AuthoringTexts } from '../texts.ts';

/** Properties with a field of their own in a question's editor; the rest are listed as kept. */
const EDITED = new Set(['type', 'name', 'title', 'description', 'isRequired', 'choices', 'hasOther', 'minSelectedChoices', 'maxSelectedChoices', 'rateMin', 'rateMax', 'inputType', 'min', 'max', 'maxLength', 'rows', 'columns', 'items', 'expression', 'html', 'visibleIf', 'requiredIf', 'enableIf']);

/** Where the focus goes once a move, copy, undo or addition has rendered; `at` bounds the wait. */
type FocusRequest = { name: string; control: string; at: number } | null;

export default function StructureTab({ file, onChange }: DraftTabProps) {
  const { language } = useLanguage();
  const t = authoringTexts(language);
  // A link from the checks tab names a question (`?q=<name>`) or a page (`?sivu=<name>`): that question opens.
  const [linked] = useState(() => {
    const search = new URLSearchParams(window.location.search);
    return { question: search.get('q'), page: search.get('sivu') };
  });
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(linked.question ? [linked.question] : []));
  const [announcement, setAnnouncement] = useState('');
  const [undo, setUndo] = useState<{ name: string; place: Place; question: Json } | null>(null);
  const focusRequest = useRef<FocusRequest>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const dragged = useRef<Place | null>(null);
  const pages = pagesOf(file);

  // After a move or a copy the focus follows the question to its new row.
  useEffect(() => {
    const request = focusRequest.current;
    if (!request) return;
    const row = root.current?.querySelector(`[data-question="${CSS.escape(request.name)}"]`);
    const target = row?.querySelector(`[data-control="${request.control}"]`) as HTMLElement | null;
    // The request waits for the render that draws its row (the file comes back through the draft's
    // host, which may render this tab once before it), but not forever.
    if (!target && Date.now() - request.at < 2000) return;
    focusRequest.current = null;
    target?.focus();
  });

  // …and takes the focus once, scrolled into view: its edit button, or the linked page's heading.
  useEffect(() => {
    const target = linked.question
      ? root.current?.querySelector(`[data-question="${CSS.escape(linked.question)}"] [data-control="edit"]`)
      : linked.page !== null
        ? document.getElementById(`page-${pages.findIndex((page) => page.name === linked.page)}-heading`)
        : null;
    if (!(target instanceof HTMLElement)) return;
    if (target.tagName.startsWith('H')) target.tabIndex = -1;
    target.scrollIntoView({ block: 'center' });
    target.focus();
    // Once, on arrival: later renders leave the focus where the author puts it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const nameAt = (place: Place) => String(elementsOf(pages[place.page] ?? {})[place.index]?.name ?? '');
  const move = (from: Place, to: Place | 'up' | 'down', control: string) => {
    const name = nameAt(from);
    const moved = to === 'up' || to === 'down' ? stepQuestion(file, from, to === 'up' ? -1 : 1) : moveQuestion(file, from, to);
    if (moved.file === file) return;
    focusRequest.current = { name, control, at: Date.now() };
    onChange(moved.file);
    setAnnouncement(t.moved(name, moved.place.page + 1, moved.place.index + 1));
  };
  const duplicate = (place: Place) => {
    const copied = duplicateQuestion(file, place);
    const name = nameAt(place);
    const copyName = String(elementsOf(pagesOf(copied.file)[copied.place.page]!)[copied.place.index]?.name);
    focusRequest.current = { name: copyName, control: 'edit', at: Date.now() };
    onChange(copied.file);
    setAnnouncement(`${t.duplicated(copyName)} (${name})`);
  };
  const remove = (place: Place) => {
    const { file: next, removed } = removeQuestion(file, place);
    if (!removed) return;
    const name = String(removed.name ?? '');
    onChange(next);
    setUndo({ name, place, question: removed });
    setAnnouncement('');
    window.setTimeout(() => undoButton.current?.focus(), 0);
  };
  const restore = () => {
    if (!undo) return;
    focusRequest.current = { name: undo.name, control: 'edit', at: Date.now() };
    onChange(addQuestion(file, Math.min(undo.place.page, pages.length - 1), undo.question, undo.place.index).file);
    setUndo(null);
  };
  const add = (page: number, type: QuestionType) => {
    const q = newQuestion(file, type, t.newQuestionTitle);
    const name = String(q.name);
    onChange(addQuestion(file, page, q).file);
    setOpen((o) => new Set([...o, name]));
    focusRequest.current = { name, control: 'name', at: Date.now() };
    setAnnouncement(t.added(name));
  };
  const toggle = (name: string) => setOpen((o) => (o.has(name) ? new Set([...o].filter((n) => n !== name)) : new Set([...o, name])));
  const renamed = (from: string, to: string) => setOpen((o) => (o.has(from) ? new Set([...[...o].filter((n) => n !== from), to]) : o));

  const drop = (event: DragEvent, to: Place) => {
    event.preventDefault();
    const from = dragged.current;
    dragged.current = null;
    if (!from) return;
    // Dropped on a row below it on its own page: it takes that row's place (the row moves up).
    move(from, to, 'drag');
  };

  return (
    <div ref={root} className="structure">
      <h2>{t.pages}</h2>
      <p className="hint" id="structure-keys">
        {t.keyboardHelp}
      </p>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {undo && (
        <div className="notice" role="status">
          {t.deleted(undo.name)}{' '}
          <button ref={undoButton} type="button" className="button button--secondary button--small" onClick={restore}>
            {t.undo}
          </button>
        </div>
      )}
      {pages.map((page, p) => {
        const elements = elementsOf(page);
        return (
          <section key={p} className="page-card" aria-labelledby={`page-${p}-heading`}>
            <h3 id={`page-${p}-heading`}>
              {t.page(p + 1)}
              {textIn(page.title, 'default') ? `: ${textIn(page.title, 'default')}` : ''}
            </h3>
            <div className="page-card__settings">
              <TextField label={t.pageTitle} value={textIn(page.title, 'default')} onChange={(v) => onChange(updatePage(file, p, { title: withText(page.title, 'default', v) }))} />
              <TextField label={t.pageName} value={String(page.name ?? '')} onChange={(v) => onChange(updatePage(file, p, { name: v || undefined }))} />
              <div className="row-actions">
                <button type="button" className="button button--secondary button--small" disabled={p === 0} onClick={() => onChange(movePage(file, p, p - 1))}>
                  {t.movePageUp(p + 1)}
                </button>
                <button type="button" className="button button--secondary button--small" disabled={p === pages.length - 1} onClick={() => onChange(movePage(file, p, p + 1))}>
                  {t.movePageDown(p + 1)}
                </button>
                <button type="button" className="button button--secondary button--small" disabled={elements.length > 0} title={elements.length > 0 ? t.pageNotEmpty : undefined} onClick={() => onChange(removePage(file, p))}>
                  {t.removePage(p + 1)}
                </button>
              </div>
            </div>
            {elements.length === 0 && (
              <p className="hint drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={(e) => drop(e, { page: p, index: 0 })}>
                {t.noQuestions}
              </p>
            )}
            <ol className="question-list">
              {elements.map((q, i) => {
                const name = String(q.name ?? '');
                const place = { page: p, index: i };
                const onKeyDown = (event: KeyboardEvent) => {
                  if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
                  event.preventDefault();
                  const control = (event.target as HTMLElement).dataset.control ?? 'edit';
                  move(place, event.key === 'ArrowUp' ? 'up' : 'down', control);
                };
                return (
                  <li
                    key={i}
                    className="question-row"
                    data-question={name}
                    onDragOver={(e) => dragged.current && e.preventDefault()}
                    onDrop={(e) => drop(e, place)}
                  >
                    <div className="question-row__head" onKeyDown={onKeyDown}>
                      <span
                        className="drag-handle"
                        draggable
                        role="img"
                        aria-label={t.dragHandle(name)}
                        data-control="drag"
                        onDragStart={(e) => {
                          dragged.current = place;
                          e.dataTransfer.effectAllowed = 'move';
                          e.dataTransfer.setData('text/plain', name);
                        }}
                      >
                        ⠿
                      </span>
                      <span className="question-row__summary">
                        <strong>{name}</strong> <span className="hint">{t.types[String(q.type)] ?? String(q.type)}</span> {textIn(q.title, 'default')}
                      </span>
                      <span className="row-actions">
                        <button type="button" className="button button--secondary button--small" data-control="edit" aria-expanded={open.has(name)} aria-label={t.editQuestion(name)} aria-describedby="structure-keys" onClick={() => toggle(name)}>
                          {t.edit}
                        </button>
                        <button type="button" className="button button--secondary button--small" data-control="up" aria-label={t.moveUpOf(name)} disabled={p === 0 && i === 0} onClick={() => move(place, 'up', 'up')}>
                          ↑
                        </button>
                        <button type="button" className="button button--secondary button--small" data-control="down" aria-label={t.moveDownOf(name)} disabled={p === pages.length - 1 && i === elements.length - 1} onClick={() => move(place, 'down', 'down')}>
                          ↓
                        </button>
                        <button type="button" className="button button--secondary button--small" data-control="duplicate" aria-label={t.duplicateOf(name)} onClick={() => duplicate(place)}>
                          {t.duplicate}
                        </button>
                        <button type="button" className="button button--secondary button--small" data-control="delete" aria-label={t.deleteOf(name)} onClick={() => remove(place)}>
                          {t.remove}
                        </button>
                        {pages.length > 1 && (
                          <select
                            aria-label={t.moveToPageOf(name)}
                            data-control="page"
                            value={p}
                            onChange={(e) => move(place, { page: Number(e.target.value), index: elementsOf(pages[Number(e.target.value)]!).length }, 'page')}
                          >
                            {pages.map((_, k) => (
                              <option key={k} value={k}>
                                {t.page(k + 1)}
                              </option>
                            ))}
                          </select>
                        )}
                      </span>
                    </div>
                    {open.has(name) && <QuestionEditor file={file} place={place} question={q} onChange={onChange} onRenamed={renamed} t={t} />}
                  </li>
                );
              })}
            </ol>
            <AddQuestion t={t} page={p} onAdd={(type) => add(p, type)} />
          </section>
        );
      })}
      <button
        type="button"
        className="button"
        onClick={() => {
          const added = addPage(file, '');
          onChange(added.file);
          setAnnouncement(t.page(added.index + 1));
        }}
      >
        {t.addPage}
      </button>
    </div>
  );
}

function AddQuestion({ t, page, onAdd }: { t: AuthoringTexts; page: number; onAdd(type: QuestionType): void }) {
  const id = useId();
  const [type, setType] = useState<QuestionType>('radiogroup');
  return (
    <div className="add-question">
      <div className="field">
        <label htmlFor={id}>
          {t.questionType} ({t.page(page + 1)})
        </label>
        <select id={id} value={type} onChange={(e) => setType(e.target.value as QuestionType)}>
          {QUESTION_TYPES.map((k) => (
            <option key={k} value={k}>
              {t.types[k]}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button button--secondary" onClick={() => onAdd(type)}>
        {t.addQuestion}
      </button>
    </div>
  );
}

function TextField({ label, value, onChange, onCommit, multiline, describedBy, invalid, control, children }: { label: string; value: string; onChange(v: string): void; onCommit?(): void; multiline?: boolean; describedBy?: string; invalid?: boolean; control?: string; children?: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} value={value} rows={3} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy} data-control={control} />
      ) : (
        <input
          id={id}
          type="text"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onCommit}
          onKeyDown={(e) => e.key === 'Enter' && onCommit?.()}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          data-control={control}
        />
      )}
      {children}
    </div>
  );
}

function NumberField({ label, value, onChange }: { label: string; value: unknown; onChange(v: number | undefined): void }) {
  const id = useId();
  const [text, setText] = useState(typeof value === 'number' ? String(value) : '');
  useEffect(() => setText(typeof value === 'number' ? String(value) : ''), [value]);
  return (
    <div className="field field--narrow">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const n = e.target.value === '' ? undefined : Number(e.target.value);
          if (n === undefined || Number.isFinite(n)) onChange(n);
        }}
      />
    </div>
  );
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange(v: boolean): void }) {
  return (
    <label className="choice">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

function QuestionEditor({ file, place, question: q, onChange, onRenamed, t }: { file: SurveyFile; place: Place; question: Json; onChange(f: SurveyFile): void; onRenamed(from: string, to: string): void; t: AuthoringTexts }) {
  const id = useId();
  const type = String(q.type);
  const set = (patch: Json) => onChange(updateQuestion(file, place, patch));
  const [name, setName] = useState(String(q.name ?? ''));
  useEffect(() => setName(String(q.name ?? '')), [q.name]);
  const problem = name === q.name ? null : nameProblem(file, place, name);
  const others = Object.keys(q).filter((k) => !EDITED.has(k));
  const hasChoices = CHOICE_TYPES.includes(type) || type === 'matrixdropdown';

  return (
    <div className="question-editor" role="group" aria-label={t.editQuestion(String(q.name))}>
      <TextField
        label={t.name}
        value={name}
        control="name"
        invalid={problem !== null}
        describedBy={`${id}-name-help${problem ? ` ${id}-name-problem` : ''}`}
        onChange={setName}
        // Applied when the author leaves the field (or presses Enter), and only when it is free: a
        // name typed letter by letter would otherwise pass through other questions' names.
        onCommit={() => {
          if (name !== q.name && nameProblem(file, place, name) === null) {
            onRenamed(String(q.name), name);
            set({ name });
          }
        }}
      >
        <span id={`${id}-name-help`} className="hint">
          {t.nameHelp}
        </span>
        {problem && (
          <span id={`${id}-name-problem`} className="field-error" role="alert">
            {t.nameProblems[problem]}
          </span>
        )}
      </TextField>
      {type !== 'html' && <TextField label={t.questionTitle} value={textIn(q.title, 'default')} onChange={(v) => set({ title: withText(q.title, 'default', v) })} />}
      {type !== 'html' && type !== 'expression' && <TextField label={t.description} value={textIn(q.description, 'default')} onChange={(v) => set({ description: withText(q.description, 'default', v) })} />}
      {type !== 'html' && type !== 'expression' && <Check label={t.required} checked={q.isRequired === true} onChange={(v) => set({ isRequired: v || undefined })} />}
      {hasChoices && <ItemsEditor legend={t.choices} addLabel={t.addChoice} items={Array.isArray(q.choices) ? q.choices : []} valueKey="value" onChange={(choices) => set({ choices })} t={t} />}
      {CHOICE_TYPES.includes(type) && type !== 'ranking' && <Check label={t.hasOther} checked={q.hasOther === true || q.showOtherItem === true} onChange={(v) => set('showOtherItem' in q ? { showOtherItem: v || undefined } : { hasOther: v || undefined })} />}
      {type === 'checkbox' && (
        <div className="inline-fields">
          <NumberField label={t.minSelected} value={q.minSelectedChoices} onChange={(v) => set({ minSelectedChoices: v })} />
          <NumberField label={t.maxSelected} value={q.maxSelectedChoices} onChange={(v) => set({ maxSelectedChoices: v })} />
        </div>
      )}
      {type === 'rating' && (
        <div className="inline-fields">
          <NumberField label={t.rateMin} value={q.rateMin} onChange={(v) => set({ rateMin: v })} />
          <NumberField label={t.rateMax} value={q.rateMax} onChange={(v) => set({ rateMax: v })} />
        </div>
      )}
      {type === 'text' && (
        <div className="inline-fields">
          <div className="field field--narrow">
            <label htmlFor={`${id}-input`}>{t.inputType}</label>
            <select id={`${id}-input`} value={String(q.inputType ?? 'text')} onChange={(e) => set({ inputType: e.target.value === 'text' ? undefined : e.target.value })}>
              {Object.entries(t.inputTypes).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          {q.inputType === 'number' && <NumberField label={t.min} value={q.min} onChange={(v) => set({ min: v })} />}
          {q.inputType === 'number' && <NumberField label={t.max} value={q.max} onChange={(v) => set({ max: v })} />}
        </div>
      )}
      {(type === 'text' || type === 'comment') && <NumberField label={t.maxLength} value={q.maxLength} onChange={(v) => set({ maxLength: v })} />}
      {(type === 'matrix' || type === 'matrixdropdown') && <ItemsEditor legend={t.rows} addLabel={t.addRow} items={Array.isArray(q.rows) ? q.rows : []} valueKey="value" onChange={(rows) => set({ rows })} t={t} />}
      {type === 'matrix' && <ItemsEditor legend={t.columns} addLabel={t.addColumn} items={Array.isArray(q.columns) ? q.columns : []} valueKey="value" onChange={(columns) => set({ columns })} t={t} />}
      {type === 'matrixdropdown' && <ItemsEditor legend={t.columns} addLabel={t.addColumn} items={Array.isArray(q.columns) ? q.columns : []} valueKey="name" onChange={(columns) => set({ columns })} t={t} />}
      {type === 'multipletext' && <ItemsEditor legend={t.items} addLabel={t.addItem} items={Array.isArray(q.items) ? q.items : []} valueKey="name" onChange={(items) => set({ items })} t={t} />}
      {type === 'expression' && <TextField label={t.expression} value={String(q.expression ?? '')} onChange={(v) => set({ expression: v })} />}
      {type === 'html' && <TextField label={t.html} multiline value={textIn(q.html, 'default')} onChange={(v) => set({ html: withText(q.html, 'default', v) ?? '' })} />}
      {type === 'panel' && <p className="hint">{t.panelNote}</p>}
      <fieldset>
        <legend>{t.conditions}</legend>
        {(['visibleIf', 'requiredIf', 'enableIf'] as const).map((k) => (
          <ConditionEditor key={k} label={t[k]} value={typeof q[k] === 'string' ? (q[k] as string) : ''} onChange={(v) => set({ [k]: v === '' ? undefined : v })} file={file} questionName={String(q.name ?? '')} />
        ))}
      </fieldset>
      {others.length > 0 && <p className="hint">{t.otherProperties(others.join(', '))}</p>}
    </div>
  );
}

/**
 * Choices, matrix rows and columns, multiple text fields: each a value (what answers store, never
 * changed by relabelling) and a label in the default language. A new item gets a fresh value.
 */
function ItemsEditor({ legend, addLabel, items, valueKey, onChange, t }: { legend: string; addLabel: string; items: unknown[]; valueKey: 'value' | 'name'; onChange(items: unknown[]): void; t: AuthoringTexts }) {
  const list = useRef<HTMLOListElement>(null);
  const focusLast = useRef(false);
  useEffect(() => {
    if (!focusLast.current) return;
    focusLast.current = false;
    const inputs = list.current?.querySelectorAll<HTMLInputElement>('input[data-control="label"]');
    inputs?.[inputs.length - 1]?.focus();
  });
  const setAt = (i: number, item: unknown) => onChange(items.map((x, k) => (k === i ? item : x)));
  const add = () => {
    const fresh = freshValue(items);
    focusLast.current = true;
    onChange([...items, valueKey === 'value' ? { value: fresh, text: '' } : { name: `kohta_${fresh}`, title: '' }]);
  };
  return (
    <fieldset className="items-editor">
      <legend>{legend}</legend>
      <p className="hint">{t.valueHelp}</p>
      <ol ref={list}>
        {items.map((item, i) => {
          const c = readChoice(item, 'default');
          return (
            <li key={i} className="item-row">
              <LabelledInput label={t.choiceLabel(i + 1)} value={c.text} control="label" onChange={(v) => setAt(i, relabel(item, 'default', v))} />
              <LabelledInput
                label={t.choiceValue(i + 1)}
                value={c.value}
                control="value"
                narrow
                onChange={(v) => {
                  const base: Json = typeof item === 'object' && item !== null ? { ...(item as Json) } : { value: item, text: String(item) };
                  const old = base[valueKey];
                  base[valueKey] = typeof old === 'number' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
                  setAt(i, base);
                }}
              />
              <span className="row-actions">
                <button type="button" className="button button--secondary button--small" aria-label={t.moveChoiceUp(i + 1)} disabled={i === 0} onClick={() => onChange(moveItem(items, i, i - 1))}>
                  ↑
                </button>
                <button type="button" className="button button--secondary button--small" aria-label={t.moveChoiceDown(i + 1)} disabled={i === items.length - 1} onClick={() => onChange(moveItem(items, i, i + 1))}>
                  ↓
                </button>
                <button type="button" className="button button--secondary button--small" aria-label={t.removeChoice(i + 1)} onClick={() => onChange(items.filter((_, k) => k !== i))}>
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <button type="button" className="button button--secondary button--small" onClick={add}>
        {addLabel}
      </button>
    </fieldset>
  );
}

function LabelledInput({ label, value, onChange, control, narrow }: { label: string; value: string; onChange(v: string): void; control: string; narrow?: boolean }) {
  const id = useId();
  return (
    <span className={narrow ? 'field field--narrow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} data-control={control} onChange={(e) => onChange(e.target.value)} />
    </span>
  );
}
