# Independent check of the numbers in DataStoryBot.Tests/BusinessTables/findings.json: computed here from the committed
# CSVs with base R and dplyr, never from the engine. Run: Rscript --vanilla check-findings.R (from this folder).
suppressPackageStartupMessages(library(dplyr))
options(width = 200, dplyr.summarise.inform = FALSE)
ts <- function(x) as.POSIXct(ifelse(x == "", NA, x), format = "%Y-%m-%d %H:%M", tz = "UTC")
dt <- function(x) as.Date(ifelse(x == "", NA, x))
hrs <- function(a, b) as.numeric(difftime(ts(b), ts(a), units = "hours"))
say <- function(...) cat(sprintf(...), "\n")
yes <- function(x) tolower(as.character(x)) == "true"
rd <- function(f) read.csv(f, stringsAsFactors = FALSE, na.strings = character(0))

cat("== incidents\n"); d <- rd("incidents.csv"); d$h <- hrs(d$opened_at, d$resolved_at)
print(d %>% mutate(hw = category == "Hardware") %>% group_by(hw) %>% summarise(n = n(), closed = sum(!is.na(h)), median_h = median(h, na.rm = TRUE)))
hw <- d[d$category == "Hardware", ]; say("hardware in Australia: %d of %d (%.0f%%); Australia share of others %.0f%%", sum(hw$location == "Australia"), nrow(hw), 100 * mean(hw$location == "Australia"), 100 * mean(d$location[d$category != "Hardware"] == "Australia"))
d$q <- quarters(ts(d$opened_at)); print(d %>% group_by(q) %>% summarise(network = mean(category == "Network")))
say("network share Jan %.0f%% Dec %.0f%%", 100 * mean(d$category[substr(d$opened_at, 6, 7) == "01"] == "Network"), 100 * mean(d$category[substr(d$opened_at, 6, 7) == "12"] == "Network"))
p <- grepl("printer", d$short_description, ignore.case = TRUE); say("printer: %d of %d hardware (%.0f%%), %d elsewhere; Printer546 %d", sum(p & d$category == "Hardware"), nrow(hw), 100 * mean(p[d$category == "Hardware"]), sum(p & d$category != "Hardware"), sum(grepl("Printer546", d$short_description)))
say("Fred Luddy: %d of %d (%.0f%%); next caller %d", sum(d$caller == "Fred Luddy"), nrow(d), 100 * mean(d$caller == "Fred Luddy"), sort(table(d$caller), decreasing = TRUE)[2])
print(table(d$category, d$assignment_group))

cat("== expense_claims\n"); d <- rd("expense_claims.csv"); done <- d[d$state != "Pending", ]
print(done %>% group_by(category) %>% summarise(n = n(), declined = sum(state == "Declined"), rate = round(mean(state == "Declined"), 3), median_amount = median(amount)))
d$h <- hrs(d$submitted_at, d$processed_at)
print(d %>% filter(!is.na(h)) %>% group_by(big = amount > 2000) %>% summarise(n = n(), median_days = median(h) / 24))
say("Dana Whitfield: %d of %d claims (%.1f%%), next %d", sum(d$employee == "Dana Whitfield"), nrow(d), 100 * mean(d$employee == "Dana Whitfield"), sort(table(d$employee), decreasing = TRUE)[2])

cat("== sales_orders\n"); d <- rd("sales_orders.csv"); d$days <- hrs(d$order_date, d$delivered_date) / 24; d$half <- paste0(substr(d$order_date, 1, 4), ifelse(as.integer(substr(d$order_date, 6, 7)) <= 6, "H1", "H2"))
print(d %>% filter(!is.na(days)) %>% group_by(half) %>% summarise(n = n(), median_days = median(days)))
print(d %>% filter(!is.na(delivered_date)) %>% group_by(product_category) %>% summarise(n = n(), n_returned = sum(yes(returned)), rate = round(mean(yes(returned)), 3)))
d$m <- substr(d$order_date, 1, 7); w <- d %>% group_by(m) %>% summarise(web = mean(channel == "Web")); say("web share first months %.0f%% (Q1 2023), last %.0f%% (Q4 2024)", 100 * mean(d$channel[d$m <= "2023-03"] == "Web"), 100 * mean(d$channel[d$m >= "2024-10"] == "Web"))

cat("== it_assets\n"); d <- rd("it_assets.csv"); l <- d[d$category == "Laptop" & d$state != "Retired", ]
print(l %>% group_by(model) %>% summarise(n = n(), repair = sum(state == "In repair"), rate = round(mean(state == "In repair"), 3)))
lp <- d[d$category == "Laptop", ]; say("Engineering laptops %d of %d (%.0f%%); Engineering share of other assets %.0f%%", sum(lp$department == "Engineering"), nrow(lp), 100 * mean(lp$department == "Engineering"), 100 * mean(d$department[d$category != "Laptop"] == "Engineering"))
print(d %>% filter(state != "Retired") %>% group_by(location) %>% summarise(n = n(), stock = sum(state == "In stock"), rate = round(mean(state == "In stock"), 3)))
d$py <- substr(d$purchase_date, 1, 4); print(d %>% group_by(py) %>% summarise(n = n(), retired = round(mean(state == "Retired"), 2)))

cat("== hr_goals\n"); d <- rd("hr_goals.csv"); c <- d[d$state == "Completed", ]
print(c %>% group_by(sales = department == "Sales") %>% summarise(n = n(), on_time = round(mean(yes(on_time)), 3)))
print(c %>% group_by(department) %>% summarise(n = n(), on_time = round(mean(yes(on_time)), 3)))
c$days <- as.numeric(dt(c$completed_date) - dt(c$start_date)); print(c %>% group_by(goal_type) %>% summarise(n = n(), median_days = median(days)))
o <- d[d$state == "In progress" & dt(d$due_date) < as.Date("2024-12-31"), ]; say("overdue open goals %d, Morgan Lee %d (%.0f%%); Morgan Lee's share of all goals %.0f%%", nrow(o), sum(o$manager == "Morgan Lee"), 100 * mean(o$manager == "Morgan Lee"), 100 * mean(d$manager == "Morgan Lee"))

cat("== purchase_requests\n"); d <- rd("purchase_requests.csv"); d$days <- hrs(d$requested_at, d$approved_at) / 24; d$q <- quarters(ts(d$requested_at))
print(d %>% filter(!is.na(days)) %>% group_by(q) %>% summarise(n = n(), median_days = round(median(days), 2), mean_days = round(mean(days), 2)))
print(d %>% filter(!is.na(days)) %>% group_by(big = amount > 10000) %>% summarise(n = n(), median_days = round(median(days), 2)))
it <- d[d$category == "IT hardware", ]; say("Contoso: %d of %d IT hardware requests (%.0f%%)", sum(it$supplier == "Contoso Computing"), nrow(it), 100 * mean(it$supplier == "Contoso Computing"))
dec <- d[d$state != "Pending approval", ]; print(dec %>% group_by(department) %>% summarise(n = n(), rejected = sum(state == "Rejected"), rate = round(mean(state == "Rejected"), 3)))

cat("== support_chats\n"); d <- rd("support_chats.csv"); d$m <- substr(d$started_at, 1, 7)
print(d %>% group_by(m) %>% summarise(n = n(), login = round(mean(topic == "Login"), 3)))
cr <- grepl("crash", d$summary, ignore.case = TRUE); say("crash: %d chats; in %.0f%% of login chats vs %.0f%% of others; %.0f%% of crash chats on the mobile app", sum(cr), 100 * mean(cr[d$topic == "Login"]), 100 * mean(cr[d$topic != "Login"]), 100 * mean(d$channel[cr] == "Mobile app"))
say("Sam Ortiz: %d of %d chats (%.0f%%), next agent %d", sum(d$agent == "Sam Ortiz"), nrow(d), 100 * mean(d$agent == "Sam Ortiz"), sort(table(d$agent), decreasing = TRUE)[2])
d$min <- hrs(d$started_at, d$ended_at) * 60; print(d %>% group_by(refund = topic == "Refund") %>% summarise(median_min = median(min)))
print(d %>% filter(!is.na(csat)) %>% group_by(channel) %>% summarise(n = n(), csat = round(mean(csat), 2)))

cat("== change_requests\n"); d <- rd("change_requests.csv"); c <- d[d$state == "Closed", ]
print(c %>% group_by(type) %>% summarise(n = n(), failed = sum(close_code != "Successful"), rate = round(mean(close_code != "Successful"), 3)))
c$h2 <- substr(c$planned_start, 6, 7) >= "07"; print(c %>% filter(category == "Network") %>% group_by(h2) %>% summarise(n = n(), rate = round(mean(close_code != "Successful"), 3)))
print(c %>% filter(category != "Network") %>% group_by(h2) %>% summarise(n = n(), rate = round(mean(close_code != "Successful"), 3)))
c$h <- hrs(c$actual_start, c$actual_end); print(c %>% group_by(db = category == "Database") %>% summarise(n = n(), median_h = round(median(h), 2)))

cat("== ap_invoices\n"); d <- rd("ap_invoices.csv"); d$days <- as.numeric(dt(d$paid_date) - dt(d$invoice_date)); d$q <- quarters(dt(d$invoice_date))
print(d %>% filter(!is.na(days)) %>% group_by(q) %>% summarise(n = n(), median_days = median(days), late = round(mean(yes(paid_late)), 3)))
p <- d[d$status == "Paid", ]; v <- p %>% group_by(vendor) %>% summarise(n = n(), late = round(mean(yes(paid_late)), 3)) %>% filter(n >= 60) %>% arrange(-late); print(v)
print(d %>% group_by(business_unit) %>% summarise(n = n(), disputed = sum(status == "Disputed"), rate = round(mean(status == "Disputed"), 3)))
say("disputed: %d, Retail %d (%.0f%%)", sum(d$status == "Disputed"), sum(d$status == "Disputed" & d$business_unit == "Retail"), 100 * mean(d$business_unit[d$status == "Disputed"] == "Retail"))
say("Globex: %d of %d invoices (%.1f%%), %.1f%% of spend", sum(d$vendor == "Globex Energy"), nrow(d), 100 * mean(d$vendor == "Globex Energy"), 100 * sum(d$amount[d$vendor == "Globex Energy"]) / sum(d$amount))

cat("== shipments\n"); d <- rd("shipments.csv"); k <- d[d$late != "", ]
print(k %>% group_by(carrier) %>% summarise(n = n(), n_late = sum(yes(late)), rate = round(mean(yes(late)), 3)))
k$m <- substr(k$ship_date, 6, 7); print(k %>% group_by(dec = m == "12") %>% summarise(n = n(), rate = round(mean(yes(late)), 3)))
print(d %>% group_by(origin_warehouse) %>% summarise(n = n(), n_damaged = sum(yes(damaged)), rate = round(mean(yes(damaged)), 3)))
say("damaged from Reno %d of %d (%.0f%%); 'crush' in %.0f%% of damaged notes", sum(yes(d$damaged) & d$origin_warehouse == "Reno"), sum(yes(d$damaged)), 100 * mean(d$origin_warehouse[yes(d$damaged)] == "Reno"), 100 * mean(grepl("crush", d$notes[yes(d$damaged)], ignore.case = TRUE)))

cat("== facility_work_orders\n"); d <- rd("facility_work_orders.csv"); d$h <- hrs(d$opened_at, d$completed_at); d$q <- quarters(ts(d$opened_at))
print(d %>% filter(!is.na(h)) %>% group_by(q) %>% summarise(n = n(), median_h = round(median(h), 1)))
d$season <- ifelse(substr(d$opened_at, 6, 7) %in% c("06", "07", "08"), "Jun-Aug", ifelse(substr(d$opened_at, 6, 7) %in% c("01", "02", "03"), "Jan-Mar", "other"))
print(d %>% group_by(season) %>% summarise(n = n(), hvac = round(mean(trade == "HVAC"), 3)))
pl <- d[d$trade == "Plumbing", ]; say("plumbing in Building C %d of %d (%.0f%%); Building C share of other trades %.0f%%", sum(pl$building == "Building C"), nrow(pl), 100 * mean(pl$building == "Building C"), 100 * mean(d$building[d$trade != "Plumbing"] == "Building C"))
lk <- grepl("leak", d$description, ignore.case = TRUE); say("leak in %.0f%% of plumbing descriptions, %d elsewhere", 100 * mean(lk[d$trade == "Plumbing"]), sum(lk & d$trade != "Plumbing"))
say("Facilities Front Desk raised %d of %d (%.0f%%)", sum(d$requested_by == "Facilities Front Desk"), nrow(d), 100 * mean(d$requested_by == "Facilities Front Desk"))

cat("== leave_requests\n"); d <- rd("leave_requests.csv"); dd <- d[d$status %in% c("Approved", "Rejected") & d$leave_type != "Sick", ]
s <- dt(dd$start_date); dd$xmas <- format(s, "%m") == "12" & as.integer(format(s, "%d")) >= 15
print(dd %>% filter(leave_type == "Annual") %>% group_by(xmas) %>% summarise(n = n(), rejected = sum(status == "Rejected"), rate = round(mean(status == "Rejected"), 3)))
dd$notice <- as.numeric(s - as.Date(substr(dd$requested_at, 1, 10))); print(dd %>% group_by(short = notice < 7) %>% summarise(n = n(), rate = round(mean(status == "Rejected"), 3)))
sk <- d[d$leave_type == "Sick", ]; say("sick leave starting on a Monday: %d of %d (%.0f%%); other leave %.0f%%", sum(weekdays(dt(sk$start_date)) == "Monday"), nrow(sk), 100 * mean(weekdays(dt(sk$start_date)) == "Monday"), 100 * mean(weekdays(dt(d$start_date[d$leave_type != "Sick"])) == "Monday"))

# The real exports (written by regenerate.sh).
rate <- function(df, g, outcome) df %>% group_by(.data[[g]]) %>% summarise(n = n(), k = sum(outcome(cur_data())), rate = round(mean(outcome(cur_data())), 3))
cat("== job_applications\n"); j <- rd("job_applications.csv"); cb <- function(x) x$callback == "yes"
for (g in c("ethnicity", "honors", "city")) print(rate(j, g, cb))
print(j %>% group_by(resume_quality, ethnicity) %>% summarise(n = n(), rate = round(mean(callback == "yes"), 3)))
cat("== mortgage_applications\n"); m <- rd("mortgage_applications.csv"); dn <- function(x) x$denied == "yes"
for (g in c("african_american", "mortgage_insurance_denied", "consumer_credit_score", "public_bad_record")) print(rate(m, g, dn))
m$pti_band <- cut(m$payments_to_income_pct, c(-Inf, 30, 35, 40, Inf)); print(rate(m, "pti_band", dn))
cat("== campaign_tweets\n"); t <- rd("campaign_tweets.csv"); t$hour <- as.integer(substr(t$created_at, 12, 13)); t$m <- substr(t$created_at, 1, 7)
print(t %>% group_by(source) %>% summarise(n = n(), link = round(mean(grepl("https?://", text)), 3), hashtag = round(mean(grepl("#", text)), 3),
  before_noon = round(mean(hour < 12), 3), thank = round(mean(grepl("thank", text, ignore.case = TRUE)), 3), crooked = round(mean(grepl("crooked", text, ignore.case = TRUE)), 3)))
print(t %>% group_by(source, hour) %>% summarise(n = n()) %>% group_by(source) %>% mutate(share = round(n / sum(n), 3)) %>% slice_max(share, n = 3))
print(t %>% group_by(m) %>% summarise(n = n(), android = round(mean(source == "Twitter for Android"), 3), median_favorites = median(favorite_count)), n = 30)
cat("== flight_delays\n"); f <- rd("flight_delays.csv"); f$hour <- as.integer(substr(f$date, 12, 13)); f$m <- substr(f$date, 1, 7); f$late <- yes(f$late_15)
print(f %>% group_by(m) %>% summarise(n = n(), late = round(mean(late), 3), median_delay = median(delay_minutes)))
print(f %>% mutate(band = cut(hour, c(-1, 5, 8, 11, 14, 17, 20, 23))) %>% group_by(band) %>% summarise(n = n(), late = round(mean(late), 3), mean_delay = round(mean(delay_minutes), 1)))
print(f %>% group_by(origin) %>% summarise(n = n(), late = round(mean(late), 3)) %>% filter(n >= 300) %>% arrange(-late), n = 30)
print(f %>% group_by(weekday = weekdays(as.Date(substr(date, 1, 10)))) %>% summarise(n = n(), late = round(mean(late), 3)))
