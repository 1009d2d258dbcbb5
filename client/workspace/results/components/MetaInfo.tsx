import { useLanguage } from '../../app/i18n.tsx';
import type { Meta } from '../api/types.ts';

/** What the figures rest on: synthetic data, the data's date, weighting and the suppression rule. */
export function MetaInfo({ meta }: { meta: Meta }) {
  const { t, number, date } = useLanguage();
  return (
    <div className="meta">
      {meta.synthetic > 0 && (
        <p className="notice notice--warn" data-testid="synthetic-notice">
          <strong>{t.synthetic(number(meta.synthetic), number(meta.responses))}</strong>
        </p>
      )}
      <p className="hint">
        {meta.dataAsOf ? t.dataAsOf(date(meta.dataAsOf)) + ' ' : ''}
        {t.suppressionRule(meta.suppression.minGroupSize, meta.suppression.minCellSize)}
      </p>
      {meta.weighting && (
        <p className="hint" data-testid="weighting-info">
          {t.weightingInfo(number(meta.weighting.designEffect, 2), number(meta.weighting.effectiveSampleSize), meta.weighting.margins.join(', '))}
          {!meta.weighting.converged && ` ${t.weightingNotConverged}`}
        </p>
      )}
    </div>
  );
}
