import { scopedToPlaces } from '../../app/access.ts';
import { useId, useState, type FormEvent } from 'react';
import type { User } from '../../auth/api/session.ts';
import { useLanguage, type Language } from '../../app/i18n.tsx';
import type { ViewState } from '../../app/viewState.ts';
import type { Level, Variable } from '../api/types.ts';
import { isClosed, type Places } from '../model.ts';

const CHANNELS = ['web', 'interview', 'paper', 'import'];

// The interval choice's words, kept beside it: nothing else in the workspace uses them.
const INTERVAL_TEXTS = {
  fi: {
    legend: 'Painotettujen lukujen luottamusvälit',
    calibrated: 'Kalibroitu asetelma (oletus)',
    fixed: 'Kiinteät painot',
    help: 'Kalibroitu asetelma ottaa huomioon, että painot on sovitettu väestöön (kuten R:n survey-paketin rake()/calibrate()). Kiinteät painot pitävät painoja annettuina; välit ovat yleensä hieman leveämmät.',
  },
  sv: {
    legend: 'Konfidensintervall för viktade tal',
    calibrated: 'Kalibrerad design (standard)',
    fixed: 'Fasta vikter',
    help: 'Den kalibrerade designen tar hänsyn till att vikterna har anpassats till befolkningen (som rake()/calibrate() i R-paketet survey). Fasta vikter tar vikterna som givna; intervallen blir oftast något bredare.',
  },
  en: {
    legend: 'Intervals of weighted figures',
    calibrated: 'Calibrated design (default)',
    fixed: 'Fixed weights',
    help: "The calibrated design accounts for the weights having been fitted to the population (as rake()/calibrate() in R's survey package). Fixed weights take the weights as given; the intervals are usually a little wider.",
  },
} satisfies Record<Language, unknown>;
const LEVELS: Level[] = ['county', 'area', 'municipality'];

/** Grouping, comparison, filters, channel, dates and weighting: they apply to every chart and table at once. */
export function Controls({
  state,
  update,
  questions,
  places,
  user,
}: {
  state: ViewState;
  update(change: Partial<ViewState>, options?: { replace?: boolean }): void;
  questions: Variable[];
  places: Places;
  user: User;
}) {
  const { t, text, language } = useLanguage();
  const id = useId();
  const closed = questions.filter(isClosed);
  const iv = INTERVAL_TEXTS[language];
  const titleOf = (key: string) => text(questions.find((q) => q.key === key)?.title) || key;
  const valueLabel = (key: string, value: string) => text(questions.find((q) => q.key === key)?.categories.find((c) => c.value === value)?.label) || value;
  const toggle = (list: readonly string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const viewer = scopedToPlaces(user.role);
  const comparable = viewer ? { areas: places.areas.filter((a) => user.areas.includes(a)), municipalities: places.municipalities.filter((m) => user.municipalities.includes(m.code)) } : places;

  return (
    <section className="controls" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.controls}</h2>
      <p className="hint">{t.controlsHelp}</p>

      <fieldset>
        <legend>{t.groupBy}</legend>
        {LEVELS.filter((l) => !viewer || l !== 'county').map((level) => (
          <div className="choice" key={level}>
            <input
              type="radio"
              id={`${id}-level-${level}`}
              name={`${id}-level`}
              checked={state.groupBy === level}
              onChange={() => update({ groupBy: level, compare: level === 'county' ? state.compare : [] })}
            />
            <label htmlFor={`${id}-level-${level}`}>{t.groupByNames[level]}</label>
          </div>
        ))}
      </fieldset>

      <details className="disclosure" open={state.compare.length > 0 || undefined}>
        <summary>
          {t.compare} ({t.chosen(state.compare.length)})
        </summary>
        <p className="hint">{t.compareHelp}</p>
        <fieldset>
          <legend>{t.areas}</legend>
          {comparable.areas.map((area) => (
            <div className="choice" key={area}>
              <input
                type="checkbox"
                id={`${id}-cmp-${area}`}
                checked={state.compare.includes(area)}
                onChange={() => update({ compare: toggle(state.compare, area), groupBy: 'county' })}
              />
              <label htmlFor={`${id}-cmp-${area}`}>{area}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t.municipalities}</legend>
          <div className="choice-columns">
            {comparable.municipalities.map((m) => (
              <div className="choice" key={m.code}>
                <input
                  type="checkbox"
                  id={`${id}-cmp-${m.code}`}
                  value={m.code}
                  checked={state.compare.includes(m.code)}
                  onChange={() => update({ compare: toggle(state.compare, m.code), groupBy: 'county' })}
                />
                <label htmlFor={`${id}-cmp-${m.code}`}>{m.name}</label>
              </div>
            ))}
          </div>
        </fieldset>
      </details>

      <FilterAdder closed={closed} onAdd={(key, values) => update({ filters: [...state.filters.filter((f) => f.key !== key), { key, values }] })} />

      <fieldset>
        <legend>{t.channel}</legend>
        {CHANNELS.map((c) => (
          <div className="choice" key={c}>
            <input type="checkbox" id={`${id}-ch-${c}`} checked={state.channels.includes(c)} onChange={() => update({ channels: toggle(state.channels, c) })} />
            <label htmlFor={`${id}-ch-${c}`}>{t.channelNames[c]}</label>
          </div>
        ))}
      </fieldset>

      <div className="date-range">
        <div className="field">
          <label htmlFor={`${id}-from`}>{t.from}</label>
          <input type="date" id={`${id}-from`} value={state.from ?? ''} onChange={(e) => update({ from: e.target.value || null }, { replace: true })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t.to}</label>
          <input type="date" id={`${id}-to`} value={state.to ?? ''} onChange={(e) => update({ to: e.target.value || null }, { replace: true })} />
        </div>
      </div>

      <div className="choice choice--switch">
        <input type="checkbox" id={`${id}-weights`} checked={state.weighted} onChange={() => update({ weighted: !state.weighted })} aria-describedby={`${id}-weights-help`} />
        <label htmlFor={`${id}-weights`}>{t.weighting}</label>
      </div>
      <p className="hint" id={`${id}-weights-help`}>
        {t.weightingHelp}
      </p>
      {state.weighted && (
        <fieldset aria-describedby={`${id}-intervals-help`} data-testid="interval-choice">
          <legend>{iv.legend}</legend>
          {(['calibrated', 'fixed'] as const).map((kind) => (
            <div className="choice" key={kind}>
              <input type="radio" id={`${id}-intervals-${kind}`} name={`${id}-intervals`} checked={state.intervals === kind} onChange={() => update({ intervals: kind })} />
              <label htmlFor={`${id}-intervals-${kind}`}>{iv[kind]}</label>
            </div>
          ))}
          <p className="hint" id={`${id}-intervals-help`}>
            {iv.help}
          </p>
        </fieldset>
      )}

      <div className="active-filters" aria-live="polite">
        <h3>{t.activeFilters}</h3>
        {state.filters.length === 0 ? (
          <p className="hint">{t.noFilters}</p>
        ) : (
          <ul>
            {state.filters.map((f) => (
              <li key={f.key}>
                <span>
                  {titleOf(f.key)}: {f.values.map((v) => valueLabel(f.key, v)).join(', ')}
                </span>{' '}
                <button type="button" className="button button--small" aria-label={t.removeFilter(titleOf(f.key))} onClick={() => update({ filters: state.filters.filter((g) => g.key !== f.key) })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {(state.filters.length > 0 || state.channels.length > 0 || state.from || state.to) && (
          <button type="button" className="button button--secondary" onClick={() => update({ filters: [], channels: [], from: null, to: null })}>
            {t.clearAll}
          </button>
        )}
      </div>
    </section>
  );
}

function FilterAdder({ closed, onAdd }: { closed: Variable[]; onAdd(key: string, values: string[]): void }) {
  const { t, text } = useLanguage();
  const id = useId();
  const [key, setKey] = useState('');
  const [values, setValues] = useState<string[]>([]);
  const question = closed.find((q) => q.key === key);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!question || values.length === 0) return;
    onAdd(question.key, values);
    setKey('');
    setValues([]);
  };
  return (
    <form className="filter-adder" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t.filters}</h3>
      <div className="field">
        <label htmlFor={`${id}-q`}>{t.filterQuestion}</label>
        <select
          id={`${id}-q`}
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setValues([]);
          }}
        >
          <option value="">{t.chooseQuestion}</option>
          {closed.map((q) => (
            <option key={q.key} value={q.key}>
              {text(q.title) || q.key}
            </option>
          ))}
        </select>
      </div>
      {question && (
        <fieldset>
          <legend>{t.filterValues}</legend>
          {question.categories.map((c) => (
            <div className="choice" key={c.value}>
              <input
                type="checkbox"
                id={`${id}-v-${c.value}`}
                value={c.value}
                checked={values.includes(c.value)}
                onChange={() => setValues(values.includes(c.value) ? values.filter((v) => v !== c.value) : [...values, c.value])}
              />
              <label htmlFor={`${id}-v-${c.value}`}>{text(c.label)}</label>
            </div>
          ))}
        </fieldset>
      )}
      <button type="submit" className="button button--secondary" disabled={!question || values.length === 0}>
        {t.addFilter}
      </button>
    </form>
  );
}
