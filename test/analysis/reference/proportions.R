# Expected values for wilsonInterval, tabulateChoices, describeRating and describeNumbers.
#
#   Rscript test/analysis/reference/proportions.R test/analysis/reference/proportions.json
#
# Wilson intervals: prop.test(x, n, correct = FALSE)$conf.int. Ratings: mean, median, and the top-two
# share with prop.test. Numbers: mean, sd, quantile(type = 7), min, max.
suppressPackageStartupMessages(library(jsonlite))
out <- commandArgs(trailingOnly = TRUE)[1]

wilson <- function(x, n, conf) {
  ci <- suppressWarnings(prop.test(x, n, conf.level = conf, correct = FALSE)$conf.int)
  list(successes = x, n = n, confidence = conf, lower = ci[1], upper = ci[2])
}
cases <- list(c(0, 1), c(1, 1), c(0, 12), c(3, 12), c(12, 12), c(27, 100), c(862, 2677), c(669, 2677),
              c(1, 9), c(4, 9), c(500, 1000), c(2, 4700))
intervals <- c(lapply(cases, function(k) wilson(k[1], k[2], 0.95)),
               lapply(cases[c(4, 6, 7)], function(k) wilson(k[1], k[2], 0.9)),
               lapply(cases[c(4, 6, 7)], function(k) wilson(k[1], k[2], 0.99)))

# A rating 1–5 with "can't say" (eos), tallied; R works on the expanded answers.
rating_counts <- c(`1` = 3, `2` = 7, `3` = 12, `4` = 20, `5` = 9, eos = 6)
scores <- rep(1:5, rating_counts[1:5])
top2 <- rating_counts[["4"]] + rating_counts[["5"]]
top2_ci <- prop.test(top2, length(scores), correct = FALSE)$conf.int
bottom2 <- rating_counts[["1"]] + rating_counts[["2"]]
bottom2_ci <- prop.test(bottom2, length(scores), correct = FALSE)$conf.int
even_counts <- c(`1` = 2, `2` = 0, `3` = 1, `4` = 3)  # n = 6: the median averages two middle values
even_scores <- rep(1:4, even_counts)

describe <- function(x) list(values = I(x), n = length(x), mean = mean(x), sd = if (length(x) > 1) sd(x) else NULL,
                             quantiles = unname(quantile(x, c(0.25, 0.5, 0.75), type = 7)), min = min(x), max = max(x))
RNGversion("4.0.0"); set.seed(7)
numbers <- list(
  describe(c(3, 1, 4, 1, 5)),
  describe(c(12, 7, 7, 30, 2.5, 18, 9, 11)),
  describe(c(42)),
  describe(round(rlnorm(37, 3, 0.8), 1)),   # e.g. pupils per curator
  describe(c(-2, 0, 0, 0, 5, 1e6))
)

result <- list(
  command = "Rscript test/analysis/reference/proportions.R test/analysis/reference/proportions.json",
  r = R.version.string,
  wilson = intervals,
  rating = list(counts = as.list(rating_counts), n = sum(rating_counts), nScored = length(scores),
                mean = mean(scores), median = median(scores),
                top2 = list(count = top2, percent = 100 * top2 / length(scores), ci = 100 * top2_ci[1:2]),
                bottom2 = list(count = bottom2, percent = 100 * bottom2 / length(scores), ci = 100 * bottom2_ci[1:2])),
  evenRating = list(counts = as.list(even_counts), mean = mean(even_scores), median = median(even_scores)),
  numbers = numbers
)
writeLines(toJSON(result, digits = NA, auto_unbox = TRUE, null = "null", pretty = TRUE), out)
