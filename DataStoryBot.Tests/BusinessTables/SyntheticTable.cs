using System.Globalization;
using System.Text;

namespace DataStoryBot.Tests.BusinessTables;

/// <summary>
/// A table being generated: a header and rows of values, written as CSV with invariant formatting (dates as
/// <c>yyyy-MM-dd HH:mm</c>, or <c>yyyy-MM-dd</c> for <see cref="DateOnly"/>; numbers without exponent; empty for null).
/// </summary>
public sealed class SyntheticTable(params string[] header)
{
    private readonly List<object?[]> _rows = [];

    public IReadOnlyList<string> Header { get; } = header;

    public int Count => _rows.Count;

    public void Add(params object?[] values)
    {
        if (values.Length != Header.Count) throw new ArgumentException($"Row has {values.Length} values, header {Header.Count}.", nameof(values));
        _rows.Add(values);
    }

    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Header).Append('\n');
        foreach (var row in _rows)
        {
            sb.AppendJoin(',', row.Select(Format)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        string s => Quote(s),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double x => Math.Round(x, 2).ToString("0.##", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}

/// <summary>Seeded noise for the generator: skewed picks, log-normal durations and amounts, typos, names.</summary>
public sealed class Noise(int seed)
{
    private static readonly string[] FirstNames =
    [
        "Abel", "Beth", "Carlos", "Dana", "Elif", "Farah", "George", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Mateo", "Nadia", "Omar",
        "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Yusuf", "Zoe", "Aisha", "Bruno", "Chloe", "Dmitri", "Esme",
    ];

    private static readonly string[] LastNames =
    [
        "Tuter", "Anand", "Becker", "Whitfield", "Okafor", "Haddad", "Lindqvist", "Nakamura", "Petrov", "Chen", "Mensah", "Schulz",
        "Rossi", "Kowalski", "Raman", "Ortiz", "Dubois", "Moreau", "Fischer", "Silva", "Murphy", "Novak", "Ibrahim", "Larsen",
    ];

    public Random Rng { get; } = new(seed);

    public double Uniform() => Rng.NextDouble();

    public bool Chance(double p) => Rng.NextDouble() < p;

    public int Int(int minInclusive, int maxExclusive) => Rng.Next(minInclusive, maxExclusive);

    public double Normal()
    {
        var u1 = 1.0 - Rng.NextDouble();
        var u2 = Rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A log-normal value with the given median and log-scale spread.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    public T Pick<T>(IReadOnlyList<T> items) => items[Rng.Next(items.Count)];

    public T Pick<T>(IReadOnlyList<T> items, IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var u = Rng.NextDouble() * total;
        for (var i = 0; i < items.Count; i++)
        {
            u -= weights[i];
            if (u < 0) return items[i];
        }
        return items[^1];
    }

    /// <summary>A Zipf-like pick: item k (1-based) with weight 1/k^s.</summary>
    public T Zipf<T>(IReadOnlyList<T> items, double s = 1.0) => Pick(items, [.. Enumerable.Range(1, items.Count).Select(k => 1.0 / Math.Pow(k, s))]);

    /// <summary><paramref name="count"/> distinct "First Last" names, deterministic for the seed.</summary>
    public List<string> People(int count, params string[] exclude)
    {
        var all = FirstNames.SelectMany(f => LastNames.Select(l => f + " " + l)).Where(n => !exclude.Contains(n)).ToList();
        for (var i = all.Count - 1; i > 0; i--)
        {
            var j = Rng.Next(i + 1);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all.Take(count).ToList();
    }

    /// <summary>A typo with probability <paramref name="p"/>: two neighbouring letters swapped or one dropped.</summary>
    public string Typo(string text, double p = 0.05)
    {
        if (text.Length < 4 || !Chance(p)) return text;
        var i = Rng.Next(1, text.Length - 2);
        if (!char.IsLetter(text[i]) || !char.IsLetter(text[i + 1])) return text;
        return Chance(0.5) ? text[..i] + text[i + 1] + text[i] + text[(i + 2)..] : text[..i] + text[(i + 1)..];
    }

    /// <summary>A time in the year's working hours (weekdays, 08:00–18:00 mostly) between two dates.</summary>
    public DateTime WorkTime(DateTime from, DateTime to)
    {
        while (true)
        {
            var day = from.Date.AddDays(Rng.Next((int)(to.Date - from.Date).TotalDays));
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && !Chance(0.15)) continue;
            return day.AddMinutes(Rng.Next(8 * 60, 18 * 60));
        }
    }

    /// <summary><paramref name="count"/> working times between two dates, in time order.</summary>
    public List<DateTime> WorkTimes(int count, DateTime from, DateTime to) => [.. Enumerable.Range(0, count).Select(_ => WorkTime(from, to)).Order()];
}
