using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>A unit a column's name carries: how it reads after a number ("3.45 lb", "$3.45") and after "per" ("per inch").</summary>
public sealed record ColumnUnit(string Token, string Plural, string Singular, bool Prefix = false)
{
    /// <summary>An amount in this unit: "3.45 lb", "12 hours", "$3.45".</summary>
    public string Amount(string number) => Prefix ? Plural + number : $"{number} {Plural}";
}

/// <summary>
/// Column names as a reporter writes them in a narrative: words with the unit in brackets
/// (<c>resolution_time_hours</c> → "resolution time (hours)"), and, for two measures that go together, which one is
/// plausibly the driver (time, age, a dose, a size, the weather) and which the outcome (weight, sales, deaths, a score),
/// so a slope is told from driver to outcome. When the names do not say, there is no direction.
/// </summary>
public static class ColumnWords
{
    private static readonly Dictionary<string, ColumnUnit> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hours"] = new("hours", "hours", "hour"), ["hour"] = new("hours", "hours", "hour"), ["hrs"] = new("hrs", "hours", "hour"),
        ["minutes"] = new("minutes", "minutes", "minute"), ["mins"] = new("mins", "minutes", "minute"),
        ["seconds"] = new("seconds", "seconds", "second"), ["secs"] = new("secs", "seconds", "second"), ["ms"] = new("ms", "ms", "millisecond"),
        ["days"] = new("days", "days", "day"), ["weeks"] = new("weeks", "weeks", "week"), ["months"] = new("months", "months", "month"), ["years"] = new("years", "years", "year"), ["yrs"] = new("yrs", "years", "year"),
        ["kg"] = new("kg", "kg", "kg"), ["lb"] = new("lb", "lb", "pound"), ["lbs"] = new("lbs", "lb", "pound"), ["oz"] = new("oz", "oz", "ounce"),
        ["in"] = new("in", "inches", "inch"), ["inches"] = new("inches", "inches", "inch"), ["cm"] = new("cm", "cm", "centimetre"), ["mm"] = new("mm", "mm", "millimetre"),
        ["km"] = new("km", "km", "kilometre"), ["miles"] = new("miles", "miles", "mile"), ["ft"] = new("ft", "feet", "foot"), ["feet"] = new("feet", "feet", "foot"),
        ["usd"] = new("USD", "$", "dollar", Prefix: true), ["dollars"] = new("dollars", "$", "dollar", Prefix: true), ["eur"] = new("EUR", "€", "euro", Prefix: true), ["gbp"] = new("GBP", "£", "pound", Prefix: true),
        ["pct"] = new("%", "percentage points", "percentage point"), ["percent"] = new("%", "percentage points", "percentage point"),
        ["mph"] = new("mph", "mph", "mph"), ["kmh"] = new("km/h", "km/h", "km/h"), ["kwh"] = new("kWh", "kWh", "kWh"), ["mw"] = new("MW", "MW", "MW"),
        ["ppm"] = new("ppm", "ppm", "part per million"), ["ppb"] = new("ppb", "ppb", "part per billion"), ["mg"] = new("mg", "mg", "milligram"), ["ml"] = new("ml", "ml", "millilitre"),
        ["°c"] = new("°C", "°C", "degree"), ["°f"] = new("°F", "°F", "degree"), ["knots"] = new("knots", "knots", "knot"), ["gallons"] = new("gallons", "gallons", "gallon"),
        ["thousands"] = new("thousands", "thousand", "thousand"), ["millions"] = new("millions", "million", "million"), ["billions"] = new("billions", "billion", "billion"),
        ["celsius"] = new("°C", "°C", "degree"), ["degc"] = new("°C", "°C", "degree"), ["fahrenheit"] = new("°F", "°F", "degree"), ["degf"] = new("°F", "°F", "degree"),
    };

    /// <summary>One-letter units, read as units only in brackets ("body mass (g)").</summary>
    private static readonly Dictionary<string, ColumnUnit> BracketUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["g"] = new("g", "g", "gram"), ["m"] = new("m", "m", "metre"), ["s"] = new("s", "seconds", "second"), ["h"] = new("h", "hours", "hour"), ["l"] = new("l", "litres", "litre"), ["$"] = new("$", "$", "dollar", Prefix: true), ["%"] = new("%", "percentage points", "percentage point"),
    };

    /// <summary>One-letter degrees, read as units only after a temperature word ("temp c").</summary>
    private static readonly Dictionary<string, ColumnUnit> DegreeUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["c"] = new("°C", "°C", "degree"), ["f"] = new("°F", "°F", "degree"),
    };

    /// <summary>Words that, before a trailing unit, make the unit part of the name ("total days" is a count, not days).</summary>
    private static readonly HashSet<string> NotBeforeUnit = new(StringComparer.OrdinalIgnoreCase) { "total", "num", "number", "no", "n", "count", "per", "sum" };

    /// <summary>Time units read as a unit only after a word that names a span ("resolution time hours", "age years"), not in "working hours".</summary>
    private static readonly HashSet<string> TimeUnits = new(StringComparer.OrdinalIgnoreCase) { "hours", "hour", "hrs", "minutes", "mins", "seconds", "secs", "ms", "days", "weeks", "months", "years", "yrs" };

    private static readonly string[] SpanWords =
        ["time", "duration", "delay", "wait", "waiting", "age", "length", "lead", "resolution", "response", "sleep", "tenure", "stay", "turnaround",
         "downtime", "uptime", "runtime", "span", "elapsed", "processing", "handling", "cycle", "latency", "interval", "gap", "lag", "travel", "commute"];

    /// <summary>"in" reads as inches only after a word that names a length ("height in").</summary>
    private static readonly string[] LengthWords = ["height", "length", "width", "depth", "diameter", "girth", "size", "reach", "waist", "chest"];

    /// <summary>A column's name as words with its unit in brackets: "resolution time (hours)"; a name without a unit as <see cref="Words.Human"/>.</summary>
    public static string Human(string column)
    {
        var (name, unit) = Split(column);
        return unit is null ? name : $"{name} ({unit.Token})";
    }

    /// <summary>
    /// A value of a column with the unit its name or its meaning carries: "34.3 days" for a span between two stamps or
    /// <c>days_to_pay</c>, "3.45 lb" for <c>weight_lb</c>, "$12" for <c>price_usd</c>, "12%" for <c>rate_pct</c>; the number
    /// alone when nothing says.
    /// </summary>
    public static string Amount(AnalysisTable table, string column, string number)
    {
        if (table.Find(column) is NumericColumn { Duration: { } span }) return $"{number} {span.Unit}";
        var (_, unit) = Split(column);
        if (unit is not null) return unit.Token == "%" ? number + "%" : unit.Amount(number);
        // "days to pay", "hours to resolve": the unit leads the name.
        var words = Words.Human(column).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 3 && words[1].Equals("to", StringComparison.OrdinalIgnoreCase) && TimeUnits.Contains(words[0]) && Units.TryGetValue(words[0], out var lead)
            ? lead.Amount(number) : number;
    }

    /// <summary>A number with the unit the column's name carries ("40%", "$1,200", "3.45 lb"), the number alone when the name has none.</summary>
    public static string AmountByName(string column, string number)
    {
        var (_, unit) = Split(column);
        return unit is null ? number : unit.Token == "%" ? number + "%" : unit.Amount(number);
    }

    /// <summary>The name without its unit ("resolution time") and the unit, if the name ends in one.</summary>
    public static (string Name, ColumnUnit? Unit) Split(string column)
    {
        var human = Words.Human(column);
        // "Height (in)", "price [USD]": a unit already in brackets.
        var open = human.LastIndexOfAny(['(', '[']);
        if (open > 0 && (human.EndsWith(')') || human.EndsWith(']')))
        {
            var inside = human[(open + 1)..^1].Trim();
            var bare = human[..open].Trim();
            if (bare.Length > 0 && (Units.TryGetValue(inside, out var bracketed) || BracketUnits.TryGetValue(inside, out bracketed))) return (bare, bracketed);
            return (human, null);
        }
        var words = human.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // "temp_c", "temperature F": a one-letter degree after a temperature word.
        if (words.Length >= 2 && words[^1].Length == 1 && DegreeUnits.TryGetValue(words[^1], out var degree)
            && words[..^1].Any(w => w.StartsWith("temp", StringComparison.OrdinalIgnoreCase))) return (string.Join(' ', words[..^1]), degree);
        if (words.Length < 2 || !Units.TryGetValue(words[^1], out var unit)) return (human, null);
        var before = words.Length >= 3 && words[^2].Equals("in", StringComparison.OrdinalIgnoreCase) ? words[..^2] : words[..^1];
        if (before.Length == 0 || NotBeforeUnit.Contains(before[^1])) return (human, null);
        if (TimeUnits.Contains(words[^1]) && !before.Any(w => SpanWords.Contains(w.ToLowerInvariant()))) return (human, null);
        if (unit.Token == "in" && !before.Any(w => LengthWords.Contains(w.ToLowerInvariant()))) return (human, null);
        return (string.Join(' ', before), unit);
    }

    // What drives what, by general vocabulary: a lower level is further upstream. Time and age drive everything; sizes,
    // doses, the weather and schooling drive weights, prices and incomes; those drive outcomes (fuel use, sales, scores, deaths,
    // a firm's investment given its value and capital).
    private static readonly (int Level, string[] Stems)[] Levels =
    [
        (0, ["year", "date", "age", "dose", "dosage", "decade"]),
        (1, ["height", "length", "size", "area", "diameter", "width", "depth", "girth", "carat", "temperature", "temp", "wind", "rain", "rainfall",
             "precipitation", "solar", "radiation", "sunshine", "humidity", "education", "educ", "schooling", "experience", "speed", "horsepower", "hp",
             "displacement", "cylinders", "engine", "population", "pop", "advertising", "budget", "spend", "spending", "exposure"]),
        (2, ["weight", "mass", "price", "cost", "fare", "rent", "income", "wage", "wages", "salary", "earnings"]),
        (3, ["mpg", "gallon", "economy", "consumption", "fuel", "sales", "revenue", "profit", "demand", "quantity", "sold", "score", "scores", "rating", "grade",
             "eval", "evaluation", "yield", "response", "mortality", "deaths", "death", "fatalities", "fatal", "injuries", "accidents", "crashes",
             "survival", "volume", "ozone", "pollution", "claims", "complaints", "dist", "loss", "losses", "outcome", "outcomes", "murder",
             "murders", "crime", "crimes", "violent", "prestige", "affairs", "read", "reading", "math", "maths", "invest", "investment"]),
    ];

    private static readonly HashSet<string> Prepositions = ["per", "of", "in", "by", "for", "at", "on", "from", "with"];

    /// <summary>How far upstream a column's name places it (0 time and age … 3 outcomes), or null when the name does not say.</summary>
    public static int? Level(string column)
    {
        var words = Split(column).Name.ToLowerInvariant().Split([' ', '(', ')', '/', '-', '.'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        var at = Array.FindIndex(words, w => Prepositions.Contains(w));
        var head = at > 0 ? words[at - 1] : words[^1];
        return LevelOf(head) ?? words.Select(LevelOf).FirstOrDefault(l => l is not null);

        static int? LevelOf(string word)
        {
            foreach (var (level, stems) in Levels)
            {
                if (stems.Any(s => word == s || word == s + "s" || (s.Length >= 4 && word.StartsWith(s, StringComparison.Ordinal)))) return level;
            }
            return null;
        }
    }

    /// <summary>
    /// Which of two measures is plausibly the driver: the table's time axis; else the one whose name is further upstream
    /// (<see cref="Level"/>: a time or size word against an outcome word, or either against an unnamed column). Null when
    /// nothing says — a column's position is no evidence (refine sees only the story's columns, and a table's first
    /// measure is often the outcome): then they only go together.
    /// </summary>
    public static (string Driver, string Outcome)? Driver(AnalysisTable table, string a, string b)
    {
        if (table.Time.Axis is { } axis)
        {
            if (axis.Name == a) return (a, b);
            if (axis.Name == b) return (b, a);
        }
        return DriverByName(a, b);
    }

    /// <summary>
    /// Which of two measures is the driver by their names alone (<see cref="Level"/>), for a title written without the
    /// table: "Higher airflow goes with higher stack loss", not the outcome first. Null when the names do not say.
    /// </summary>
    public static (string Driver, string Outcome)? DriverByName(string a, string b)
    {
        var (la, lb) = (Level(a), Level(b));
        if (la is { } x && lb is { } y)
        {
            if (x != y) return x < y ? (a, b) : (b, a);
        }
        else if (la is not null || lb is not null)
        {
            var (known, other, level) = la is { } l ? (a, b, l) : (b, a, lb!.Value);
            if (level <= 1) return (known, other);
            if (level == 3) return (other, known);
        }
        return null;
    }

    /// <summary>
    /// "per inch of height", "per year of age", "per year", "per unit of dose": the step of the driver a slope is
    /// stated for, with its unit when the name carries one.
    /// </summary>
    public static string PerStep(string driver)
    {
        var (name, unit) = Split(driver);
        if (unit is not null) return $"per {unit.Singular} of {name}";
        var lower = name.ToLowerInvariant();
        if (lower is "year" or "years") return "per year";
        if (lower == "age") return "per year of age";
        return $"per unit of {name}";
    }
}
