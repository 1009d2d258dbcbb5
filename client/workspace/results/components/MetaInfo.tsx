import { useLanguage } from '../../app/i18n.tsx';
import type { Meta } from '../api/types.ts';
import { WeightingDiagnostics } from './WeightingDiagnostics.tsx';

/** What the figures rest on: synthetic data, the data's date, the suppression rule and, when weighted, the weighting's diagnostics. */
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
        <div data-testid="weighting-info">
          <WeightingDiagnostics weighting={meta.weighting} />
        </div>
      )}
    </div>
  );
}
