// A condition (visibleIf, enableIf, requiredIf) of one question: typed in survey-core's expression
// syntax or built with the picker (question → operator → values from that question's choices), checked
// as typed with the same checks that stop publishing, and read back in plain words in the interface
// language. The field's problems and reading are tied to it (aria-describedby), so a screen reader
// hears them with the field; the picker is native form controls, usable from the keyboard.
import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useLanguage, type Language } from '../../app/i18n.tsx';
import type { SurveyFile } from '../tab.ts';
import { checkInContext, combined, LIST_OPERATORS, NO_VALUE_OPERATORS, pickedExpression, pickerQuestions, readingOf, surveyText, type ConditionProblem, type PickerOperator, type PickerQuestion } from './check.ts';
import { conditionTexts, type ConditionTexts } from './texts.ts';
import './conditions.css';

export interface ConditionEditorProps {
  value: string;
  onChange(v: string): void;
  file: SurveyFile;
  questionName: string;
  label: string;
}

const localText = surveyText;

function problemText(t: ConditionTexts, p: ConditionProblem): string {
  switch (p.code) {
    case 'unparsable':
      return t.unparsable(p.parser?.at ?? null);
    case 'unknown_name':
      return t.unknownName(p.variable ?? '');
    case 'later_page':
      return t.laterPage(p.variable ?? '', p.pages?.asked ?? 0, p.pages?.used ?? 0);
    case 'cycle':
      return t.cycle([...(p.cycle ?? []), p.cycle?.[0] ?? ''].join(' → '));
  }
}

export function ConditionEditor({ value, onChange, file, questionName, label }: ConditionEditorProps) {
  const { language } = useLanguage();
  const t = conditionTexts(language);
  const id = useId();
  // Checking builds a survey-core model of the whole survey: a deferred value keeps the typing itself quick.
  const checked = useDeferredValue(value);
  const problems = useMemo(() => checkInContext(file.survey, questionName, checked), [file.survey, questionName, checked]);
  const reading = useMemo(() => (problems.some((p) => p.code === 'unparsable') ? null : readingOf(file.survey, checked, language)), [file.survey, checked, language, problems]);
  const errors = problems.filter((p) => p.severity === 'error');
  const questions = useMemo(() => pickerQuestions(file.survey, questionName), [file.survey, questionName]);
  const described = [`${id}-help`, `${id}-status`].join(' ');

  return (
    <div className="condition-editor">
      <label htmlFor={`${id}-field`}>{label}</label>
      <textarea
        id={`${id}-field`}
        className="condition-field"
        rows={2}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        value={value}
        aria-invalid={errors.length > 0}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`${id}-help`} className="condition-help">
        {t.fieldHelp}
      </p>
      <div id={`${id}-status`} className="condition-status" aria-live="polite">
        {problems.length > 0 ? (
          <ul className="condition-problems" aria-label={t.problems}>
            {problems.map((p, i) => (
              <li key={i} className={p.severity === 'error' ? 'condition-error' : 'condition-warning'}>
                <strong>{p.severity === 'error' ? t.error : t.warning}:</strong> {problemText(t, p)}
              </li>
            ))}
          </ul>
        ) : null}
        {checked.trim() === '' ? (
          <p className="condition-reading">{t.noCondition}</p>
        ) : reading !== null ? (
          <p className="condition-reading">
            <span className="condition-reading-label">{t.reading}:</span> {reading}
          </p>
        ) : null}
      </div>
      <Picker t={t} language={language} questions={questions} value={value} onChange={onChange} idBase={id} />
    </div>
  );
}

export default ConditionEditor;

function Picker({ t, language, questions, value, onChange, idBase }: { t: ConditionTexts; language: Language; questions: PickerQuestion[]; value: string; onChange(v: string): void; idBase: string }) {
  const [name, setName] = useState('');
  const [operator, setOperator] = useState<PickerOperator>('equal');
  const [values, setValues] = useState<string[]>([]);
  const [join, setJoin] = useState<'and' | 'or'>('and');
  const [missing, setMissing] = useState(false);
  const question = questions.find((q) => q.name === name) ?? questions[0];
  const op = question && question.operators.includes(operator) ? operator : (question?.operators[0] ?? 'notempty');
  const list = LIST_OPERATORS.includes(op);
  const none = NO_VALUE_OPERATORS.includes(op);
  const keyOf = (v: string | number | boolean) => `${typeof v}:${String(v)}`;
  const chosen = question ? question.choices.filter((c) => values.includes(keyOf(c.value))) : [];
  const choiceText = (c: PickerQuestion['choices'][number]) =>
    typeof c.value === 'boolean' ? localText(c.text, language, c.value ? t.yes : t.no) : `${localText(c.text, language, String(c.value))}`;

  if (!question) {
    return (
      <details className="condition-picker">
        <summary>{t.picker}</summary>
        <p>{t.pickerNoQuestions}</p>
      </details>
    );
  }

  const add = () => {
    let picked: (string | number | boolean)[] = [];
    if (!none) {
      if (question.choices.length > 0) picked = chosen.map((c) => c.value);
      else {
        // A numeric question's value is compared as a number, anything else's as text.
        const numeric = question.operators.includes('greater');
        picked = values.filter((v) => v.trim() !== '').map((v) => (numeric && Number.isFinite(Number(v)) ? Number(v) : v));
      }
      if (picked.length === 0) {
        setMissing(true);
        return;
      }
      if (!list) picked = picked.slice(0, 1);
    }
    setMissing(false);
    onChange(combined(value, pickedExpression(question.name, op, picked), join));
  };

  return (
    <details className="condition-picker">
      <summary>{t.picker}</summary>
      <div className="condition-picker-row">
        <span className="condition-picker-field">
          <label htmlFor={`${idBase}-question`}>{t.pickerQuestion}</label>
          <select
            id={`${idBase}-question`}
            value={question.name}
            onChange={(e) => {
              setName(e.target.value);
              setValues([]);
            }}
          >
            {questions.map((q) => (
              <option key={q.name} value={q.name}>
                {localText(q.title, language, q.name)} ({q.name}, {t.pickerPage(q.page + 1)})
              </option>
            ))}
          </select>
        </span>
        <span className="condition-picker-field">
          <label htmlFor={`${idBase}-operator`}>{t.pickerOperator}</label>
          <select
            id={`${idBase}-operator`}
            value={op}
            onChange={(e) => {
              setOperator(e.target.value as PickerOperator);
              if (!LIST_OPERATORS.includes(e.target.value as PickerOperator)) setValues((v) => v.slice(0, 1));
            }}
          >
            {question.operators.map((o) => (
              <option key={o} value={o}>
                {t.operators[o]}
              </option>
            ))}
          </select>
        </span>
        {none ? null : question.choices.length === 0 ? (
          <span className="condition-picker-field">
            <label htmlFor={`${idBase}-value`}>{t.pickerValue}</label>
            <input id={`${idBase}-value`} type="text" value={values[0] ?? ''} onChange={(e) => setValues([e.target.value])} aria-describedby={missing ? `${idBase}-missing` : undefined} />
          </span>
        ) : list ? (
          <fieldset className="condition-picker-values" aria-describedby={missing ? `${idBase}-missing` : undefined}>
            <legend>{t.pickerValues}</legend>
            {question.choices.map((c) => (
              <label key={keyOf(c.value)} className="condition-picker-choice">
                <input
                  type="checkbox"
                  checked={values.includes(keyOf(c.value))}
                  onChange={(e) => setValues((v) => (e.target.checked ? [...v, keyOf(c.value)] : v.filter((x) => x !== keyOf(c.value))))}
                />
                {choiceText(c)}
              </label>
            ))}
          </fieldset>
        ) : (
          <span className="condition-picker-field">
            <label htmlFor={`${idBase}-value`}>{t.pickerValue}</label>
            <select id={`${idBase}-value`} value={values[0] ?? ''} onChange={(e) => setValues(e.target.value ? [e.target.value] : [])} aria-describedby={missing ? `${idBase}-missing` : undefined}>
              <option value="">—</option>
              {question.choices.map((c) => (
                <option key={keyOf(c.value)} value={keyOf(c.value)}>
                  {choiceText(c)}
                </option>
              ))}
            </select>
          </span>
        )}
        {value.trim() !== '' ? (
          <span className="condition-picker-field">
            <label htmlFor={`${idBase}-join`}>{t.pickerJoin}</label>
            <select id={`${idBase}-join`} value={join} onChange={(e) => setJoin(e.target.value as 'and' | 'or')}>
              <option value="and">{t.and}</option>
              <option value="or">{t.or}</option>
            </select>
          </span>
        ) : null}
        <button type="button" onClick={add}>
          {t.pickerAdd}
        </button>
      </div>
      {missing ? (
        <p id={`${idBase}-missing`} className="condition-error" role="alert">
          {t.pickerChooseValue}
        </p>
      ) : null}
    </details>
  );
}
