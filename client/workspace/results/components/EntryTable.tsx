import { useId } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import type { Group } from '../api/types.ts';
import { ENTRY_TEXTS } from '../entry-texts.ts';

/**
 * A dynamic matrix's column or a dynamic panel's question read per row (or panel): rows per answer,
 * their share and the interval with the respondent as the cluster, or the mean per row; the rows
 * and respondents stated. The server withholds it when the per-respondent table hides anything.
 */
export function EntryTable({ entries, title }: { entries: NonNullable<Group['entries']>; title: string }) {
  const { t, text, number, percent, language } = useLanguage();
  const e = ENTRY_TEXTS[language];
  const id = useId();
  const unit = entries.unit;
  const n = entries.rows === null || entries.respondents === null ? '' : ` (${e.perRowN(number(entries.rows), number(entries.respondents), unit)})`;
  if (entries.withheld) {
    return (
      <section className="entry-figures" aria-labelledby={`${id}-h`} data-testid="entry-figures">
        <h5 id={`${id}-h`}>{e.perRowTitle(unit)}</h5>
        <p className="hint">{e.withheld}</p>
      </section>
    );
  }
  return (
    <section className="entry-figures" aria-labelledby={`${id}-h`} data-testid="entry-figures">
      <h5 id={`${id}-h`}>{e.perRowTitle(unit)}{n}</h5>
      <div className="table-wrap" role="region" aria-labelledby={`${id}-cap`} tabIndex={0}>
        <table className="data-table">
          <caption id={`${id}-cap`}>{`${title} – ${e.perRowTitle(unit)}${n}`}</caption>
          {entries.mean ? (
            <tbody>
              <tr>
                <th scope="row">{e.mean(unit)}</th>
                <td className="num">{number(entries.mean.value, 2)}</td>
              </tr>
              <tr>
                <th scope="row">{e.ci}</th>
                <td className="num">{entries.mean.ci ? `${number(entries.mean.ci.lower, 2)}–${number(entries.mean.ci.upper, 2)}` : '–'}</td>
              </tr>
            </tbody>
          ) : (
            <>
              <thead>
                <tr>
                  <th scope="col">{t.category}</th>
                  <th scope="col" className="num">{e.count(unit)}</th>
                  <th scope="col" className="num">{e.share(unit)}</th>
                  <th scope="col" className="num">{e.ci}</th>
                </tr>
              </thead>
              <tbody>
                {(entries.categories ?? []).map((c) => (
                  <tr key={c.value}>
                    <th scope="row">{text(c.label)}</th>
                    <td className="num">{number(c.count)}</td>
                    <td className="num">{percent(c.percent)}</td>
                    <td className="num">{c.ci ? `${percent(c.ci.lower)}–${percent(c.ci.upper)}` : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </>
          )}
        </table>
      </div>
    </section>
  );
}
