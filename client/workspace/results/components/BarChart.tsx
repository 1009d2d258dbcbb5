// One group's bars in a results panel: the shared chart (chart/BarChart.tsx, the one the SVG and
// PNG files are drawn with) at the panel's width, which it follows as the page resizes.
import { useEffect, useRef, useState } from 'react';
import { BarChart as Chart, type ChartTexts } from '../../../../chart/BarChart.tsx';
import type { ChartModel, ChartSeries } from '../../../../chart/model.ts';

/** The width of the element, following its resizes. */
function useWidth<T extends HTMLElement>(initial = 480) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(200, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

export function BarChart({ model, series, label, texts, grouped = false }: { model: ChartModel; series: ChartSeries | readonly ChartSeries[]; label: string; texts: ChartTexts; grouped?: boolean }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  return (
    <div ref={ref} className={grouped ? 'chart chart--grouped' : 'chart'}>
      <Chart model={model} series={Array.isArray(series) ? series : [series as ChartSeries]} width={width} layout="screen" texts={texts} label={label} grouped={grouped} />
    </div>
  );
}
