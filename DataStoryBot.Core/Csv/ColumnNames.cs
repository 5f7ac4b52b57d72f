namespace DataStoryBot.Core.Csv;

/// <summary>Header repairs and name heuristics.</summary>
internal static class ColumnNames
{
    /// <summary>
    /// Trims surrounding whitespace, names empty headers <c>column_N</c> (1-based) and makes duplicates unique
    /// (case-insensitively) with <c>_2</c>, <c>_3</c>…; every change is described in <paramref name="warnings"/>.
    /// </summary>
    public static string[] Repair(IReadOnlyList<string> raw, List<string> warnings)
    {
        var names = new string[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            string trimmed = raw[i].Trim();
            if (trimmed.Length == 0)
            {
                names[i] = $"column_{i + 1}";
                warnings.Add($"Column {i + 1} has no name; it was named \"{names[i]}\".");
                continue;
            }

            if (trimmed.Length != raw[i].Length)
            {
                warnings.Add($"Column {i + 1} name \"{raw[i]}\" had surrounding whitespace; it was trimmed to \"{trimmed}\".");
            }

            names[i] = trimmed;
        }

        var taken = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Length; i++)
        {
            if (seen.Add(names[i]))
            {
                continue;
            }

            string original = names[i];
            string candidate;
            int suffix = 2;
            do
            {
                candidate = $"{original}_{suffix++}";
            }
            while (taken.Contains(candidate));

            taken.Add(candidate);
            seen.Add(candidate);
            names[i] = candidate;
            warnings.Add($"Column {i + 1} repeats the name \"{original}\"; it was renamed \"{candidate}\".");
        }

        return names;
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
