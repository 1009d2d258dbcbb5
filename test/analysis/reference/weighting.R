# Expected values for rakeWeights, kishDesignEffect, weightedProportion, tabulateWeighted,
# weightedMean and raoScottChiSquare, computed with R's survey package.
#
#   Rscript test/analysis/reference/weighting.R test/analysis/reference/weighting.json
#
# (Debian: r-cran-survey, r-cran-jsonlite.) The data set is made here, from a fixed seed, and written
# into the JSON beside the expected values, so the TypeScript tests read the very same data.
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
out <- commandArgs(trailingOnly = TRUE)[1]
RNGversion("4.0.0"); set.seed(20240517)

n <- 80
area <- sample(c("A", "B", "C"), n, replace = TRUE, prob = c(0.5, 0.3, 0.2))
sex <- sample(c("F", "M"), n, replace = TRUE, prob = c(0.62, 0.38))
age <- sample(c("15-39", "40-64", "65+"), n, replace = TRUE, prob = c(0.25, 0.35, 0.4))
# Answers that depend on the margins, with some not answered.
q1 <- ifelse(runif(n) < ifelse(sex == "F", 0.55, 0.3), "x", ifelse(runif(n) < 0.6, "y", "z"))
q1[sample(n, 6)] <- NA
wants <- as.integer(runif(n) < ifelse(age == "65+", 0.35, 0.6))
wants[sample(n, 4)] <- NA
score <- round(rnorm(n, ifelse(area == "A", 6.5, 5.5), 2), 1)
score[sample(n, 5)] <- NA
df <- data.frame(area, sex, age, q1, wants, score, stringsAsFactors = FALSE)

population <- list(
  area = c(A = 30000, B = 45000, C = 25000),
  sex = c(F = 50500, M = 49500),
  age = c(`15-39` = 38000, `40-64` = 37000, `65+` = 25000)
)
N <- 100000
margins <- lapply(names(population), function(v) {
  p <- population[[v]]
  setNames(data.frame(names(p), as.numeric(p), stringsAsFactors = FALSE), c(v, "Freq"))
})

# 1. Raking to convergence (rake() post-stratifies on each margin in turn).
d_equal <- svydesign(ids = ~1, weights = ~rep(N / n, n), data = df)
raked <- rake(d_equal, list(~area, ~sex, ~age), margins, control = list(maxit = 2000, epsilon = 1e-11))
w <- weights(raked)

# 2. Bounded raking: calibrate(calfun = "raking", bounds) from equal weights N/n, so the bounds on
#    g = w / (N/n) are bounds on w / mean weight.
totals <- c(`(Intercept)` = N, areaB = 45000, areaC = 25000, sexM = 49500, `age40-64` = 37000, `age65+` = 25000)
bounds <- c(0.45, 2)
bounded <- calibrate(d_equal, ~area + sex + age, population = totals, calfun = "raking",
                     bounds = bounds, epsilon = 1e-13, maxit = 500)
wb <- weights(bounded)

kish <- function(w) list(designEffect = length(w) * sum(w^2) / sum(w)^2, effectiveSampleSize = sum(w)^2 / sum(w^2))

# 3. Estimates with the raked weights taken as given: svydesign(ids = ~1, weights = ~w).
df$w <- w
des <- svydesign(ids = ~1, weights = ~w, data = df)
answered <- subset(des, !is.na(q1))
q1_rows <- lapply(c("x", "y", "z"), function(v) {
  f <- as.formula(sprintf("~I(as.numeric(q1 == '%s'))", v))
  m <- svymean(f, answered)
  ci <- svyciprop(f, answered, method = "logit")
  list(value = v, estimate = unname(coef(m)), se = unname(SE(m)[1]), ci = unname(as.numeric(attr(ci, "ci"))))
})
wants_des <- subset(des, !is.na(wants))
wants_m <- svymean(~wants, wants_des)
wants_ci <- svyciprop(~wants, wants_des, method = "logit")
score_des <- subset(des, !is.na(score))
score_m <- svymean(~score, score_des)
score_ci <- confint(score_m, df = degf(score_des))

# 4. Rao–Scott: q1 × sex and q1 × age among those who answered q1.
rs <- function(formula) {
  chisq <- svychisq(formula, answered, statistic = "Chisq")
  f <- svychisq(formula, answered, statistic = "F")
  list(pearson = unname(chisq$statistic), chisqDf = unname(chisq$parameter), chisqP = unname(chisq$p.value),
       f = unname(f$statistic), ndf = unname(f$parameter[1]), ddf = unname(f$parameter[2]), fP = unname(f$p.value))
}

result <- list(
  command = "Rscript test/analysis/reference/weighting.R test/analysis/reference/weighting.json",
  r = R.version.string, survey = as.character(packageVersion("survey")),
  data = list(area = area, sex = sex, age = age, q1 = q1, wants = wants, score = score),
  population = lapply(population, as.list),
  rake = list(weights = unname(w), kish = kish(w)),
  bounded = list(bounds = bounds, weights = unname(wb), kish = kish(wb)),
  q1 = q1_rows,
  wants = list(estimate = unname(coef(wants_m)), se = unname(SE(wants_m)[1]), ci = unname(as.numeric(attr(wants_ci, "ci")))),
  score = list(estimate = unname(coef(score_m)), se = unname(SE(score_m)[1]), ci = unname(as.numeric(score_ci))),
  raoScott = list(q1_sex = rs(~q1 + sex), q1_age = rs(~q1 + age))
)
writeLines(toJSON(result, digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE), out)
