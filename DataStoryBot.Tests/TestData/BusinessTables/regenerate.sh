#!/usr/bin/env bash
# Reproduces the real exports of the business-tables suite from the packages that ship them (README.md lists them):
# Debian's r-cran-aer (ResumeNames, HMDA) and r-cran-dslabs (trump_tweets), npm's vega-datasets (flights-20k.json).
# The synthetic tables are written by DataStoryBot.Tests/BusinessTables/BusinessTableGenerator.cs instead:
#   DSB_REGENERATE_BUSINESS_TABLES=1 dotnet test DataStoryBot.Tests -c Release --filter "FullyQualifiedName~Generator_SyntheticTable"
set -euo pipefail
cd "$(dirname "$0")"
REPO_ROOT="$(cd ../../.. && pwd)"

Rscript --vanilla - <<'R'
suppressPackageStartupMessages({ library(AER); library(dslabs) })
w <- function(df, file) write.csv(df, file, row.names = FALSE, na = "")
data(ResumeNames, package = "AER")
r <- ResumeNames
w(data.frame(application_id = sprintf("RES%05d", seq_len(nrow(r))), first_name = r$name, gender = r$gender, ethnicity = r$ethnicity,
             resume_quality = r$quality, city = r$city, jobs = r$jobs, experience_years = r$experience, honors = r$honors,
             email = r$email, wanted = r$wanted, industry = r$industry, callback = r$call), "job_applications.csv")
data(HMDA, package = "AER")
h <- HMDA
w(data.frame(application_id = sprintf("HMDA%05d", seq_len(nrow(h))), denied = h$deny, payments_to_income_pct = round(100 * h$pirat, 1),
             housing_to_income_pct = round(100 * h$hirat, 1), loan_to_value_pct = round(100 * h$lvrat, 1), consumer_credit_score = h$chist,
             mortgage_credit_score = h$mhist, public_bad_record = h$phist, unemployment_rate = round(h$unemp, 1), self_employed = h$selfemp,
             mortgage_insurance_denied = h$insurance, condominium = h$condomin, african_american = h$afam, single = h$single,
             high_school = h$hschool), "mortgage_applications.csv")
t <- dslabs::trump_tweets
t <- t[t$created_at >= as.POSIXct("2015-06-17", tz = "UTC") & t$created_at < as.POSIXct("2016-11-09", tz = "UTC") &
       t$source %in% c("Twitter for Android", "Twitter for iPhone") & !t$is_retweet, ]
t <- t[order(t$created_at), ]
w(data.frame(tweet_id = t$id_str, created_at = format(t$created_at, "%Y-%m-%d %H:%M:%S", tz = "America/New_York"), source = t$source,
             text = gsub("[\r\n]+", " ", t$text), retweet_count = t$retweet_count, favorite_count = t$favorite_count), "campaign_tweets.csv")
R

node -e '
const rows = require(process.argv[1]);
const out = ["date,delay_minutes,distance_miles,origin,destination,late_15"];
for (const r of rows) out.push([r.date.replace(/\//g, "-"), r.delay, r.distance, r.origin, r.destination, r.delay > 15].join(","));
require("fs").writeFileSync("flight_delays.csv", out.join("\n") + "\n");
' "$REPO_ROOT/node_modules/vega-datasets/data/flights-20k.json"
wc -lc job_applications.csv mortgage_applications.csv campaign_tweets.csv flight_delays.csv
