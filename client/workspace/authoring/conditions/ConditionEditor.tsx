// A placeholder: a plain text field for a condition (survey-core expression syntax). Its owner
// replaces it with the picker, live check and plain-language reading, keeping these props.
import { useId } from 'react';
import type { SurveyFile } from '../tab.ts';

export interface ConditionEditorProps {
  value: string;
  onChange(v: string): void;
  file: SurveyFile;
  questionName: string;
  label: string;
}

export default function ConditionEditor({ value, onChange, label }: ConditionEditorProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
    </div>
  );
}
