/**
 * Internal. The weighted mean ȳ = Σwᵢyᵢ / Σwᵢ over the m respondents who answered, and its
 * linearisation (Taylor) variance under a with-replacement, single-stage design with the weights
 * taken as given (R's `svydesign(ids = ~1, weights = ~w)`), as a domain of a design of `designSize`
 * respondents (those who did not answer stay in the design with zᵢ = 0, as R's `subset()` keeps them):
 *
 *   zᵢ = wᵢ(yᵢ − ȳ) / Σw,   v(ȳ) = N/(N − 1) · Σ_{i=1..N} (zᵢ − z̄)²,   N = designSize
 *
 * Callers have already checked the input and dropped missing values.
 */
export function linearisedMean(
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  designSize: number,
): { estimate: number; variance: number; sumOfWeights: number } {
  const answered = y.length;
  let sumOfWeights = 0;
  let weightedSum = 0;
  for (let i = 0; i < answered; i++) {
    sumOfWeights += w[i]!;
    weightedSum += w[i]! * y[i]!;
  }
  const estimate = weightedSum / sumOfWeights;
  let zMean = 0;
  for (let i = 0; i < answered; i++) zMean += (w[i]! * (y[i]! - estimate)) / sumOfWeights;
  zMean /= designSize;
  let sumOfSquares = (designSize - answered) * zMean * zMean;
  for (let i = 0; i < answered; i++) sumOfSquares += ((w[i]! * (y[i]! - estimate)) / sumOfWeights - zMean) ** 2;
  return { estimate, variance: designSize > 1 ? (designSize / (designSize - 1)) * sumOfSquares : NaN, sumOfWeights };
}
