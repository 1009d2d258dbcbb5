// The analysis layer's public functions; see README.md beside this file.
export { agreement, cohensKappa, krippendorffAlpha, percentAgreement, presenceRatings, type Agreement, type Ratings } from './agreement.ts';
export { crossTabulate, type CrossTable, type CrossTableTest } from './cross-tabulate.ts';
export {
  calibratedCellDesign,
  calibratedDesign,
  calibratedProportion,
  calibratedProportionFromCells,
  calibratedRaoScott,
  type CalibratedCellDesign,
  type CalibratedDesign,
  type CalibrationCell,
  type CalibratedProportion,
  type ProportionVariance,
} from './calibrated-design.ts';
export { clusteredRatio, type ClusteredRatio, type ClusterTotals } from './clustered-ratio.ts';
export { describeNumbers, type NumberSummary } from './describe-numbers.ts';
export { describeRating, type RatingCategory, type RatingOptions, type RatingSummary, type RatingTally } from './describe-rating.ts';
export { kishDesignEffect, type WeightingEffect } from './design-effect.ts';
export { chiSquareUpperTail, fUpperTail, normalQuantile, tQuantile } from './distributions.ts';
export { findDeterminedItems, type SumRelation } from './find-determined-items.ts';
export { InvalidInputError } from './invalid-input.ts';
export { rakeWeights, type Margin, type RakeOptions, type RakeResult, type Respondent } from './rake-weights.ts';
export { raoScottChiSquare, type RaoScottResult } from './rao-scott-chi-square.ts';
export {
  suppressGroups,
  type CellReason,
  type GroupCounts,
  type GroupReason,
  type GroupSuppression,
  type SuppressionOptions,
  type SuppressionResult,
} from './suppress-groups.ts';
export {
  tabulateChoices,
  type Category,
  type CategoryResult,
  type ChoiceTable,
  type ChoiceTally,
  type TabulateOptions,
} from './tabulate-choices.ts';
export { tabulateWeighted, type WeightedCategoryResult, type WeightedChoiceTable } from './tabulate-weighted.ts';
export { weightedMean, type WeightedMean } from './weighted-mean.ts';
export {
  weightedProportion,
  weightedProportionFromSums,
  type ProportionSums,
  type WeightedProportion,
} from './weighted-proportion.ts';
export { weightDiagnostics, type WeightDiagnostics } from './weight-diagnostics.ts';
export { wilsonInterval, type Interval } from './wilson-interval.ts';
