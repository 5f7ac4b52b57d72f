namespace DataStoryBot.Core.Csv;

/// <summary>Header repairs and name heuristics.</summary>
internal static class ColumnNames
{
    /// <summary>Repairs of one kind described one by one; the rest are counted in one summary warning.</summary>
    public const int WarningsPerKind = 10;

    /// <summary>
    /// Trims surrounding whitespace, cuts names longer than <see cref="TextCaps.NameChars"/> characters (with a marker
    /// counting the rest), names empty headers <c>column_N</c> (1-based) and makes duplicates unique
    /// (case-insensitively) with <c>_2</c>, <c>_3</c>…; the changes are described in <paramref name="warnings"/> (the first
    /// <see cref="WarningsPerKind"/> of each kind one by one, then a count). Linear time: each name remembers the next
    /// suffix to try, so a header repeating one name n times costs O(n), not O(n²).
    /// </summary>
    public static string[] Repair(IReadOnlyList<string> raw, List<string> warnings)
    {
        var names = new string[raw.Count];
        var unnamed = new WarningBudget(warnings, "more column(s) have no name; they were named column_N after their position.");
        var trimmedNames = new WarningBudget(warnings, "more column name(s) had surrounding whitespace; it was trimmed.");
        var cutNames = new WarningBudget(warnings, $"more column name(s) were longer than {TextCaps.NameChars} characters; they were cut.");
        for (int i = 0; i < raw.Count; i++)
        {
            string trimmed = raw[i].Trim();
            if (trimmed.Length > TextCaps.NameChars)
            {
                // A name is shown in charts, tables and narratives and stored with the session: a 40,000-character one is cut.
                string cut = TextCaps.Cap(trimmed, TextCaps.NameChars);
                cutNames.Add($"Column {i + 1} name has {trimmed.Length:N0} characters; it was cut to \"{cut}\".");
                names[i] = cut;
                continue;
            }

            if (trimmed.Length == 0)
            {
                names[i] = $"column_{i + 1}";
                unnamed.Add($"Column {i + 1} has no name; it was named \"{names[i]}\".");
                continue;
            }

            if (trimmed.Length != raw[i].Length)
            {
                trimmedNames.Add($"Column {i + 1} name \"{raw[i]}\" had surrounding whitespace; it was trimmed to \"{trimmed}\".");
            }

            names[i] = trimmed;
        }

        var renamed = new WarningBudget(warnings, "more column(s) repeat an earlier name; each was given the next free suffix (_2, _3, …).");
        var taken = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var nextSuffix = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Length; i++)
        {
            if (seen.Add(names[i]))
            {
                continue;
            }

            string original = names[i];
            int suffix = nextSuffix.GetValueOrDefault(original, 2);
            string candidate;
            do
            {
                candidate = $"{original}_{suffix++}";
            }
            while (taken.Contains(candidate));

            nextSuffix[original] = suffix;
            taken.Add(candidate);
            seen.Add(candidate);
            names[i] = candidate;
            renamed.Add($"Column {i + 1} repeats the name \"{original}\"; it was renamed \"{candidate}\".");
        }

        unnamed.Close();
        trimmedNames.Close();
        cutNames.Close();
        renamed.Close();
        return names;
    }

    /// <summary>Adds the first warnings of a kind, counts the others, and adds the count on <see cref="Close"/>.</summary>
    private sealed class WarningBudget(List<string> warnings, string summary)
    {
        private int _count;

        public void Add(string warning)
        {
            if (_count++ < WarningsPerKind)
            {
                warnings.Add(warning);
            }
        }

        public void Close()
        {
            if (_count > WarningsPerKind)
            {
                warnings.Add($"{_count - WarningsPerKind:N0} {summary}");
            }
        }
    }

    /// <summary>Names such as id, ID, user_id, userId, order-key, customer code, uuid.</summary>
    public static bool SuggestsIdentifier(string name)
    {
        string n = name.Trim();
        if (n.Length == 0)
        {
            return false;
        }

        string lower = n.ToLowerInvariant();
        if (lower is "id" or "key" or "uuid" or "guid" or "code" or "#" or "no" or "number")
        {
            return true;
        }

        foreach (string suffix in (ReadOnlySpan<string>)["id", "key", "uuid", "guid", "code", "no", "number", "nr"])
        {
            if (lower.Length > suffix.Length && lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                char before = n[^(suffix.Length + 1)];
                if (before is '_' or '-' or ' ' or '.')
                {
                    return true;
                }

                // camelCase: userId, orderKey, UserID
                if (char.IsUpper(n[^suffix.Length]) && char.IsLower(before))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
