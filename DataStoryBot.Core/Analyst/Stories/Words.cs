using System.Text;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// Plain language for titles and narratives: column names as words (<c>net_generation</c> → "net generation"; the
/// evidence keeps the original), sentence capitals, and verbs that agree with plural subjects ("deaths differ").
/// </summary>
public static partial class Words
{
    private static readonly HashSet<string> PluralWords = new(StringComparer.OrdinalIgnoreCase) { "people", "data", "children", "men", "women", "staff", "police", "cattle" };
    private static readonly string[] SingularEndings = ["ss", "us", "is", "ics", "gas", "news", "series", "species", "status", "as", "ys"];

    /// <summary>
    /// A column name as words: separators to spaces, camelCase split, long all-caps words lower-cased, run-together
    /// words split (<c>WORLDCONSUMPTION</c> → "world consumption") and general abbreviations expanded from
    /// <see cref="ColumnVocabulary"/> (<c>unemp</c> → "unemployment", <c>temp_max</c> → "maximum temperature"). A name
    /// that is an unreadable code (STS.M.I7.W.TOVT.NS0016.4.000) is quoted as a series: words would not help.
    /// </summary>
    public static string Human(string column)
    {
        var name = column.Trim();
        if (name.Length == 0) return name;
        // An unreadable code (STS.M.I7.W.TOVT.NS0016.4.000) is "the series": quoting it tells a reader nothing.
        if (IsCode(name)) return "the series";
        return ColumnVocabulary.Expand(Split(name));
    }

    /// <summary>Whether a column name is a code no words can read (a statistical series key such as STS.M.I7.W.TOVT.NS0016.4.000).</summary>
    public static bool IsCode(string name) => name.Count(c => c == '.') >= 3 && !name.Contains(' ', StringComparison.Ordinal);

    /// <summary>The name split into words as written (separators, camelCase), before any vocabulary.</summary>
    private static string Split(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' || (c is '-' or '.' && i > 0 && i < name.Length - 1 && char.IsLetter(name[i - 1]) && char.IsLetter(name[i + 1])))
            {
                sb.Append(' ');
                continue;
            }
            if (i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]))
            {
                sb.Append(' ');
            }
            sb.Append(c);
        }
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Word);
        return string.Join(' ', words);

        static string Word(string w)
        {
            var letters = w.Where(char.IsLetter).ToArray();
            if (letters.Length == 0) return w;
            // A word with a number run on ("method2", "Model3"): the word and its number.
            if (RunOnNumber().Match(w) is { Success: true } run) return Word(run.Groups[1].Value) + " " + run.Groups[2].Value;
            var allCaps = letters.All(char.IsUpper);
            // Acronyms (GDP, CO2, US) keep their capitals; long shouted names (SUNACTIVITY) and ordinary words do not.
            if (allCaps && (letters.Length <= 4 || w.Any(char.IsDigit))) return w;
            // Formula-like tokens (co2, pm25, no2) read as symbols.
            if (w.Length <= 5 && w.Any(char.IsDigit) && char.IsLetter(w[0])) return w.ToUpperInvariant();
            return w.ToLowerInvariant();
        }
    }

    /// <summary>
    /// A group's label in a sentence: numbers used as codes get their column's name ("age 40"), words stand alone, with
    /// general abbreviations of values expanded ("afam" → "African American") and names of peoples capitalised.
    /// </summary>
    public static string Label(string column, string label) =>
        double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            // A band of numbers ("25-35", "65+") is a code too: "age 25-35".
            || System.Text.RegularExpressions.Regex.IsMatch(label, @"^\s*[<>≤≥]?\d+(\.\d+)?\s*([-–]|to)\s*\d+(\.\d+)?\s*$|^\s*\d+\s*\+\s*$") ? $"{Human(column)} {label}"
        : ColumnVocabulary.Code(column, label) ?? ColumnVocabulary.Value(label.Contains('_') && !label.Contains(' ') ? label.Replace('_', ' ') : label, ColumnVocabulary.IsPlace(column));

    [System.Text.RegularExpressions.GeneratedRegex(@"^([A-Za-z][a-z]{3,})(\d{1,2})$")]
    private static partial System.Text.RegularExpressions.Regex RunOnNumber();

    /// <summary>Words of a grouping column that name no countable thing: its groups are "age groups", "weather groups".</summary>
    private static readonly HashSet<string> MassNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "age", "weather", "status", "education", "income", "health", "poverty", "hair", "eye", "sun", "rain",
    };

    /// <summary>Nouns the same in both numbers ("14 series").</summary>
    private static readonly HashSet<string> Invariant = new(StringComparer.OrdinalIgnoreCase) { "series", "species", "data", "people", "staff", "sheep", "fish", "aircraft" };

    /// <summary>Trailing words of a grouping column's name that say how it is written, not what it is ("country name" → country).</summary>
    private static readonly HashSet<string> NameSuffixes = new(StringComparer.OrdinalIgnoreCase) { "name", "code", "id", "label", "key" };

    /// <summary>
    /// How many groups of a grouping column, as a reader counts them: "202 countries", "5 symbols", "19 age groups",
    /// "3 sources" — never "202 country name values".
    /// </summary>
    public static string Members(string column, int count) =>
        count == 1 ? $"1 {Singular(Human(column))}" : $"{count.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)} {Plural(Human(column))}";

    /// <summary>A grouping's name as the thing one group is ("country name" → "country").</summary>
    public static string Singular(string human)
    {
        var words = human.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && NameSuffixes.Contains(words[^1])) words.RemoveAt(words.Count - 1);
        return string.Join(' ', words);
    }

    /// <summary>
    /// The plural of a grouping's name in words: "countries", "product categories", "symbols", "age groups" (a name that
    /// counts nothing), "series"; "… values" only when the name is not a noun a reader can count (a code, a bracketed unit).
    /// </summary>
    public static string Plural(string human)
    {
        var one = Singular(human);
        var words = one.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return human + " values";
        var last = words[^1];
        if (!last.All(char.IsLetter) || one.Contains('"', StringComparison.Ordinal) || (last.Length <= 4 && last.All(char.IsUpper))) return human + " values";
        if (MassNouns.Contains(last)) return one + " groups";
        if (Invariant.Contains(last) || IsPlural(last)) return one;
        var head = string.Join(' ', words[..^1]);
        var lower = last.ToLowerInvariant();
        var plural = lower.EndsWith('y') && last.Length > 2 && !"aeiou".Contains(lower[^2], StringComparison.Ordinal) ? last[..^1] + "ies"
            : lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith('z') || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal) ? last + "es"
            : last + "s";
        return head.Length == 0 ? plural : head + " " + plural;
    }

    private static readonly string[] IntensiveWords =
    [
        "speed", "rate", "age", "score", "temp", "price", "percent", "pct", "ratio", "index", "level", "height", "weight",
        "length", "width", "depth", "density", "avg", "average", "mean", "median", "per", "share", "grade", "rank", "rating",
        "duration", "distance", "size", "pressure", "knots", "mph", "kmh", "latitude", "longitude",
    ];

    /// <summary>
    /// Whether whole, non-negative values of a measure can be added up across rows (counts, amounts, costs): not when
    /// its name says it is a level, rate or size (a speed, an age, a price, a score), which is averaged instead.
    /// </summary>
    public static bool NameAllowsSum(string column)
    {
        var words = Human(column).ToLowerInvariant().Split([' ', '(', ')', '/', '$', '%'], StringSplitOptions.RemoveEmptyEntries);
        return !words.Any(w => IntensiveWords.Contains(w) || IntensiveWords.Any(i => i.Length >= 4 && w.StartsWith(i, StringComparison.Ordinal)));
    }

    /// <summary>Capitalises the first letter of a sentence.</summary>
    public static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>Whether a subject such as "deaths" or "miles per gallon"'s head word reads as plural.</summary>
    public static bool IsPlural(string human)
    {
        var head = human.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.Length > 0) ?? human;
        // "miles per gallon": the head noun is the first word before a preposition; otherwise the last word.
        var words = human.Split('(')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var prepositionAt = Array.FindIndex(words, w => w is "per" or "of" or "in" or "by" or "for" or "across" or "at" or "on" or "from" or "with");
        head = prepositionAt > 0 ? words[prepositionAt - 1] : words.Length > 0 ? words[^1] : head;
        head = head.Trim('(', ')', ',', '$', '%');
        if (PluralWords.Contains(head)) return true;
        if (head.Length < 3 || !head.EndsWith('s') || head.Any(char.IsDigit) || head.All(char.IsUpper)) return false;
        return !SingularEndings.Any(e => head.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The verb form that agrees with <paramref name="human"/>.</summary>
    public static string Verb(string human, string singular, string plural) => IsPlural(human) ? plural : singular;
}
