namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// The general vocabulary behind <see cref="Words.Human"/>: abbreviations any analyst reads the same way in any table
/// (<c>unemp</c> unemployment, <c>educ</c> education, <c>yrs</c> years), acronyms written in capitals (GDP, CPI), and the
/// common words of column names, used to split a run-together name (<c>worldconsumption</c> → "world consumption").
/// Nothing here names a particular dataset: a word belongs only if it means the same in every table.
/// </summary>
public static class ColumnVocabulary
{
    /// <summary>Abbreviations with one general reading.</summary>
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["yrs"] = "years", ["yr"] = "year", ["educ"] = "education", ["edu"] = "education", ["unemp"] = "unemployment",
        ["pop"] = "population", ["temp"] = "temperature", ["avg"] = "average", ["pct"] = "percent", ["perc"] = "percent",
        ["num"] = "number", ["tot"] = "total", ["govt"] = "government", ["conc"] = "concentration", ["defl"] = "deflator",
        ["dept"] = "department", ["mgmt"] = "management", ["qty"] = "quantity", ["amt"] = "amount", ["approx"] = "approximate",
        ["prev"] = "previous", ["init"] = "initial", ["cumul"] = "cumulative", ["infl"] = "inflation",
        ["popn"] = "population", ["hhld"] = "household", ["manuf"] = "manufacturing", ["intl"] = "international", ["natl"] = "national", ["phd"] = "PhD",
    };

    /// <summary>
    /// Abbreviations read only at the end of a run-together name, after a known word: "foodexp" is food expenditure,
    /// "totemp" total employment (alone, "exp" could be experience and stays as written).
    /// </summary>
    private static readonly Dictionary<string, string> Suffixes = new(StringComparer.Ordinal)
    {
        ["exp"] = "expenditure", ["emp"] = "employment",
    };

    /// <summary>Acronyms that read in capitals.</summary>
    private static readonly HashSet<string> Acronyms = new(StringComparer.Ordinal)
    {
        "gdp", "gnp", "gni", "cpi", "ppi", "hiv", "bmi", "gpa", "iq", "ceo", "usd", "eur", "gbp", "uk", "usa", "eu", "sla", "kpi", "roi", "ppm", "ppb", "nox", "mri", "icu", "vat",
    };

    /// <summary>
    /// Common words of column names (a general list, not any table's): a run-together name splits only into these, and
    /// only when the whole name is covered.
    /// </summary>
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        // Kept whole: compounds that are words in their own right.
        "airflow", "rainfall", "snowfall", "network", "lifetime", "airport", "airline", "homework", "outcome", "output", "input", "income",
        "overtime", "workload", "database", "website", "online", "offline", "headcount", "payroll", "earnings", "weekend", "weekday", "daytime",
        "sunshine", "sunlight", "sunspot", "sunspots", "household", "healthcare", "landfall", "timestamp", "nighttime", "worldwide", "mainland",
        "windspeed", "percent", "percentage", "together", "however", "feedback", "turnover", "takeover", "breakdown", "downtime", "uptime", "backlog",
        // Common words.
        "world", "sun", "consumption", "index", "water", "flow", "acid", "food", "activity", "price", "prices", "rate", "rates", "real", "total",
        "life", "level", "birth", "births", "death", "deaths", "body", "mass", "heart", "blood", "rain", "snow", "wind", "speed",
        "coal", "power", "energy", "gold", "silver", "copper", "steel", "iron", "home", "house", "land", "farm", "crop", "crops", "milk",
        "trade", "stock", "stocks", "bond", "bonds", "market", "sales", "cost", "costs", "wage", "wages", "labor", "labour", "work", "hour",
        "hours", "week", "month", "year", "years", "time", "school", "student", "students", "teacher", "teachers", "crime", "crimes", "police",
        "road", "traffic", "fuel", "engine", "weight", "height", "length", "width", "depth", "area", "size", "count", "number", "value",
        "values", "volume", "high", "gross", "capita", "unit", "units", "import", "imports", "export", "exports", "money", "supply", "demand",
        "interest", "debt", "loan", "loans", "credit", "bank", "cash", "profit", "profits", "revenue", "spend", "budget", "growth", "capital",
        "invest", "investment", "fixed", "private", "public", "state", "city", "town", "county", "region", "urban", "rural", "male", "female",
        "women", "child", "children", "adult", "adults", "family", "population", "test", "score", "scores", "math", "reading", "writing",
        "science", "grade", "class", "plant", "tree", "trees", "leaf", "seed", "fish", "bird", "birds", "cell", "cells", "dose", "drug",
        "care", "health", "patient", "patients", "hospital", "visit", "visits", "stay", "ward", "room", "wait", "staff", "nurse", "doctor",
        "service", "order", "orders", "delivery", "freight", "product", "item", "items", "retail", "store", "mobile", "phone", "call", "calls",
        "email", "user", "users", "page", "view", "views", "click", "clicks", "share", "shares", "ratio", "protein", "sugar", "salt", "calorie",
        "calories", "fibre", "fiber", "alcohol", "beer", "wine", "tobacco", "smoke", "smoking", "light", "dark", "green", "blue", "black",
        "white", "brown", "yellow", "color", "colour", "hair", "head", "hand", "foot", "lung", "liver", "brain", "skin", "bone", "ozone",
        "carbon", "nitrogen", "oxygen", "sulfur", "sulphur", "dioxide", "solar", "radiation", "pressure", "humidity", "cloud", "cover",
        "storm", "flood", "fire", "wave", "river", "lake", "ocean", "coast", "ground", "surface", "soil", "yield", "harvest", "field",
        "loss", "losses", "gain", "gains", "stack", "open", "close", "closing", "opening", "change", "return", "returns", "first", "last",
        "start", "final", "initial", "base", "line", "north", "south", "east", "west", "inner", "outer", "upper", "lower", "main", "grand",
        "employment", "unemployment", "inflation", "deflator", "government", "spending", "saving", "savings", "disposable", "personal",
        "industrial", "production", "industry", "manufacturing", "construction", "mining", "retail", "wholesale", "finance", "insurance",
        "education", "experience", "married", "marriage", "divorce", "religious", "occupation", "salary", "salaries", "union", "tenure",
        "temperature", "average", "maximum", "minimum", "mean", "median", "concentration", "consumer", "producer", "household", "households",
        "spot", "future", "futures", "exchange", "dollar", "dollars", "domestic", "foreign", "national", "federal", "local", "annual",
        "daily", "weekly", "monthly", "yearly", "quarterly", "expectancy", "mortality", "fertility", "infant", "poverty", "murder",
        "violent", "property", "single", "density", "distance", "duration", "delay", "arrival", "departure", "passenger", "passengers",
        "vehicle", "vehicles", "accident", "accidents", "injury", "injuries", "fatal", "rent", "mortgage", "housing", "sold", "quantity",
    };

    /// <summary>Words a column name's max/min reads with as a quantity of time ("wait min" is minutes, not a minimum).</summary>
    private static readonly HashSet<string> TimeWords = new(StringComparer.Ordinal)
    {
        "time", "duration", "delay", "wait", "waiting", "length", "lead", "response", "resolution", "processing", "handling", "travel", "late", "early",
    };

    /// <summary>General abbreviations of values (group labels) and the names of peoples, as a reader writes them.</summary>
    private static readonly Dictionary<string, string> ValueWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["afam"] = "African American", ["cauc"] = "Caucasian", ["hisp"] = "Hispanic",
    };

    /// <summary>Names of peoples and places that a value written in lower case capitalises ("african american" → "African American").</summary>
    private static readonly HashSet<string> ProperWords = new(StringComparer.Ordinal)
    {
        "african", "american", "americans", "asian", "hispanic", "latino", "latina", "caucasian", "european", "native", "pacific", "islander", "alaska", "alaskan",
        "hawaiian", "arab", "indian", "chinese", "japanese", "english", "french", "german", "spanish", "italian", "mexican", "canadian", "british",
    };

    /// <summary>The words of a split column name read from the vocabulary: acronyms in capitals, abbreviations expanded, run-together words split.</summary>
    public static string Expand(string words)
    {
        var tokens = words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Word).SelectMany(t => t.Split(' ')).ToList();
        // "temp max", "max temp" → "maximum temperature"; "wait min" is minutes and stays.
        if (tokens.Count >= 2)
        {
            foreach (var (abbr, full) in new[] { ("max", "maximum"), ("min", "minimum"), ("mx", "maximum"), ("mn", "minimum") })
            {
                var at = tokens[^1] == abbr ? tokens.Count - 1 : tokens[0] == abbr ? 0 : -1;
                if (at < 0 || tokens.Any(t => TimeWords.Contains(t))) continue;
                tokens.RemoveAt(at);
                tokens.Insert(0, full);
                break;
            }
        }
        // "n failures", "n_events": a count of them — "number of failures".
        if (tokens.Count >= 2 && tokens[0] is "n" or "N" && tokens[1].All(char.IsLetter) && tokens[1].Length >= 3) tokens[0] = "number of";
        var text = string.Join(' ', tokens);
        return text.EndsWith("life expect", StringComparison.Ordinal) ? text + "ancy" : text;
    }

    private static string Word(string w)
    {
        var lower = w.ToLowerInvariant();
        if (Acronyms.Contains(lower)) return lower.ToUpperInvariant();
        if (Abbreviations.TryGetValue(lower, out var full)) return full;
        if (!w.All(char.IsLetter)) return w;
        // A short name in capitals that is a common word (YEAR, POP) is a word, not an acronym.
        if (w.All(char.IsUpper) && Common.Contains(lower)) return lower;
        if (w.Any(char.IsUpper) && !w.All(char.IsUpper)) return w;
        if (lower.Length >= 6 && !Common.Contains(lower) && Segment(lower) is { } parts)
        {
            return string.Join(' ', parts.Select((p, i) => i == parts.Count - 1 && Suffixes.TryGetValue(p, out var suffix) ? suffix : Word(p)));
        }
        return w;
    }

    /// <summary>A run-together name split into two or three known words (the fewest parts, the most even split), or null.</summary>
    private static List<string>? Segment(string s)
    {
        List<string>? best = null;
        for (var i = 3; i <= s.Length - 3; i++)
        {
            var (a, rest) = (s[..i], s[i..]);
            if (!Known(a)) continue;
            if (KnownLast(rest)) return Better(best, [a, rest]);
            for (var j = 3; j <= rest.Length - 3; j++)
            {
                if (Known(rest[..j]) && KnownLast(rest[j..])) best = Better(best, [a, rest[..j], rest[j..]]);
            }
        }
        return best;

        static bool Known(string part) => Common.Contains(part) || Abbreviations.ContainsKey(part) || Acronyms.Contains(part);

        static bool KnownLast(string part) => Known(part) || Suffixes.ContainsKey(part);

        static List<string> Better(List<string>? best, List<string> candidate) =>
            best is null || candidate.Count < best.Count || (candidate.Count == best.Count && candidate.Min(p => p.Length) > best.Min(p => p.Length)) ? candidate : best;
    }

    /// <summary>
    /// A group label as a reader writes it: general abbreviations expanded, names of peoples capitalised, and a place
    /// written in lower case capitalised (<paramref name="place"/>: the column names places, "chicago" → "Chicago");
    /// other labels unchanged.
    /// </summary>
    public static string Value(string label, bool place = false)
    {
        var t = label.Trim();
        if (ValueWords.TryGetValue(t, out var full)) return full;
        if (t.Length == 0 || t.Any(char.IsUpper)) return label;
        var words = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (place && t.All(c => char.IsLetter(c) || c is ' ' or '-' or '.'))
        {
            return string.Join(' ', words.Select(w => w is "and" or "of" or "the" or "on" or "upon" ? w : Words.Cap(w)));
        }
        return words.Any(ProperWords.Contains) ? string.Join(' ', words.Select(w => ProperWords.Contains(w) ? Words.Cap(w) : w)) : label;
    }

    /// <summary>Whether a name is a people's name alone ("african american", "hispanic"): a yes/no column of it marks who a row is.</summary>
    public static bool IsPeople(string words)
    {
        var parts = words.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && parts.All(p => ProperWords.Contains(p) || ValueWords.ContainsKey(p));
    }

    private static readonly HashSet<string> PlaceWords = new(StringComparer.Ordinal)
    {
        "city", "state", "country", "region", "county", "town", "province", "continent", "location", "origin", "destination", "place", "nation", "district",
    };

    /// <summary>The people a sex's label names ("male" → "men", "female" → "women"), or null for any other label.</summary>
    public static string? People(string label) => Sexes.TryGetValue(label.Trim(), out var people) ? people : null;

    /// <summary>The people a sex's label names in a column of sexes, its one-letter codes too ("M" → "men"), or null.</summary>
    public static string? People(string column, string label) => People(Code(column, label) ?? label);

    private static readonly Dictionary<string, string> Sexes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["male"] = "men", ["men"] = "men", ["man"] = "men", ["female"] = "women", ["women"] = "women", ["woman"] = "women",
    };

    /// <summary>
    /// A coded label read as the word it stands for, by the column's name: a US state's two-letter postal code in a
    /// column named "state" ("nm" → "New Mexico"), a sex's one-letter code in a column named "sex" or "gender"
    /// ("M" → "Male"); null for any other label. General codes only: each means the same in every table.
    /// </summary>
    public static string? Code(string column, string label)
    {
        var t = label.Trim();
        if (t.Length == 2 && t.All(char.IsLetter) && IsStateColumn(column) && UsStates.TryGetValue(t, out var state)) return state;
        if (t.Length == 1 && IsSexColumn(column)) return t.ToUpperInvariant() switch { "M" => "Male", "F" => "Female", _ => null };
        return null;
    }

    /// <summary>Whether a column holds a sex or gender ("sex", "gender", "Sex of respondent").</summary>
    public static bool IsSexColumn(string column)
    {
        var words = Words.Human(column).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && words[0] is "sex" or "gender";
    }

    /// <summary>Whether a column names US-style states by name ("state", "state code", "us state"): its two-letter labels are postal codes.</summary>
    private static bool IsStateColumn(string column)
    {
        var words = Words.Singular(Words.Human(column)).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && words[^1] is "state" or "abb" or "abbr" or "abbreviation" && (words.Length == 1 || words[^2] is "state" or "us" or "home" or "origin");
    }

    /// <summary>The US states, the District of Columbia and Puerto Rico by their postal codes (general knowledge, not any table's).</summary>
    private static readonly Dictionary<string, string> UsStates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AL"] = "Alabama", ["AK"] = "Alaska", ["AZ"] = "Arizona", ["AR"] = "Arkansas", ["CA"] = "California", ["CO"] = "Colorado",
        ["CT"] = "Connecticut", ["DE"] = "Delaware", ["DC"] = "District of Columbia", ["FL"] = "Florida", ["GA"] = "Georgia", ["HI"] = "Hawaii",
        ["ID"] = "Idaho", ["IL"] = "Illinois", ["IN"] = "Indiana", ["IA"] = "Iowa", ["KS"] = "Kansas", ["KY"] = "Kentucky", ["LA"] = "Louisiana",
        ["ME"] = "Maine", ["MD"] = "Maryland", ["MA"] = "Massachusetts", ["MI"] = "Michigan", ["MN"] = "Minnesota", ["MS"] = "Mississippi",
        ["MO"] = "Missouri", ["MT"] = "Montana", ["NE"] = "Nebraska", ["NV"] = "Nevada", ["NH"] = "New Hampshire", ["NJ"] = "New Jersey",
        ["NM"] = "New Mexico", ["NY"] = "New York", ["NC"] = "North Carolina", ["ND"] = "North Dakota", ["OH"] = "Ohio", ["OK"] = "Oklahoma",
        ["OR"] = "Oregon", ["PA"] = "Pennsylvania", ["RI"] = "Rhode Island", ["SC"] = "South Carolina", ["SD"] = "South Dakota",
        ["TN"] = "Tennessee", ["TX"] = "Texas", ["UT"] = "Utah", ["VT"] = "Vermont", ["VA"] = "Virginia", ["WA"] = "Washington",
        ["WV"] = "West Virginia", ["WI"] = "Wisconsin", ["WY"] = "Wyoming", ["PR"] = "Puerto Rico",
    };

    /// <summary>
    /// One side of a yes/no column as a reader says it: a participle or adjective names the rows itself ("married" /
    /// "not married"), anything else is had or not ("with honors" / "without honors"); null when the label is not
    /// yes/no or true/false.
    /// </summary>
    public static string? FlagSide(string column, string label)
    {
        var yes = label.Trim().ToLowerInvariant() switch { "yes" or "true" => true, "no" or "false" => false, _ => (bool?)null };
        if (yes is null) return null;
        var what = Value(Words.Human(column).ToLowerInvariant());
        if (what.Length == 0 || Words.IsCode(column)) return null;
        var last = what.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        var participle = last.Length > 3 && last.EndsWith("ed", StringComparison.Ordinal);
        return participle ? yes.Value ? what : "not " + what : (yes.Value ? "with " : "without ") + what;
    }

    /// <summary>Whether a column names places (city, country, region, origin): its labels are proper names.</summary>
    public static bool IsPlace(string column)
    {
        var words = Words.Human(column).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && PlaceWords.Contains(words[^1]);
    }
}
