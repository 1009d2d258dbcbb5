# Expected values for the calibrated (raked) design: rakeWeights with R's stopping rule, the weight
# diagnostics, calibratedProportion (both variance variants, logit intervals, design effects) and
# calibratedRaoScott, computed with R's survey package.
#
#   Rscript test/analysis/reference/calibration.R test/analysis/reference/calibration.json
#
# (Debian: r-cran-survey, r-cran-jsonlite.) Municipality E has 4 of the 150 respondents and 12 % of
# the population, so its margin needs weights above 4 × the mean weight: the old fixed trim could not
# meet it. The data set is made here, from a fixed seed, and written into the JSON.
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
out <- commandArgs(trailingOnly = TRUE)[1]
RNGversion("4.0.0"); set.seed(20261206)

n <- 150
muni <- sample(c(rep("A", 60), rep("B", 45), rep("C", 30), rep("D", 11), rep("E", 4)))
sex <- sample(c("F", "M"), n, replace = TRUE, prob = c(0.55, 0.45))
age <- sample(c("15-39", "40-64", "65+"), n, replace = TRUE, prob = c(0.25, 0.35, 0.4))
q <- ifelse(runif(n) < ifelse(sex == "F", 0.5, 0.3), "x", ifelse(runif(n) < ifelse(age == "65+", 0.7, 0.4), "y", "z"))
q[sample(n, 9)] <- NA
wants <- as.integer(runif(n) < ifelse(age == "65+", 0.3, 0.6) + ifelse(muni == "E", 0.2, 0))
wants[sample(n, 6)] <- NA
# A 1–5 rating with "can't say" ("eos", left out of the mean) and some who did not answer; drawn
# after everything above, so the data before it stay as they were.
rating <- pmin(5, pmax(1, round(3 + ifelse(sex == "F", 0.5, -0.3) + ifelse(age == "65+", 0.7, 0) - ifelse(muni == "E", 0.9, 0) + rnorm(n))))
rating_answer <- ifelse(runif(n) < 0.08, "eos", as.character(rating))
rating_answer[sample(n, 5)] <- NA
rating <- suppressWarnings(as.numeric(rating_answer))
df <- data.frame(muni, sex, age, q, wants, rating, stringsAsFactors = FALSE)

N <- 200000
population <- list(
  muni = c(A = 80000, B = 50000, C = 30000, D = 16000, E = 24000),
  sex = c(F = 101000, M = 99000),
  age = c(`15-39` = 70000, `40-64` = 72000, `65+` = 58000)
)
margins <- lapply(names(population), function(v) {
  p <- population[[v]]
  setNames(data.frame(names(p), as.numeric(p), stringsAsFactors = FALSE), c(v, "Freq"))
})
totals <- c(`(Intercept)` = N, muniB = 50000, muniC = 30000, muniD = 16000, muniE = 24000,
            sexM = 99000, `age40-64` = 72000, `age65+` = 58000)
d_equal <- svydesign(ids = ~1, weights = ~rep(N / n, n), data = df)

# 1. Raking: to convergence, and with rake()'s own stopping rule (default control: maxit = 10,
#    epsilon = 1 person of change in the joint table between sweeps; and a relative epsilon).
raked <- rake(d_equal, list(~muni, ~sex, ~age), margins, control = list(maxit = 2000, epsilon = 1e-11))
rake_default <- suppressWarnings(rake(d_equal, list(~muni, ~sex, ~age), margins))
rake_relative <- suppressWarnings(rake(d_equal, list(~muni, ~sex, ~age), margins, control = list(maxit = 50, epsilon = 1e-6)))
rake_three <- suppressWarnings(rake(d_equal, list(~muni, ~sex, ~age), margins, control = list(maxit = 3, epsilon = 1e-11)))

# 2. The same raking as a calibration (calfun = "raking"): the design whose variance accounts for it.
cal <- calibrate(d_equal, ~muni + sex + age, population = totals, calfun = "raking", epsilon = 1e-14, maxit = 200)
w <- weights(cal)
diagnostics <- function(w) list(min = min(w), max = max(w), mean = mean(w),
  designEffect = length(w) * sum(w^2) / sum(w)^2, effectiveSampleSize = sum(w)^2 / sum(w^2))

# 3. Proportions on the calibrated design and, labelled "fixed", with its weights taken as given.
df$w <- w
fixed <- svydesign(ids = ~1, weights = ~w, data = df)
estimate <- function(formula, design) {
  m <- svymean(formula, design, na.rm = TRUE, deff = TRUE)
  # svyglm warns that the zero weights of a calibrated subset take no part in the dispersion: as meant.
  ci <- suppressWarnings(svyciprop(formula, design, method = "logit", na.rm = TRUE))
  list(estimate = unname(coef(m)), se = unname(SE(m)[1]), deff = unname(deff(m)[1]),
       ci = unname(as.numeric(attr(ci, "ci"))))
}
both <- function(formula, subset_expr) {
  list(calibrated = estimate(formula, subset(cal, eval(subset_expr))),
       fixed = estimate(formula, subset(fixed, eval(subset_expr))))
}
q_rows <- lapply(c("x", "y", "z"), function(v) {
  f <- as.formula(sprintf("~I(as.numeric(q == '%s'))", v))
  c(list(value = v), both(f, quote(!is.na(q))))
})
wants_est <- both(~wants, quote(!is.na(wants)))
# A domain: the proportion among women only (a subgroup of a calibrated design).
wants_women <- both(~wants, quote(!is.na(wants) & sex == "F"))

# The rating's weighted mean among those who gave a scale value, its se and the t interval on the
# domain's degrees of freedom (degf of the subset: n − 1), both variants, in the county and among women.
mean_estimate <- function(design) {
  m <- svymean(~rating, design, na.rm = TRUE)
  list(estimate = unname(coef(m)), se = unname(SE(m)[1]), df = degf(design),
       ci = unname(as.numeric(confint(m, df = degf(design)))))
}
mean_both <- function(subset_expr) {
  list(calibrated = mean_estimate(subset(cal, eval(subset_expr))),
       fixed = mean_estimate(subset(fixed, eval(subset_expr))))
}
rating_mean <- mean_both(quote(!is.na(rating)))
rating_mean_women <- mean_both(quote(!is.na(rating) & sex == "F"))

# 4. Rao–Scott: q × sex and q × age among those who answered q, both variants.
rs <- function(formula, design) {
  chisq <- svychisq(formula, design, statistic = "Chisq")
  f <- svychisq(formula, design, statistic = "F")
  list(pearson = unname(chisq$statistic), chisqDf = unname(chisq$parameter), chisqP = unname(chisq$p.value),
       f = unname(f$statistic), ndf = unname(f$parameter[1]), ddf = unname(f$parameter[2]), fP = unname(f$p.value))
}
rao_scott <- list(
  q_sex = list(calibrated = rs(~q + sex, subset(cal, !is.na(q))), fixed = rs(~q + sex, subset(fixed, !is.na(q)))),
  q_age = list(calibrated = rs(~q + age, subset(cal, !is.na(q))), fixed = rs(~q + age, subset(fixed, !is.na(q))))
)

# 5. Bounded raking whose upper bound binds but still meets the margins, and a proportion on it.
bounds <- c(0.3, 5)
bounded <- calibrate(d_equal, ~muni + sex + age, population = totals, calfun = "raking", bounds = bounds,
                     epsilon = 1e-14, maxit = 500)
wb <- weights(bounded)

result <- list(
  command = "Rscript test/analysis/reference/calibration.R test/analysis/reference/calibration.json",
  r = R.version.string, survey = as.character(packageVersion("survey")),
  data = list(muni = muni, sex = sex, age = age, q = q, wants = wants, rating = rating_answer),
  population = lapply(population, as.list),
  rake = list(weights = unname(weights(raked)), diagnostics = diagnostics(weights(raked))),
  rakeDefault = list(maxit = 10, epsilon = 1, weights = unname(weights(rake_default))),
  rakeRelative = list(maxit = 50, epsilon = 1e-6, weights = unname(weights(rake_relative))),
  rakeThree = list(maxit = 3, epsilon = 1e-11, weights = unname(weights(rake_three))),
  calibrated = list(weights = unname(w), diagnostics = diagnostics(w)),
  q = q_rows,
  wants = wants_est,
  wantsWomen = wants_women,
  ratingMean = rating_mean,
  ratingMeanWomen = rating_mean_women,
  raoScott = rao_scott,
  bounded = list(bounds = bounds, weights = unname(wb), diagnostics = diagnostics(wb),
                 wants = estimate(~wants, subset(bounded, !is.na(wants))))
)
writeLines(toJSON(result, digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE), out)
