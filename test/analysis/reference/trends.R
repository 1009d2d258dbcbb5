# Expected values for trends over two waves of a survey series (changeBetweenWaves and the trend API,
# test/trends/): per-wave proportions and means with their design-based standard errors, and the
# difference between the two independent waves with its SE, 95% interval and Wald test, unweighted
# and with each wave raked to its municipalities' populations (calibrate(calfun = "raking"), both
# the calibrated and the fixed-weight variance).
#
#   Rscript test/analysis/reference/trends.R test/analysis/reference/trends.json
#
# (Debian: r-cran-survey, r-cran-jsonlite.) The data set is made here from a fixed seed and written
# into the JSON, which the API test loads and submits. In 2021 the question is `tarve` with four
# choices; in 2025 it is renamed `muutostarve` and 2021's "paljon" and "tosi_paljon" are one choice,
# "paljon": the earlier wave is recoded into the later wave's categories before estimating.
# Unweighted, a wave is a simple random sample of those who answered (svydesign(ids = ~1) on them);
# the two waves stacked as strata of one design give the difference with svycontrast.
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
out <- commandArgs(trailingOnly = TRUE)[1]
RNGversion("4.0.0"); set.seed(20270107)

population <- c(A = 216152, B = 19657, C = 14876)   # Oulu, Kempele, Kuusamo (surveys/geography)

make_wave <- function(n, shares, need_prob, area_prob, rating_shift) {
  muni <- sample(names(shares), n, replace = TRUE, prob = shares)
  u <- runif(n)
  need <- ifelse(u < need_prob[1], "ei", ifelse(u < need_prob[2], "vahan", ifelse(u < need_prob[3], "paljon", "tosi_paljon")))
  need[sample(n, 7)] <- NA
  alueet <- sapply(names(area_prob), function(a) as.integer(runif(n) < area_prob[[a]] + ifelse(muni == "C", 0.15, 0)))
  answered <- sample(c(TRUE, FALSE), n, replace = TRUE, prob = c(0.9, 0.1))
  # Everyone who answered picked at least one area (a checkbox answer is never empty).
  none <- answered & rowSums(alueet) == 0
  alueet[none, "liikunta"] <- 1L
  alueet[!answered, ] <- NA
  rating <- pmin(5, pmax(1, round(3 + rating_shift + ifelse(muni == "B", 0.6, 0) + rnorm(n))))
  rating[sample(n, 6)] <- NA
  data.frame(muni, need, alueet, rating, stringsAsFactors = FALSE)
}
w21 <- make_wave(150, c(A = 0.6, B = 0.25, C = 0.15), c(0.30, 0.62, 0.85), c(liikunta = 0.35, kulttuuri = 0.25, nuoriso = 0.2), 0)
w25 <- make_wave(180, c(A = 0.45, B = 0.30, C = 0.25), c(0.22, 0.50, 0.80), c(liikunta = 0.45, kulttuuri = 0.22, nuoriso = 0.3), 0.35)
# 2025 asks only three choices: its "paljon" is 2021's "paljon" and "tosi_paljon".
w25$need[!is.na(w25$need) & w25$need == "tosi_paljon"] <- "paljon"
w21$recoded <- ifelse(!is.na(w21$need) & w21$need == "tosi_paljon", "paljon", w21$need)
w25$recoded <- w25$need

# Unweighted: the answerers of each wave as a simple random sample; the two waves as strata.
srs_estimate <- function(df, var, f) {
  d <- svydesign(ids = ~1, probs = ~1, data = df[!is.na(df[[var]]), ])
  m <- svymean(f, d)
  list(n = sum(!is.na(df[[var]])), estimate = unname(coef(m)), se = unname(SE(m)[1]))
}
stacked_change <- function(var, f) {
  both <- rbind(cbind(w21[, c("muni", var)], wave = "2021"), cbind(w25[, c("muni", var)], wave = "2025"))
  both <- both[!is.na(both[[var]]), ]
  d <- svydesign(ids = ~1, probs = ~1, strata = ~wave, data = both)
  by <- svyby(f, ~wave, d, svymean, covmat = TRUE)
  contrast <- svycontrast(by, c(-1, 1))
  difference <- unname(coef(contrast)); se <- as.numeric(SE(contrast))
  z <- difference / se
  list(difference = difference, se = se, ci = c(difference - qnorm(0.975) * se, difference + qnorm(0.975) * se),
       z = z, p = 2 * pnorm(-abs(z)))
}
proportion <- function(var, value) {
  f <- as.formula(sprintf("~I(as.numeric(%s == '%s'))", var, value))
  list(value = value, w2021 = srs_estimate(w21, var, f), w2025 = srs_estimate(w25, var, f), change = stacked_change(var, f))
}
need_unweighted <- lapply(c("ei", "vahan", "paljon"), function(v) proportion("recoded", v))
alueet_unweighted <- lapply(c("liikunta", "kulttuuri", "nuoriso"), function(v) {
  f <- as.formula(sprintf("~%s", v))
  list(value = v, w2021 = srs_estimate(w21, v, f), w2025 = srs_estimate(w25, v, f), change = stacked_change(v, f))
})
rating_unweighted <- list(w2021 = srs_estimate(w21, "rating", ~rating), w2025 = srs_estimate(w25, "rating", ~rating),
                          change = stacked_change("rating", ~rating))

# Weighted: each wave raked to its municipalities' populations; a proportion among those who
# answered is a domain of the whole calibrated design (subset()), as the API's weighted figures.
calibrated_wave <- function(df) {
  d <- svydesign(ids = ~1, weights = ~rep(1, nrow(df)), data = df)
  totals <- c(`(Intercept)` = sum(population), muniB = population[["B"]], muniC = population[["C"]])
  cal <- calibrate(d, ~muni, population = totals, calfun = "raking", epsilon = 1e-14, maxit = 200)
  df$w <- weights(cal)
  list(calibrated = cal, fixed = svydesign(ids = ~1, weights = ~w, data = df))
}
d21 <- calibrated_wave(w21); d25 <- calibrated_wave(w25)
weighted_estimate <- function(design, var, f) {
  sub <- subset(design, !is.na(design$variables[[var]]))
  m <- svymean(f, sub, na.rm = TRUE)
  list(estimate = unname(coef(m)), se = unname(SE(m)[1]))
}
weighted_change <- function(a, b) {
  difference <- b$estimate - a$estimate; se <- sqrt(a$se^2 + b$se^2); z <- difference / se
  list(difference = difference, se = se, ci = c(difference - qnorm(0.975) * se, difference + qnorm(0.975) * se), z = z, p = 2 * pnorm(-abs(z)))
}
weighted_pair <- function(var, f) {
  sapply(c("calibrated", "fixed"), function(variant) {
    a <- weighted_estimate(d21[[variant]], var, f); b <- weighted_estimate(d25[[variant]], var, f)
    list(w2021 = a, w2025 = b, change = weighted_change(a, b))
  }, simplify = FALSE)
}
need_weighted <- lapply(c("ei", "vahan", "paljon"), function(v) c(list(value = v), weighted_pair("recoded", as.formula(sprintf("~I(as.numeric(recoded == '%s'))", v)))))
alueet_weighted <- lapply(c("liikunta", "kulttuuri", "nuoriso"), function(v) c(list(value = v), weighted_pair(v, as.formula(sprintf("~%s", v)))))
rating_weighted <- weighted_pair("rating", ~rating)

wave_data <- function(df) list(muni = df$muni, need = df$need, liikunta = df$liikunta, kulttuuri = df$kulttuuri,
                                nuoriso = df$nuoriso, rating = df$rating)
result <- list(
  command = "Rscript test/analysis/reference/trends.R test/analysis/reference/trends.json",
  r = R.version.string, survey = as.character(packageVersion("survey")),
  population = as.list(population),
  data = list(w2021 = wave_data(w21), w2025 = wave_data(w25)),
  unweighted = list(need = need_unweighted, alueet = alueet_unweighted, rating = rating_unweighted),
  weighted = list(need = need_weighted, alueet = alueet_weighted, rating = rating_weighted)
)
writeLines(toJSON(result, digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE), out)
