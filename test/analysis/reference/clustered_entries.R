# Expected values for clusteredRatio and the results of dynamic-matrix and dynamic-panel variables
# counted per row: shares and means per entry with the respondent as the cluster.
#
#   Rscript test/analysis/reference/clustered_entries.R test/analysis/reference/clustered_entries.json
#
# svydesign(ids = ~respondent, weights = ~w, data = rows) on the entry-level data (each row carries
# its respondent's weight), svymean of a 0/1 indicator or of a number, confint() its Wald interval.
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
out <- commandArgs(trailingOnly = TRUE)[1]

# Twelve respondents' children (a dynamic matrix's rows): age group and hours in day care a week.
rows <- data.frame(
  respondent = c(1, 1, 2, 3, 3, 4, 4, 4, 5, 6, 6, 7, 7, 8, 9, 9, 9, 10, 10, 11, 12, 12),
  age = c("school", "school", "small", "teen", "school", "small", "small", "school", "teen", "school", "teen",
          "small", "teen", "school", "small", "school", "teen", "teen", "teen", "small", "school", "small"),
  hours = c(0, 5, 40, 0, 10, 35, 30, 8, 0, 6, 2, 45, 0, 12, 38, 4, 0, 1, 3, 20, 7, 25),
  stringsAsFactors = FALSE
)
weights <- c(1.2, 0.8, 1.5, 1, 2.1, 0.6, 1.1, 0.9, 1.3, 0.7, 1.4, 1)
rows$w <- weights[rows$respondent]

estimate <- function(design, formula) {
  m <- svymean(formula, design)
  ci <- confint(m)
  list(estimate = unname(coef(m))[1], se = unname(SE(m))[1], lower = ci[1, 1], upper = ci[1, 2])
}
figures <- function(design) {
  list(
    shares = setNames(lapply(c("small", "school", "teen"), function(a) estimate(design, as.formula(sprintf("~I(as.numeric(age == '%s'))", a)))),
                      c("small", "school", "teen")),
    hours = estimate(design, ~hours)
  )
}
rows$one <- 1
unweighted <- svydesign(ids = ~respondent, weights = ~one, data = rows)
weighted <- svydesign(ids = ~respondent, weights = ~w, data = rows)
# Per respondent: share of respondents with at least one child in the group (any row), and the
# total hours per respondent.
per <- aggregate(cbind(small = age == "small", school = age == "school", teen = age == "teen", hours = hours) ~ respondent,
                 data = rows, FUN = sum)

result <- list(
  command = "Rscript test/analysis/reference/clustered_entries.R test/analysis/reference/clustered_entries.json",
  r = R.version.string,
  survey = as.character(packageVersion("survey")),
  rows = rows[, c("respondent", "age", "hours")],
  weights = weights,
  unweighted = figures(unweighted),
  weighted = figures(weighted),
  perRespondent = list(
    n = nrow(per),
    atLeastOne = list(small = sum(per$small > 0), school = sum(per$school > 0), teen = sum(per$teen > 0)),
    totalHours = list(mean = mean(per$hours), median = median(per$hours))
  )
)
writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE), out)
