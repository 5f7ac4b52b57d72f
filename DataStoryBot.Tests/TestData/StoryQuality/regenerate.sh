#!/usr/bin/env bash
# Regenerates the R datasets of the story-quality suite (docs/story-quality.md) as CSV.
# Needs R and the Debian packages named in README.md:
#   apt-get update && apt-get install -y --no-install-recommends r-base-core r-cran-vcd r-cran-aer r-cran-cardata r-cran-dslabs
# CI does not run this: the suite reads the committed CSVs.
set -euo pipefail
cd "$(dirname "$0")"
Rscript --vanilla - <<'RSCRIPT'
suppressMessages({ library(vcd); library(AER); library(carData); library(dslabs) })
get_data <- function(name, pkg) {
  e <- new.env()
  data(list = name, package = pkg, envir = e)
  get(name, envir = e)
}
out <- function(x, dir, name, rownames_as = NULL) {
  x <- as.data.frame(x)
  if (!is.null(rownames_as)) x <- cbind(setNames(data.frame(rownames(x)), rownames_as), x)
  dir.create(dir, showWarnings = FALSE)
  write.csv(x, file.path(dir, paste0(name, ".csv")), row.names = FALSE, na = "")
}
# R's own datasets package (r-base-core): contingency tables, one row per cell with its count (Freq).
out(as.data.frame(HairEyeColor), "r-base-core", "HairEyeColor")
out(as.data.frame(UCBAdmissions), "r-base-core", "UCBAdmissions")
# vcd
out(get_data("Arthritis", "vcd"), "r-cran-vcd", "Arthritis")
out(get_data("Suicide", "vcd"), "r-cran-vcd", "Suicide")
out(get_data("SpaceShuttle", "vcd"), "r-cran-vcd", "SpaceShuttle")
lb <- get_data("Lifeboats", "vcd")
lb$launch <- format(lb$launch, "%H:%M")   # clock times on the night of 14-15 April 1912
out(lb, "r-cran-vcd", "Lifeboats")
# AER
out(get_data("ShipAccidents", "AER"), "r-cran-aer", "ShipAccidents")
fat <- get_data("Fatalities", "AER")
out(fat[, c("state", "year", "fatal", "pop", "milestot", "beertax", "drinkage", "unemp", "income", "spirits", "jail", "breath")],
    "r-cran-aer", "Fatalities")
out(get_data("CASchools", "AER"), "r-cran-aer", "CASchools")
out(get_data("TeachingRatings", "AER"), "r-cran-aer", "TeachingRatings")
out(get_data("CPS1985", "AER"), "r-cran-aer", "CPS1985")
rn <- get_data("ResumeNames", "AER")
out(rn[, c("name", "gender", "ethnicity", "quality", "call", "city", "jobs", "experience", "honors")],
    "r-cran-aer", "ResumeNames")
# carData
out(get_data("Davis", "carData"), "r-cran-cardata", "Davis")
out(get_data("Salaries", "carData"), "r-cran-cardata", "Salaries")
ro <- get_data("Rossi", "carData")
out(ro[, c("week", "arrest", "fin", "age", "race", "wexp", "mar", "paro", "prio", "educ")], "r-cran-cardata", "Rossi")
out(get_data("TitanicSurvival", "carData"), "r-cran-cardata", "TitanicSurvival", rownames_as = "name")
out(get_data("Prestige", "carData"), "r-cran-cardata", "Prestige", rownames_as = "occupation")
out(get_data("Moore", "carData"), "r-cran-cardata", "Moore")
out(get_data("Wool", "carData"), "r-cran-cardata", "Wool")
out(get_data("Blackmore", "carData"), "r-cran-cardata", "Blackmore")
# dslabs
out(get_data("murders", "dslabs"), "r-cran-dslabs", "murders")
out(get_data("admissions", "dslabs"), "r-cran-dslabs", "admissions")
out(get_data("heights", "dslabs"), "r-cran-dslabs", "heights")
out(get_data("divorce_margarine", "dslabs"), "r-cran-dslabs", "divorce_margarine")
ucd <- get_data("us_contagious_diseases", "dslabs")
measles <- ucd[ucd$disease == "Measles", c("state", "year", "weeks_reporting", "count", "population")]
out(measles, "r-cran-dslabs", "measles")
out(get_data("research_funding_rates", "dslabs"), "r-cran-dslabs", "research_funding_rates")
out(get_data("death_prob", "dslabs"), "r-cran-dslabs", "death_prob")
RSCRIPT
