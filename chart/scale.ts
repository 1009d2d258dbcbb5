// The value axis of a percent bar chart. Written here rather than taken from d3-scale (which the
// workspace pulled in through visx) because a chart from 0 to a round number needs three lines of
// it: the axis's end, the tick step and a linear map.

/** The axis's end: the largest bar or whisker rounded up to ten, at least 10 and at most 100. */
export function axisMax(values: readonly number[]): number {
  const upper = Math.max(10, ...values);
  return Math.min(100, Math.ceil(upper / 10) * 10);
}

/**
 * A round step for about `count` ticks from 0 to `max`: 1, 2 or 5 times a power of ten, chosen as
 * d3-array's `tickStep` does (the thresholds are √50, √10 and √2).
 */
export function tickStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  return (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1) * power;
}

/** About `count` round tick values from 0 up to `max` (the last is `max` when the step divides it). */
export function ticks(max: number, count: number): number[] {
  if (!(max > 0) || !(count > 0)) return [0];
  const step = tickStep(max, count);
  const out: number[] = [];
  // Integer multiples, so 0.1 steps do not gather floating-point error.
  for (let i = 0; i * step <= max * (1 + 1e-12); i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/** `max` rounded up to a whole tick step, so that an axis of counts ends on a tick. */
export function niceMax(max: number, count: number): number {
  if (!(max > 0) || !(count > 0)) return 1;
  const step = tickStep(max, count);
  return Math.ceil(max / step - 1e-12) * step;
}

/** A linear map from [0, max] onto [0, length], clamped at both ends. */
export function linear(max: number, length: number): (value: number) => number {
  return (value) => (Math.min(max, Math.max(0, value)) / max) * length;
}
