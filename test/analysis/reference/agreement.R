# Expected values for analysis/agreement.ts: percentage agreement, Cohen's kappa and Krippendorff's
# alpha (nominal). R's irr package is not in Debian, so the statistics are written out here from
# their definitions in base R (Cohen 1960; Krippendorff 2011, "Computing Krippendorff's
# alpha-reliability"), and the fixtures include published worked examples with their published values.
#
#   Rscript test/analysis/reference/agreement.R test/analysis/reference/agreement.json
suppressPackageStartupMessages(library(jsonlite))
out <- commandArgs(trailingOnly = TRUE)[1]

# ratings: a units x coders character matrix, NA for missing.
kappa2 <- function(a, b) {
  ok <- !is.na(a) & !is.na(b)
  a <- a[ok]; b <- b[ok]
  lev <- union(a, b)
  t <- table(factor(a, levels = lev), factor(b, levels = lev))
  n <- sum(t)
  po <- sum(diag(t)) / n
  pe <- sum(rowSums(t) * colSums(t)) / n^2
  (po - pe) / (1 - pe)
}

coincidence <- function(ratings) {
  lev <- sort(unique(na.omit(as.vector(ratings))))
  o <- matrix(0, length(lev), length(lev), dimnames = list(lev, lev))
  for (u in seq_len(nrow(ratings))) {
    v <- na.omit(ratings[u, ])
    m <- length(v)
    if (m < 2) next
    tv <- table(factor(v, levels = lev))
    # Pairs of values within the unit: n_c n_k for c != k, n_c (n_c - 1) on the diagonal, over m - 1.
    pairs <- outer(as.vector(tv), as.vector(tv)) - diag(as.vector(tv))
    o <- o + pairs / (m - 1)
  }
  o
}

alpha_nominal <- function(ratings) {
  o <- coincidence(ratings)
  nc <- rowSums(o)
  n <- sum(nc)
  1 - (n - 1) * (sum(o) - sum(diag(o))) / (n^2 - sum(nc^2))
}

percent <- function(ratings) {
  o <- coincidence(ratings)
  sum(diag(o)) / sum(o)
}

as_json_matrix <- function(ratings) lapply(seq_len(nrow(ratings)), function(u) as.list(ratings[u, ]))

case <- function(name, ratings, published = NULL) {
  list(name = name, ratings = as_json_matrix(ratings), percent = percent(ratings),
       kappa = if (ncol(ratings) == 2) kappa2(ratings[, 1], ratings[, 2]) else NULL,
       alpha = alpha_nominal(ratings), published = published)
}

# Krippendorff (2011), section C: nominal data, four observers, twelve units, missing values.
# Published alpha (nominal) = 0.743.
k2011 <- matrix(c(
  "1", "1", NA, "1",
  "2", "2", "3", "2",
  "3", "3", "3", "3",
  "3", "3", "3", "3",
  "2", "2", "2", "2",
  "1", "2", "3", "4",
  "4", "4", "4", "4",
  "1", "1", "2", "1",
  "2", "2", "2", "2",
  NA, "5", "5", "5",
  NA, NA, "1", "1",
  NA, "3", NA, NA), ncol = 4, byrow = TRUE)

# Krippendorff (2011), section A: binary data, two observers, ten units. Published alpha = 0.095.
k2011binary <- cbind(c(0, 1, 0, 0, 0, 0, 0, 0, 1, 0), c(1, 1, 1, 0, 0, 1, 0, 0, 0, 0))
storage.mode(k2011binary) <- "character"

# Cohen's kappa worked example (Wikipedia, "Cohen's kappa"): 50 proposals read by two readers,
# both yes 20, A yes B no 5, A no B yes 10, both no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4 exactly.
wiki <- rbind(matrix("yes", 20, 2), cbind(rep("yes", 5), rep("no", 5)), cbind(rep("no", 10), rep("yes", 10)), matrix("no", 15, 2))

# Open-answer codes: three coders, twenty answers, five codes and "not codable" (nc), some missing.
RNGversion("4.0.0"); set.seed(16)
truth <- sample(c("A", "B", "C", "D", "E", "nc"), 20, replace = TRUE, prob = c(0.3, 0.2, 0.2, 0.1, 0.1, 0.1))
coder <- function(p) ifelse(runif(20) < p, truth, sample(c("A", "B", "C", "D", "E", "nc"), 20, replace = TRUE))
three <- cbind(coder(0.85), coder(0.75), coder(0.6))
three[c(3, 11), 3] <- NA
three[17, 2] <- NA
two <- three[, 1:2]

result <- list(
  command = "Rscript test/analysis/reference/agreement.R test/analysis/reference/agreement.json",
  r = R.version.string,
  cases = list(
    case("Krippendorff 2011 nominal, 4 observers, missing values", k2011, 0.743),
    case("Krippendorff 2011 binary, 2 observers", k2011binary, 0.095),
    case("Cohen's kappa worked example (Wikipedia)", wiki, 0.4),
    case("three coders, six categories, missing values", three),
    case("two coders, six categories, one missing", two)
  )
)
writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null", na = "null"), out)
