// The envelope settings: title, audience, municipality question (a picker of the draft's
// questions), suppression, opening times, weighting categories, retention and erasure, series, and
// the whole privacy notice per language, with the parts still missing named as the server's
// lifecycle names them (server/surveys/envelope.ts privacyNoticeGaps).
import { useId, useState, type ReactNode } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { elementsOf, NOTICE_PARTS, pagesOf, patched, readChoice, setEnvelope, setNoticePart, textIn, withText, type Json, type TextLanguage } from '../model.ts';
import type { DraftTabProps, SurveyFile } from '../tab.ts';
import { authoringTexts } from '../texts.ts';

const LANGS: readonly TextLanguage[] = ['default', 'sv', 'en'];
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The questions of the draft, in order, as `{name, title, choices}` for pickers. */
function questionsOf(file: SurveyFile) {
  return pagesOf(file).flatMap((p) => elementsOf(p)).filter((q) => typeof q.name === 'string' && q.type !== 'html') as (Json & { name: string })[];
}

/** A local time for `<input type="datetime-local">` from an ISO time, and back with Finland's offset of that day. */
function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return parts.replace(' ', 'T');
}
function fromLocalInput(local: string): string | null {
  if (local === '') return null;
  const guess = new Date(`${local}:00Z`);
  const shown = toLocalInput(guess.toISOString());
  const offsetMinutes = Math.round((new Date(`${shown}:00Z`).getTime() - guess.getTime()) / 60000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The notice's gaps as the lifecycle names them: `privacy.retention (sv)`. */
export function noticeGaps(file: SurveyFile): string[] {
  const privacy = file.privacy;
  if (!isObject(privacy)) return ['privacy'];
  const title = file.title;
  const languages = typeof title === 'string' || !isObject(title) ? ['default'] : LANGS.filter((l) => l === 'default' || Object.hasOwn(title, l));
  const gaps: string[] = [];
  for (const part of NOTICE_PARTS) {
    const text = privacy[part];
    if (text === undefined) gaps.push(`privacy.${part}`);
    else if (isObject(text)) for (const l of languages) if (!textIn(text, l as TextLanguage)) gaps.push(`privacy.${part} (${l === 'default' ? 'fi' : l})`);
  }
  return gaps;
}

export default function SettingsTab({ file, onChange }: DraftTabProps) {
  const { language } = useLanguage();
  const t = authoringTexts(language);
  const id = useId();
  const set = (patch: Json) => onChange(setEnvelope(file, patch));
  const questions = questionsOf(file);
  const suppression = isObject(file.suppression) ? file.suppression : {};
  const retention = isObject(file.retention) ? file.retention : null;
  const series = isObject(file.series) ? file.series : null;
  const weighting = isObject(file.weighting) ? file.weighting : {};
  const gaps = noticeGaps(file);
  const num = (v: string) => (v === '' ? undefined : Number(v));

  return (
    <div className="settings">
      <h2>{t.settings}</h2>
      <Section title={t.surveyTitle}>
        {LANGS.map((l, i) => (
          <Field key={l} id={`${id}-title-${l}`} label={[t.titleFi, t.titleSv, t.titleEn][i]!}>
            <input id={`${id}-title-${l}`} type="text" value={textIn(file.title, l)} onChange={(e) => set({ title: withText(file.title, l, e.target.value) })} />
          </Field>
        ))}
      </Section>
      <Section title={t.audience}>
        <Field id={`${id}-audience`} label={t.audience}>
          <select id={`${id}-audience`} value={typeof file.audience === 'string' ? file.audience : 'residents'} onChange={(e) => set({ audience: e.target.value })}>
            {Object.entries(t.audiences).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-municipality`} label={t.municipalityQuestion} help={t.municipalityHelp}>
          <select id={`${id}-municipality`} aria-describedby={`${id}-municipality-help`} value={typeof file.municipalityQuestion === 'string' ? file.municipalityQuestion : ''} onChange={(e) => set({ municipalityQuestion: e.target.value === '' ? null : e.target.value })}>
            <option value="">{t.none}</option>
            {questions.map((q) => (
              <option key={q.name} value={q.name}>
                {q.name} – {textIn(q.title, 'default')}
              </option>
            ))}
          </select>
        </Field>
      </Section>
      <Section title={t.suppression}>
        <div className="inline-fields">
          <Field id={`${id}-group`} label={t.minGroup}>
            <input id={`${id}-group`} type="number" min={1} value={typeof suppression.minGroupSize === 'number' ? suppression.minGroupSize : ''} onChange={(e) => set({ suppression: patched({ ...suppression }, { minGroupSize: num(e.target.value) }) })} />
          </Field>
          <Field id={`${id}-cell`} label={t.minCell}>
            <input id={`${id}-cell`} type="number" min={1} value={typeof suppression.minCellSize === 'number' ? suppression.minCellSize : ''} onChange={(e) => set({ suppression: patched({ ...suppression }, { minCellSize: num(e.target.value) }) })} />
          </Field>
        </div>
      </Section>
      <Section title={`${t.opens} / ${t.closes}`}>
        <p className="hint" id={`${id}-times-help`}>
          {t.timesHelp}
        </p>
        <div className="inline-fields">
          <Field id={`${id}-opens`} label={t.opens}>
            <input id={`${id}-opens`} type="datetime-local" aria-describedby={`${id}-times-help`} value={toLocalInput(file.opens)} onChange={(e) => set({ opens: fromLocalInput(e.target.value) })} />
          </Field>
          <Field id={`${id}-closes`} label={t.closes}>
            <input id={`${id}-closes`} type="datetime-local" aria-describedby={`${id}-times-help`} value={toLocalInput(file.closes)} onChange={(e) => set({ closes: fromLocalInput(e.target.value) })} />
          </Field>
        </div>
      </Section>
      <Section title={t.weighting}>
        <p className="hint">{t.weightingHelp}</p>
        {Object.entries(weighting).map(([variable, spec]) => {
          const w = isObject(spec) ? spec : {};
          const question = questions.find((q) => q.name === w.question);
          const categories = isObject(w.categories) ? (w.categories as Record<string, string>) : {};
          const setW = (next: Json) => set({ weighting: { ...weighting, [variable]: next } });
          return (
            <fieldset key={variable}>
              <legend>{t.weightingVariable(variable)}</legend>
              <Field id={`${id}-w-${variable}`} label={t.weightingQuestion}>
                <select id={`${id}-w-${variable}`} value={typeof w.question === 'string' ? w.question : ''} onChange={(e) => setW({ ...w, question: e.target.value })}>
                  <option value="">{t.none}</option>
                  {questions.map((q) => (
                    <option key={q.name} value={q.name}>
                      {q.name}
                    </option>
                  ))}
                </select>
              </Field>
              {question &&
                (Array.isArray(question.choices) ? question.choices : []).map((c) => {
                  const choice = readChoice(c, 'default');
                  return (
                    <Field key={choice.value} id={`${id}-w-${variable}-${choice.value}`} label={`${t.weightingCategory(choice.value)} (${choice.text})`}>
                      <input
                        id={`${id}-w-${variable}-${choice.value}`}
                        type="text"
                        value={categories[choice.value] ?? ''}
                        onChange={(e) => setW({ ...w, categories: patched({ ...categories }, { [choice.value]: e.target.value === '' ? undefined : e.target.value }) })}
                      />
                    </Field>
                  );
                })}
              <button type="button" className="button button--secondary button--small" onClick={() => set({ weighting: Object.keys(weighting).length === 1 ? undefined : patched({ ...weighting }, { [variable]: undefined }) })}>
                {t.removeWeighting(variable)}
              </button>
            </fieldset>
          );
        })}
        <NewWeighting label={t.weightingName} button={t.addWeighting} taken={Object.keys(weighting)} onAdd={(name) => set({ weighting: { ...weighting, [name]: { question: '', categories: {} } } })} />
      </Section>
      <Section title={t.retention}>
        <div className="inline-fields">
          <Field id={`${id}-ret-count`} label={t.retentionCount}>
            <input
              id={`${id}-ret-count`}
              type="number"
              min={1}
              value={retention ? String(retention.months ?? retention.days ?? '') : ''}
              onChange={(e) => {
                const n = num(e.target.value);
                const unit = retention && 'days' in retention ? 'days' : 'months';
                set({ retention: n === undefined ? undefined : { [unit]: n, then: retention?.then ?? 'delete' } });
              }}
            />
          </Field>
          <Field id={`${id}-ret-unit`} label={t.retentionUnit}>
            <select
              id={`${id}-ret-unit`}
              value={retention && 'days' in retention ? 'days' : 'months'}
              onChange={(e) => retention && set({ retention: { [e.target.value]: retention.months ?? retention.days, then: retention.then ?? 'delete' } })}
            >
              <option value="months">{t.months}</option>
              <option value="days">{t.days}</option>
            </select>
          </Field>
          <Field id={`${id}-ret-then`} label={t.retentionThen}>
            <select id={`${id}-ret-then`} value={String(retention?.then ?? 'delete')} onChange={(e) => retention && set({ retention: { ...retention, then: e.target.value } })}>
              <option value="delete">{t.thenDelete}</option>
              <option value="anonymise">{t.thenAnonymise}</option>
            </select>
          </Field>
        </div>
        {!retention && <p className="hint">{t.retentionNone}</p>}
        <Field id={`${id}-erasure`} label={t.erasure}>
          <select id={`${id}-erasure`} value={file.erasure === 'anonymise' ? 'anonymise' : 'delete'} onChange={(e) => set({ erasure: e.target.value === 'delete' && file.erasure === undefined ? undefined : e.target.value })}>
            <option value="delete">{t.erasureDelete}</option>
            <option value="anonymise">{t.erasureAnonymise}</option>
          </select>
        </Field>
      </Section>
      <Section title={t.series}>
        <div className="inline-fields">
          <Field id={`${id}-series`} label={t.seriesId}>
            <input id={`${id}-series`} type="text" value={typeof series?.id === 'string' ? series.id : ''} onChange={(e) => set({ series: e.target.value === '' && !series?.wave ? undefined : { ...(series ?? {}), id: e.target.value, wave: series?.wave ?? '' } })} />
          </Field>
          <Field id={`${id}-wave`} label={t.seriesWave}>
            <input id={`${id}-wave`} type="text" value={typeof series?.wave === 'string' ? series.wave : ''} onChange={(e) => set({ series: e.target.value === '' && !series?.id ? undefined : { ...(series ?? {}), id: series?.id ?? '', wave: e.target.value } })} />
          </Field>
        </div>
      </Section>
      <Section title={t.privacy}>
        <p className="hint">{t.privacyHelp}</p>
        <div className={gaps.length > 0 ? 'notice notice--warn' : 'notice notice--ok'} data-testid="notice-gaps">
          {gaps.length > 0 ? (
            <>
              <p>{t.missingParts}:</p>
              <ul>
                {gaps.map((g) => (
                  <li key={g}>{g}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t.noticeComplete}</p>
          )}
        </div>
        {NOTICE_PARTS.map((part) => (
          <fieldset key={part} className="notice-part">
            <legend>
              {t.noticeParts[part]} <span className="hint">({part})</span>
            </legend>
            {LANGS.map((l) => {
              const value = isObject(file.privacy) ? file.privacy[part] : undefined;
              return (
                <Field key={l} id={`${id}-${part}-${l}`} label={`${t.noticeParts[part]} ${t.privacyLanguages[l]}`}>
                  <textarea id={`${id}-${part}-${l}`} rows={2} value={textIn(value, l)} onChange={(e) => onChange(setNoticePart(file, part, l, e.target.value))} />
                </Field>
              );
            })}
          </fieldset>
        ))}
      </Section>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="settings__section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Field({ id, label, help, children }: { id: string; label: string; help?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {help && (
        <span id={`${id}-help`} className="hint">
          {help}
        </span>
      )}
    </div>
  );
}

function NewWeighting({ label, button, taken, onAdd }: { label: string; button: string; taken: string[]; onAdd(name: string): void }) {
  const id = useId();
  const [name, setName] = useState('');
  const ok = /^[A-Za-z][A-Za-z0-9_]*$/.test(name) && !taken.includes(name);
  return (
    <div className="inline-fields">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} type="text" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <button
        type="button"
        className="button button--secondary"
        disabled={!ok}
        onClick={() => {
          onAdd(name);
          setName('');
        }}
      >
        {button}
      </button>
    </div>
  );
}
