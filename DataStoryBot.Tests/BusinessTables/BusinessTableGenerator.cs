namespace DataStoryBot.Tests.BusinessTables;

/// <summary>
/// The synthetic business tables of the suite (issue 21): exports as operations systems write them, with realistic noise
/// (skewed people, open items, ties, typos, ids in text, routing rules) and planted findings of realistic size. This is
/// the source of truth: the committed CSVs under <c>TestData/BusinessTables/</c> are its output (a test checks they
/// match), and <c>findings.json</c> documents what was planted, with numbers computed from the CSVs by an independent
/// script (<c>TestData/BusinessTables/check-findings.R</c>).
/// </summary>
public static class BusinessTableGenerator
{
    /// <summary>Every synthetic table: its file name (without .csv) and its generator.</summary>
    public static readonly IReadOnlyDictionary<string, Func<SyntheticTable>> Tables = new Dictionary<string, Func<SyntheticTable>>
    {
        ["incidents"] = Incidents,
        ["expense_claims"] = ExpenseClaims,
        ["sales_orders"] = SalesOrders,
        ["it_assets"] = Assets,
        ["hr_goals"] = HrGoals,
        ["purchase_requests"] = PurchaseRequests,
        ["support_chats"] = SupportChats,
        ["change_requests"] = ChangeRequests,
        ["ap_invoices"] = Invoices,
        ["shipments"] = Shipments,
        ["facility_work_orders"] = WorkOrders,
        ["leave_requests"] = LeaveRequests,
    };

    private static readonly DateTime Y2024 = new(2024, 1, 1);
    private static readonly DateTime Y2025 = new(2025, 1, 1);

    /// <summary>The end of a span, or null when it falls after the export was taken (the item is still open).</summary>
    private static DateTime? EndBy(DateTime start, double hours, DateTime asOf)
    {
        var end = start.AddHours(hours);
        return end > asOf ? null : end;
    }

    private static string Priority(int p) => p switch { 1 => "1 - Critical", 2 => "2 - High", 3 => "3 - Moderate", _ => "4 - Low" };

    /// <summary>IT incidents: hardware takes ~3x longer; hardware sits in Australia; network's share grows; printer text; one caller.</summary>
    public static SyntheticTable Incidents()
    {
        var n = new Noise(2101);
        var t = new SyntheticTable("number", "opened_at", "resolved_at", "state", "priority", "category", "assignment_group", "assigned_to",
            "caller", "location", "short_description", "reassignment_count", "made_sla", "business_impact_pct");
        string[] categories = ["Hardware", "Software", "Network", "Access", "Email"];
        var groups = new Dictionary<string, string>
        {
            ["Hardware"] = "Hardware Support", ["Software"] = "Application Support", ["Network"] = "Network Operations", ["Access"] = "Service Desk", ["Email"] = "Messaging",
        };
        var people = n.People(140, "Fred Luddy");
        var callers = people.Take(110).ToList();
        var agents = groups.Values.Distinct().ToDictionary(g => g, g => people.Skip(110).Skip(Array.IndexOf(groups.Values.Distinct().ToArray(), g) * 6).Take(6).ToList());
        string[] locations = ["United States", "United Kingdom", "Germany", "India", "Australia"];
        int[] printers = [546, 546, 546, 546, 212, 318, 733, 101];
        var slaHours = new Dictionary<int, double> { [1] = 8, [2] = 24, [3] = 72, [4] = 120 };
        var opened = n.WorkTimes(3000, Y2024, Y2025);
        for (var i = 0; i < opened.Count; i++)
        {
            var at = opened[i];
            var progress = (at - Y2024).TotalDays / 366;
            var network = 0.08 + 0.16 * progress;
            var category = n.Pick(categories, [0.27, 0.32, network, 0.20, 0.13]);
            var priority = n.Pick([1, 2, 3, 4], [0.04, 0.16, 0.5, 0.3]);
            var hours = n.LogNormal(category == "Hardware" ? 40 : 13, 0.85) * (priority == 1 ? 0.35 : 1);
            var resolved = EndBy(at, hours, Y2025);
            if (resolved is not null && n.Chance(0.03)) resolved = null; // stuck on hold
            var state = resolved is null ? n.Pick(["In Progress", "On Hold", "New"], [0.6, 0.25, 0.15]) : n.Pick(["Closed", "Resolved"], [0.85, 0.15]);
            var group = n.Chance(0.04) ? "Service Desk" : groups[category];
            var location = category == "Hardware" && n.Chance(0.62) ? "Australia" : n.Pick(locations, [0.36, 0.2, 0.14, 0.2, 0.1]);
            var caller = n.Chance(0.17) ? "Fred Luddy" : n.Zipf(callers, 0.7);
            var text = category switch
            {
                "Hardware" => n.Pick([$"Printer{n.Pick(printers)} jammed again", $"Printer{n.Pick(printers)} not printing", $"Printer{n.Pick(printers)} out of toner",
                    "Laptop screen flickering", "Docking station not detected", "Keyboard not working", "Monitor has no signal"], [3, 2, 1, 1.5, 1.2, 1, 1]),
                "Software" => n.Pick(["Excel freezes when opening file", "SAP login error", "Cannot install Teams update", "Application crashes on start", "License expired for Visio"]),
                "Network" => n.Pick(["VPN disconnects every few minutes", $"Wifi slow in building {n.Int(1, 6)}", "Cannot reach shared drive", "Network outage on floor " + n.Int(1, 9)]),
                "Access" => n.Pick(["Password reset request", "Account locked out", "Need access to SharePoint site", "MFA token not working"]),
                _ => n.Pick(["Mailbox full", "Cannot send email to external", "Outlook keeps asking for password", "Shared mailbox missing"]),
            };
            t.Add($"INC{10000 + i:D7}", at, resolved, state, Priority(priority), category, group, n.Pick(agents[group]), caller, location, n.Typo(text),
                n.Pick([0, 0, 0, 1, 1, 2, 3]), resolved is null ? null : (object)(hours <= slaHours[priority]), n.Pick([0, 10, 25, 50, 75, 100]));
        }
        return t;
    }

    /// <summary>Expense claims: travel declined ~42%; claims over $2,000 take ~3x longer; one employee files many; amount by category.</summary>
    public static SyntheticTable ExpenseClaims()
    {
        var n = new Noise(2102);
        var t = new SyntheticTable("claim_id", "employee", "department", "approver", "category", "amount", "currency", "submitted_at", "processed_at",
            "state", "processing_hours", "reimbursed_pct", "receipt_attached", "description");
        string[] departments = ["Sales", "Marketing", "Engineering", "Finance", "Operations", "HR"];
        var people = n.People(220, "Dana Whitfield");
        var managers = departments.Select((d, i) => (d, people[i])).ToDictionary(x => x.d, x => x.Item2);
        var staff = people.Skip(10).ToList();
        var home = staff.ToDictionary(s => s, _ => n.Pick(departments, [0.3, 0.15, 0.25, 0.1, 0.12, 0.08]));
        home["Dana Whitfield"] = "Sales";
        string[] categories = ["Travel", "Meals", "Supplies", "Training", "Software", "Mileage"];
        var median = new Dictionary<string, double> { ["Travel"] = 900, ["Meals"] = 60, ["Supplies"] = 120, ["Training"] = 700, ["Software"] = 300, ["Mileage"] = 80 };
        var decline = new Dictionary<string, double> { ["Travel"] = 0.42, ["Meals"] = 0.08, ["Supplies"] = 0.06, ["Training"] = 0.11, ["Software"] = 0.04, ["Mileage"] = 0.07 };
        string[] cities = ["Chicago", "Berlin", "London", "Singapore", "Austin", "Toronto"];
        var submitted = n.WorkTimes(2500, Y2024, Y2025);
        for (var i = 0; i < submitted.Count; i++)
        {
            var at = submitted[i];
            var employee = n.Chance(0.085) ? "Dana Whitfield" : n.Zipf(staff, 0.6);
            var category = n.Pick(categories, [0.22, 0.25, 0.18, 0.1, 0.1, 0.15]);
            var amount = Math.Round(n.LogNormal(median[category], 0.9), 2);
            var hours = n.LogNormal(60, 0.7) * (amount > 2000 ? 3 : 1);
            var processed = EndBy(at, hours, Y2025);
            var state = processed is null ? "Pending" : n.Chance(decline[category]) ? "Declined" : "Processed";
            var city = n.Pick(cities);
            var text = category switch
            {
                "Travel" => n.Pick([$"Flight to {city} for client visit", $"Hotel {city} {n.Int(1, 5)} nights", "Taxi from airport", $"Train to {city}"]),
                "Meals" => n.Pick(["Team lunch", "Client dinner", "Working breakfast", "Conference meals"]),
                "Supplies" => n.Pick(["Printer paper and toner", "Office chair", "Headset", "Notebooks and pens"]),
                "Training" => n.Pick(["Online course fee", $"Conference ticket {city}", "Certification exam", "Workshop registration"]),
                "Software" => n.Pick(["Adobe licence", "Design tool subscription", "Cloud storage plan", "Plugin licence"]),
                _ => $"Mileage {n.Int(12, 400)} km to {city} site",
            };
            t.Add($"EXP{100000 + i:D6}", employee, home[employee], managers[home[employee]], category, amount, "USD", at, processed, state,
                state == "Processed" ? Math.Round(hours, 1) : null, state switch { "Processed" => 100, "Declined" => 0, _ => null },
                n.Chance(0.9), n.Typo(text));
        }
        return t;
    }

    /// <summary>Sales orders over two years: delivery time steps up mid-2024; apparel returned ~3x more; web's share grows.</summary>
    public static SyntheticTable SalesOrders()
    {
        var n = new Noise(2103);
        var t = new SyntheticTable("order_id", "order_date", "customer", "region", "channel", "product_category", "quantity", "unit_price",
            "discount_pct", "order_total", "status", "ship_date", "delivered_date", "returned");
        var start = new DateTime(2023, 1, 1);
        string[] regions = ["North", "South", "East", "West", "Central"];
        string[] products = ["Electronics", "Apparel", "Home", "Toys", "Grocery"];
        var price = new Dictionary<string, double> { ["Electronics"] = 180, ["Apparel"] = 40, ["Home"] = 65, ["Toys"] = 25, ["Grocery"] = 12 };
        var returns = new Dictionary<string, double> { ["Electronics"] = 0.06, ["Apparel"] = 0.17, ["Home"] = 0.05, ["Toys"] = 0.04, ["Grocery"] = 0.02 };
        string[] prefixes = ["Acme", "Blue", "Cedar", "Delta", "Eagle", "Fox", "Granite", "Harbor", "Iris", "Juniper", "Kite", "Lotus"];
        string[] suffixes = ["Retail", "Stores", "Market", "Outlet", "Traders", "Supply", "Goods", "Co"];
        var customers = prefixes.SelectMany(p => suffixes.Select(s => p + " " + s)).ToList();
        var dates = n.WorkTimes(5000, start, Y2025);
        for (var i = 0; i < dates.Count; i++)
        {
            var at = dates[i];
            var progress = (at - start).TotalDays / 731;
            var channel = n.Pick(["Web", "Store", "Phone"], [0.40 + 0.22 * progress, 0.42 - 0.16 * progress, 0.18 - 0.06 * progress]);
            var product = n.Pick(products, [0.2, 0.28, 0.22, 0.12, 0.18]);
            var quantity = 1 + (int)Math.Floor(n.LogNormal(2, 0.8));
            var unit = Math.Round(n.LogNormal(price[product], 0.35), 2);
            var discount = n.Pick([0, 0, 0, 5, 10, 15, 20]);
            var total = Math.Round(quantity * unit * (1 - discount / 100.0), 2);
            var cancelled = n.Chance(0.03);
            var ship = cancelled ? (DateTime?)null : EndBy(at, n.LogNormal(20, 0.5), Y2025);
            var deliverDays = n.LogNormal(at >= new DateTime(2024, 7, 1) ? 4.8 : 3.1, 0.35);
            var delivered = ship is null ? null : EndBy(ship.Value, deliverDays * 24 - 20, Y2025);
            var returned = delivered is not null && n.Chance(returns[product]);
            var status = cancelled ? "Cancelled" : ship is null ? "Processing" : delivered is null ? "Shipped" : returned ? "Returned" : "Delivered";
            t.Add($"SO{1000000 + i}", at, n.Zipf(customers, 0.8), n.Pick(regions, [0.22, 0.2, 0.24, 0.2, 0.14]), channel, product, quantity, unit,
                discount, total, status, ship, delivered, returned);
        }
        return t;
    }

    /// <summary>IT assets: Latitude 5400 laptops in repair far more often; Engineering holds most laptops; Sydney's idle stock.</summary>
    public static SyntheticTable Assets()
    {
        var n = new Noise(2104);
        var t = new SyntheticTable("asset_tag", "category", "model", "serial_number", "state", "assigned_to", "department", "location",
            "purchase_date", "warranty_end", "cost", "retired_date");
        var models = new Dictionary<string, (string Model, double Cost)[]>
        {
            ["Laptop"] = [("Latitude 5400", 1150), ("Latitude 7420", 1450), ("MacBook Pro 14", 2100), ("ThinkPad T14", 1300)],
            ["Monitor"] = [("Dell P2422H", 210), ("LG 27UL500", 290)],
            ["Desktop"] = [("OptiPlex 7090", 950), ("HP Elite 800", 900)],
            ["Phone"] = [("iPhone 13", 700), ("Galaxy S22", 650)],
            ["Tablet"] = [("iPad Air", 600)],
        };
        string[] departments = ["Engineering", "Sales", "Finance", "Marketing", "Support", "HR"];
        string[] locations = ["London", "New York", "Sydney", "Berlin", "Toronto"];
        var people = n.People(400);
        for (var i = 0; i < 1600; i++)
        {
            var category = n.Pick(["Laptop", "Monitor", "Desktop", "Phone", "Tablet"], [0.42, 0.25, 0.1, 0.17, 0.06]);
            var (model, cost) = n.Pick(models[category]);
            var department = category == "Laptop" && n.Chance(0.3) ? "Engineering" : n.Pick(departments, [0.25, 0.22, 0.12, 0.12, 0.2, 0.09]);
            var location = n.Pick(locations, [0.3, 0.25, 0.15, 0.15, 0.15]);
            var purchase = DateOnly.FromDateTime(new DateTime(2019, 1, 1).AddDays(n.Int(0, 6 * 365)));
            var age = (new DateOnly(2025, 1, 1).DayNumber - purchase.DayNumber) / 365.0;
            var retired = age > 3.5 && n.Chance((age - 3.5) / 2.5);
            var repair = model == "Latitude 5400" ? 0.21 : 0.04;
            var stock = location == "Sydney" ? 0.36 : 0.08;
            var state = retired ? "Retired" : n.Chance(repair) ? "In repair" : n.Chance(stock) ? "In stock" : "In use";
            t.Add($"P{100000 + i}", category, model, $"SN{n.Int(10000000, 99999999)}", state, state == "In use" || state == "In repair" ? n.Pick(people) : null,
                department, location, purchase, purchase.AddYears(3), Math.Round(n.LogNormal(cost, 0.06), 2),
                retired ? purchase.AddDays((int)(365 * 3.5) + n.Int(0, 600)) : null);
        }
        return t;
    }

    /// <summary>HR goals: Sales goals finish on time far less often; compliance goals are done fastest; one manager's open goals are overdue.</summary>
    public static SyntheticTable HrGoals()
    {
        var n = new Noise(2105);
        var t = new SyntheticTable("goal_id", "employee", "manager", "department", "goal_type", "start_date", "due_date", "completed_date",
            "state", "percent_complete", "weight_pct", "on_time", "rating");
        string[] departments = ["Sales", "Engineering", "Finance", "Support", "Marketing"];
        var people = n.People(330, "Morgan Lee");
        var managers = new Dictionary<string, string[]>
        {
            ["Sales"] = ["Morgan Lee", people[0]], ["Engineering"] = [people[1], people[2]], ["Finance"] = [people[3]], ["Support"] = [people[4], people[5]], ["Marketing"] = [people[6]],
        };
        var staff = people.Skip(10).Take(300).Select(p => (Name: p, Dept: n.Pick(departments, [0.25, 0.3, 0.12, 0.2, 0.13]))).ToList();
        var manager = staff.ToDictionary(s => s.Name, s => n.Pick(managers[s.Dept]));
        var asOf = new DateOnly(2024, 12, 31);
        var id = 1;
        foreach (var (name, dept) in staff)
        {
            for (var g = 0; g < 3; g++)
            {
                var type = n.Pick(["Performance", "Development", "Project", "Compliance"], [0.35, 0.25, 0.25, 0.15]);
                var start = new DateOnly(2024, 1, 1).AddDays(n.Int(0, 200));
                var due = start.AddDays(type == "Compliance" ? 30 : n.Pick([60, 90, 120, 180]));
                var planned = (due.DayNumber - start.DayNumber) * (type == "Compliance" ? 0.7 : 0.85);
                var lateness = dept == "Sales" ? n.Pick([0.7, 1.0, 1.3, 1.6], [0.2, 0.25, 0.3, 0.25]) : n.Pick([0.7, 1.0, 1.3], [0.5, 0.35, 0.15]);
                var span = Math.Max(3, (int)(planned * lateness * Math.Exp(0.15 * n.Normal())));
                var done = start.AddDays(span);
                var openManager = manager[name] == "Morgan Lee";
                var cancelled = n.Chance(0.04);
                var completed = !cancelled && done <= asOf && !(openManager && n.Chance(0.35)) ? done : (DateOnly?)null;
                var state = cancelled ? "Cancelled" : completed is not null ? "Completed" : start.AddDays(5) > asOf ? "Not started" : "In progress";
                var percent = state switch { "Completed" => 100, "Not started" => 0, "Cancelled" => n.Pick([0, 10, 20, 40]), _ => n.Pick([10, 20, 30, 40, 50, 60, 70, 80, 90]) };
                t.Add($"GOAL{id++:D5}", name, manager[name], dept, type, start, due, completed, state, percent, n.Pick([10, 20, 20, 25, 30, 40]),
                    completed is null ? null : (object)(completed <= due), completed is null ? null : n.Pick([2, 3, 3, 4, 4, 5]));
            }
        }
        return t;
    }

    /// <summary>Purchase requests: approval times are stable (the honest "no"); big requests take ~4x longer; one IT supplier; marketing rejections.</summary>
    public static SyntheticTable PurchaseRequests()
    {
        var n = new Noise(2106);
        var t = new SyntheticTable("pr_number", "requested_by", "department", "approver", "category", "supplier", "amount", "requested_at",
            "approved_at", "ordered_at", "state", "urgent", "justification");
        string[] departments = ["IT", "Marketing", "Operations", "Finance", "Facilities"];
        var people = n.People(160);
        var approver = departments.Select((d, i) => (d, people[i])).ToDictionary(x => x.d, x => x.Item2);
        var requesters = people.Skip(10).ToDictionary(p => p, _ => n.Pick(departments, [0.25, 0.2, 0.25, 0.12, 0.18]));
        var suppliers = new Dictionary<string, (string[] Names, double[] Weights)>
        {
            ["IT hardware"] = (["Contoso Computing", "Fabrikam Tech", "Northwind IT", "Litware"], [0.55, 0.18, 0.15, 0.12]),
            ["Office supplies"] = (["Staples", "Office Depot", "Lyreco"], [0.4, 0.35, 0.25]),
            ["Services"] = (["Adatum Consulting", "Proseware", "Trey Research"], [0.36, 0.34, 0.3]),
            ["Marketing"] = (["Wide World Events", "Tailspin Media", "Litware"], [0.4, 0.35, 0.25]),
            ["Facilities"] = (["CleanCo", "Fourth Coffee", "Graphic Design Institute"], [0.4, 0.3, 0.3]),
        };
        var median = new Dictionary<string, double> { ["IT hardware"] = 2400, ["Office supplies"] = 180, ["Services"] = 6000, ["Marketing"] = 3500, ["Facilities"] = 900 };
        var requested = n.WorkTimes(2000, Y2024, Y2025);
        var requesterList = requesters.Keys.ToList();
        for (var i = 0; i < requested.Count; i++)
        {
            var at = requested[i];
            var who = n.Zipf(requesterList, 0.5);
            var dept = requesters[who];
            var category = dept switch
            {
                "IT" => n.Pick(["IT hardware", "Services", "Office supplies"], [0.7, 0.2, 0.1]),
                "Marketing" => n.Pick(["Marketing", "Services", "Office supplies"], [0.65, 0.25, 0.1]),
                "Facilities" => n.Pick(["Facilities", "Office supplies"], [0.8, 0.2]),
                _ => n.Pick(["Office supplies", "Services", "IT hardware"], [0.5, 0.3, 0.2]),
            };
            var (names, weights) = suppliers[category];
            var amount = Math.Round(n.LogNormal(median[category], 1.0), 2);
            var hours = n.LogNormal(46, 0.7) * (amount > 10000 ? 4 : 1);
            var approved = EndBy(at, hours, Y2025);
            var rejected = approved is not null && n.Chance(dept == "Marketing" ? 0.24 : 0.07);
            var ordered = approved is null || rejected ? null : EndBy(approved.Value, n.LogNormal(20, 0.6), Y2025);
            var state = approved is null ? "Pending approval" : rejected ? "Rejected" : ordered is null ? "Approved" : "Ordered";
            var text = category switch
            {
                "IT hardware" => n.Pick(["Replacement laptop for new hire", "Monitors for team", "Docking stations", "Server memory upgrade"]),
                "Office supplies" => n.Pick(["Printer paper", "Whiteboard markers", "Desk supplies"]),
                "Services" => n.Pick(["Consulting for audit", "Contract developer", "Translation services"]),
                "Marketing" => n.Pick(["Trade show booth", "Campaign ads Q" + n.Int(1, 5), "Printed brochures"]),
                _ => n.Pick(["Office cleaning", "Coffee machine service", "Signage"]),
            };
            t.Add($"PR{12000 + i:D7}", who, dept, approver[dept], category, n.Pick(names, weights), amount, at,
                rejected ? null : approved, ordered, state, n.Chance(0.12), n.Typo(text));
        }
        return t;
    }

    /// <summary>Support chats: login chats jump after the 5.2 app release, with "crash" in their text; one agent handles a quarter; refunds take longest.</summary>
    public static SyntheticTable SupportChats()
    {
        var n = new Noise(2107);
        var t = new SyntheticTable("chat_id", "started_at", "ended_at", "agent", "channel", "topic", "customer_tier", "wait_seconds", "csat",
            "resolved", "summary");
        var from = new DateTime(2024, 5, 1);
        var release = new DateTime(2024, 9, 2);
        var agents = n.People(14, "Sam Ortiz");
        string[] topics = ["Billing", "Login", "Delivery", "Refund", "Account"];
        var started = n.WorkTimes(4000, from, new DateTime(2024, 12, 1));
        for (var i = 0; i < started.Count; i++)
        {
            var at = started[i];
            var after = at >= release;
            var topic = n.Pick(topics, [0.25, after ? 0.3 : 0.12, 0.25, 0.14, 0.14]);
            var channel = n.Pick(["Web", "Mobile app"], [0.55, 0.45]);
            var minutes = n.LogNormal(topic == "Refund" ? 18 : 9, 0.5);
            var ended = at.AddMinutes(minutes);
            var crash = topic == "Login" && after && channel == "Mobile app" ? n.Chance(0.8) : n.Chance(0.01);
            var text = crash
                ? n.Pick(["App crashes after update 5.2", "Mobile app crash on login screen", "Crash when opening app, version 5.2", "App keeps crashing since update"])
                : topic switch
                {
                    "Billing" => n.Pick(["Charged twice this month", "Question about invoice", "Update card details", "Wrong VAT on bill"]),
                    "Login" => n.Pick(["Password reset link not received", "Cannot log in", "Two-factor code not arriving", "Account locked after attempts"]),
                    "Delivery" => n.Pick([$"Where is order {n.Int(100000, 999999)}", "Parcel marked delivered but not received", "Change delivery address"]),
                    "Refund" => n.Pick(["Refund not received yet", "Request refund for damaged item", "Refund amount wrong"]),
                    _ => n.Pick(["Change email address", "Close my account", "Update phone number"]),
                };
            var csat = n.Chance(0.45) ? (int?)null : Math.Clamp((int)Math.Round(n.Normal() * 0.9 + (crash ? 2.4 : 4.1)), 1, 5);
            var agent = n.Chance(0.2) ? "Sam Ortiz" : n.Zipf(agents, 0.3);
            t.Add($"CH{i + 1:D6}", at, ended, agent, channel, topic, n.Pick(["Free", "Pro", "Enterprise"], [0.6, 0.3, 0.1]),
                (int)n.LogNormal(45, 0.9), csat, !crash && n.Chance(0.85) || crash && n.Chance(0.3), n.Typo(text, 0.06));
        }
        return t;
    }

    /// <summary>Change requests: emergency changes fail far more; network failures rise in the second half; database changes run longest.</summary>
    public static SyntheticTable ChangeRequests()
    {
        var n = new Noise(2108);
        var t = new SyntheticTable("number", "type", "category", "assignment_group", "risk", "requested_by", "planned_start", "planned_end",
            "actual_start", "actual_end", "state", "close_code", "caused_incident", "short_description");
        string[] categories = ["Network", "Server", "Database", "Application", "Security"];
        var groups = categories.ToDictionary(c => c, c => c + " Team");
        var people = n.People(60);
        var planned = n.WorkTimes(1200, Y2024, Y2025);
        for (var i = 0; i < planned.Count; i++)
        {
            var start = planned[i].Date.AddHours(n.Pick([18, 20, 22]));
            var type = n.Pick(["Standard", "Normal", "Emergency"], [0.58, 0.34, 0.08]);
            var category = n.Pick(categories, [0.22, 0.25, 0.15, 0.28, 0.1]);
            var risk = type == "Emergency" ? n.Pick(["High", "Moderate"]) : n.Pick(["Low", "Moderate", "High"], [0.6, 0.3, 0.1]);
            var window = category == "Database" ? 6 : 2;
            var hours = n.LogNormal(window, 0.4);
            var actualStart = start.AddMinutes(n.Int(-10, 30));
            var end = EndBy(actualStart, hours, Y2025);
            var cancelled = n.Chance(0.04);
            var fail = type switch { "Emergency" => 0.26, "Normal" => 0.07, _ => 0.03 };
            if (category == "Network" && start >= new DateTime(2024, 7, 1)) fail += 0.12;
            var failed = n.Chance(fail);
            var state = cancelled ? "Cancelled" : end is null ? (actualStart > Y2025 ? "Scheduled" : "Implement") : "Closed";
            var code = state != "Closed" ? null : failed ? n.Pick(["Unsuccessful", "Backed out"]) : "Successful";
            var text = category switch
            {
                "Network" => n.Pick(["Firewall rule update", "Core switch firmware upgrade", "VPN concentrator patch"]),
                "Server" => n.Pick(["Monthly OS patching", "Increase disk on app server", "Reboot cluster nodes"]),
                "Database" => n.Pick(["Database version upgrade", "Index rebuild on orders DB", "Migrate reporting database"]),
                "Application" => n.Pick(["Deploy release " + n.Int(10, 40), "Config change for payroll app", "Enable feature flag"]),
                _ => n.Pick(["Rotate certificates", "Update antivirus signatures", "Disable legacy TLS"]),
            };
            t.Add($"CHG{30001 + i:D7}", type, category, groups[category], risk, n.Zipf(people, 0.6), start, start.AddHours(window),
                state == "Cancelled" || state == "Scheduled" ? null : actualStart, state == "Closed" ? end : null, state, code,
                code is null ? null : (object)(code != "Successful" && n.Chance(0.4) || n.Chance(0.02)), n.Typo(text));
        }
        return t;
    }

    /// <summary>AP invoices: days to pay are stable (the honest "no"); one vendor paid late far more; Retail's disputes; one vendor's spend.</summary>
    public static SyntheticTable Invoices()
    {
        var n = new Noise(2109);
        var t = new SyntheticTable("invoice_number", "vendor", "business_unit", "invoice_date", "payment_terms", "due_date", "paid_date",
            "amount", "status", "paid_late", "early_discount_taken");
        string[] vendorsBase = ["Northwind Logistics", "Globex Energy", "Initech Software", "Umbrella Supplies", "Stark Industrial", "Wayne Freight",
            "Acme Packaging", "Hooli Cloud", "Vandelay Imports", "Soylent Foods", "Cyberdyne Parts", "Tyrell Services"];
        var vendors = vendorsBase.Concat(Enumerable.Range(1, 40).Select(k => $"Vendor {k:D3}")).ToList();
        string[] units = ["Retail", "Wholesale", "Corporate", "Manufacturing"];
        var dates = n.WorkTimes(3000, Y2024, Y2025);
        for (var i = 0; i < dates.Count; i++)
        {
            var date = DateOnly.FromDateTime(dates[i]);
            var vendor = n.Chance(0.03) ? "Globex Energy" : n.Zipf(vendors.Where(v => v != "Globex Energy").ToList(), 0.9);
            var terms = n.Pick([30, 45, 60], [0.6, 0.25, 0.15]);
            var due = date.AddDays(terms);
            var unit = n.Pick(units, [0.35, 0.25, 0.2, 0.2]);
            var late = n.Chance(vendor == "Northwind Logistics" ? 0.41 : 0.1);
            var days = late ? terms + n.Int(1, 25) : Math.Max(2, terms - (int)Math.Abs(n.Normal() * 6) - n.Int(0, 5));
            var paid = date.AddDays(days);
            var disputed = n.Chance(unit == "Retail" ? 0.09 : 0.02);
            var open = paid > new DateOnly(2024, 12, 31) || disputed;
            var amount = Math.Round(vendor == "Globex Energy" ? n.LogNormal(38000, 0.4) : n.LogNormal(2500, 1.0), 2);
            t.Add($"INV-2024-{i + 1:D5}", vendor, unit, date, $"Net {terms}", due, open ? null : paid, amount,
                disputed ? "Disputed" : open ? "Open" : "Paid", open ? null : (object)(paid > due), !open && !late && n.Chance(0.15));
        }
        return t;
    }

    /// <summary>Shipments: FastFreight late ~3x more; lateness rises in December; damaged shipments leave Reno.</summary>
    public static SyntheticTable Shipments()
    {
        var n = new Noise(2110);
        var t = new SyntheticTable("shipment_id", "carrier", "origin_warehouse", "destination_region", "service_level", "ship_date", "promised_date",
            "delivered_date", "weight_kg", "freight_cost", "late", "damaged", "notes");
        string[] carriers = ["FastFreight", "BlueLine", "Cargo Express", "RoadRunner"];
        string[] warehouses = ["Dallas", "Reno", "Columbus", "Atlanta"];
        var sla = new Dictionary<string, int> { ["Express"] = 2, ["Standard"] = 5, ["Economy"] = 8 };
        var dates = n.WorkTimes(4000, Y2024, Y2025);
        for (var i = 0; i < dates.Count; i++)
        {
            var ship = DateOnly.FromDateTime(dates[i]);
            var carrier = n.Pick(carriers, [0.26, 0.3, 0.24, 0.2]);
            var warehouse = n.Pick(warehouses, [0.3, 0.2, 0.25, 0.25]);
            var level = n.Pick(["Standard", "Express", "Economy"], [0.55, 0.2, 0.25]);
            var promised = ship.AddDays(sla[level]);
            var pLate = (carrier == "FastFreight" ? 0.31 : 0.1) + (ship.Month == 12 ? 0.15 : 0);
            var late = n.Chance(pLate);
            var delivered = late ? promised.AddDays(n.Int(1, 6)) : promised.AddDays(-n.Pick([0, 0, 1, 1, 2]));
            var open = delivered > new DateOnly(2024, 12, 31);
            var weight = Math.Round(n.LogNormal(120, 0.9), 1);
            var damaged = n.Chance(warehouse == "Reno" ? 0.09 : 0.015);
            var notes = damaged ? n.Pick(["Box crushed on arrival", "Pallet crushed, items damaged", "Water damage to cartons", "Crushed corner, contents broken"])
                : n.Pick(["", "", "", "Left at dock", "Signed by reception", "Call before delivery", "Liftgate required"]);
            t.Add($"SHP{500000 + i}", carrier, warehouse, n.Pick(["West", "Midwest", "South", "Northeast"]), level, ship, promised, open ? null : delivered,
                weight, Math.Round(weight * n.LogNormal(1.8, 0.15) + 25, 2), open ? null : (object)late, damaged, n.Typo(notes));
        }
        return t;
    }

    /// <summary>Facility work orders: completion time stable (the honest "no"); HVAC's share peaks in summer; plumbing sits in Building C; "leak" text.</summary>
    public static SyntheticTable WorkOrders()
    {
        var n = new Noise(2111);
        var t = new SyntheticTable("wo_number", "building", "trade", "assigned_team", "requested_by", "priority", "opened_at", "completed_at",
            "state", "labor_hours", "material_cost", "description");
        string[] trades = ["HVAC", "Plumbing", "Electrical", "Cleaning", "Carpentry"];
        string[] buildings = ["HQ", "Building B", "Building C", "Warehouse"];
        var people = n.People(90);
        var dates = n.WorkTimes(2500, Y2024, Y2025);
        for (var i = 0; i < dates.Count; i++)
        {
            var at = dates[i];
            var summer = at.Month is 6 or 7 or 8 ? 0.34 : at.Month is 5 or 9 ? 0.2 : 0.1;
            var trade = n.Pick(trades, [summer * 2.2, 0.22, 0.22, 0.22, 0.12]);
            var building = trade == "Plumbing" && n.Chance(0.45) ? "Building C" : n.Pick(buildings, [0.35, 0.25, 0.2, 0.2]);
            var priority = n.Pick([1, 2, 3, 4], [0.05, 0.2, 0.5, 0.25]);
            var hours = n.LogNormal(26, 0.8) * (priority == 1 ? 0.3 : 1);
            var completed = EndBy(at, hours, Y2025);
            if (completed is not null && n.Chance(0.04)) completed = null;
            var labor = Math.Round(Math.Max(0.5, n.LogNormal(2.5, 0.6)) * 2, MidpointRounding.AwayFromZero) / 2;
            var room = $"{n.Int(1, 6)}.{n.Int(1, 40):D2}";
            var text = trade switch
            {
                "HVAC" => n.Pick([$"AC not cooling in room {room}", $"Too hot in room {room}", "Air handler noisy", "Thermostat not responding"]),
                "Plumbing" => n.Pick([$"Leak under sink in room {room}", "Toilet leaking", "Leak from ceiling", "Blocked drain in kitchen"], [3, 2, 2, 2]),
                "Electrical" => n.Pick([$"Lights out in room {room}", "Socket not working", "Breaker tripped"]),
                "Cleaning" => n.Pick(["Spill in corridor", $"Deep clean room {room}", "Bins not emptied"]),
                _ => n.Pick(["Door will not close", "Broken chair", "Shelf loose"]),
            };
            t.Add($"WO{50001 + i:D7}", building, trade, trade + " Team", n.Chance(0.28) ? "Facilities Front Desk" : n.Zipf(people, 0.5),
                Priority(priority), at, completed, completed is null ? n.Pick(["Open", "In Progress", "Waiting for parts"]) : "Completed",
                completed is null ? null : labor, Math.Round(n.Chance(0.4) ? 0 : n.LogNormal(80, 1.0), 2), n.Typo(text));
        }
        return t;
    }

    /// <summary>Leave requests: December annual leave rejected far more; short-notice requests rejected more; sick leave starts on Mondays.</summary>
    public static SyntheticTable LeaveRequests()
    {
        var n = new Noise(2112);
        var t = new SyntheticTable("request_id", "employee", "department", "manager", "leave_type", "requested_at", "start_date", "end_date",
            "days", "status", "decided_at", "comment");
        string[] departments = ["Sales", "Engineering", "Finance", "Support", "Operations"];
        var people = n.People(260);
        var manager = departments.Select((d, i) => (d, people[i])).ToDictionary(x => x.d, x => x.Item2);
        var staff = people.Skip(10).ToDictionary(p => p, _ => n.Pick(departments));
        var names = staff.Keys.ToList();
        var requested = n.WorkTimes(1800, Y2024, new DateTime(2024, 12, 10));
        for (var i = 0; i < requested.Count; i++)
        {
            var at = requested[i];
            var who = n.Zipf(names, 0.3);
            var type = n.Pick(["Annual", "Sick", "Parental", "Unpaid", "Training"], [0.55, 0.3, 0.04, 0.04, 0.07]);
            DateOnly start;
            if (type == "Sick")
            {
                var day = DateOnly.FromDateTime(at.AddDays(n.Int(-2, 1)));
                start = n.Chance(0.25) ? day.AddDays(((int)DayOfWeek.Monday - (int)day.DayOfWeek + 7) % 7) : day;
            }
            else
            {
                var ahead = n.Chance(0.25) ? n.Int(1, 7) : n.Int(7, 90);
                start = DateOnly.FromDateTime(at).AddDays(ahead);
                if (type == "Annual" && n.Chance(0.12)) start = new DateOnly(2024, 12, n.Int(16, 28));
            }
            if (type == "Sick" && start.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) start = start.AddDays(start.DayOfWeek == DayOfWeek.Saturday ? 2 : 1);
            else if (start.DayOfWeek is DayOfWeek.Saturday) start = start.AddDays(n.Int(2, 7));
            else if (start.DayOfWeek is DayOfWeek.Sunday) start = start.AddDays(n.Int(1, 6));
            var days = type switch { "Sick" => n.Pick([1, 1, 1, 2, 3, 5]), "Parental" => n.Pick([20, 40, 60]), _ => n.Pick([1, 2, 3, 5, 5, 10]) };
            var end = start.AddDays(days - 1 + (days - 1) / 5 * 2);
            var notice = start.DayNumber - DateOnly.FromDateTime(at).DayNumber;
            var reject = type == "Sick" ? 0.01 : (start.Month == 12 && start.Day >= 15 ? 0.31 : 0.06) + (notice < 7 ? 0.16 : 0);
            var decided = at.AddHours(n.LogNormal(20, 0.8));
            var pending = decided > new DateTime(2024, 12, 10);
            var status = pending ? "Pending" : n.Chance(reject) ? "Rejected" : n.Chance(0.03) ? "Cancelled" : "Approved";
            t.Add($"LR{2024000 + i}", who, staff[who], manager[staff[who]], type, at, start, end, days, status, pending ? null : decided,
                status == "Rejected" ? n.Pick(["Team coverage too low", "Please reschedule", "Peak period"]) : null);
        }
        return t;
    }
}
