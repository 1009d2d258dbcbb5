import { scopedToPlaces } from '../../app/access.ts';
import type { User } from '../../auth/api/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import type { Places } from '../model.ts';

/** One group: the county, an area or a municipality (a viewer: only theirs). */
/** `sidebar` names an extra first choice (value ''): the groups the sidebar chose. */
export function GroupSelect({ id, value, onChange, places, user, sidebar }: { id: string; value: string; onChange(group: string): void; places: Places; user: User; sidebar?: string }) {
  const { t } = useLanguage();
  const viewer = scopedToPlaces(user.role);
  const areas = viewer ? places.areas.filter((a) => user.areas.includes(a)) : places.areas;
  const municipalities = viewer ? places.municipalities.filter((m) => user.municipalities.includes(m.code)) : places.municipalities;
  return (
    <div className="field">
      <label htmlFor={id}>{t.group}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {sidebar && <option value="">{sidebar}</option>}
        {!viewer && <option value="county">{t.groupByNames.county}</option>}
        {areas.length > 0 && (
          <optgroup label={t.areas}>
            {areas.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </optgroup>
        )}
        {municipalities.length > 0 && (
          <optgroup label={t.municipalities}>
            {municipalities.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </div>
  );
}
