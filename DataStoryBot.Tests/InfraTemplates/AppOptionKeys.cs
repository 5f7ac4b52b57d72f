using System.Collections;
using System.Globalization;
using System.Reflection;

namespace DataStoryBot.Tests.InfraTemplates;

/// <summary>One configuration key the app binds, with the value its options class starts with.</summary>
internal sealed record OptionKey(string Key, Type PropertyType, object? DefaultValue)
{
    /// <summary>The key as an App Service setting name (<c>:</c> becomes <c>__</c>).</summary>
    public string AppSettingName => Key.Replace(":", "__", StringComparison.Ordinal);
}

/// <summary>
/// Builds the set of configuration keys the app binds, by reflection over options classes: every class
/// with a <c>public const string SectionName</c>, and in it every public property with a public setter
/// (what the configuration binder fills). Complex properties are walked into; collections are refused,
/// since an app setting cannot express them and the drift test would have to learn how.
/// </summary>
internal static class AppOptionKeys
{
    public static IReadOnlyList<Type> OptionsTypes(params Assembly[] assemblies) =>
        assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && SectionNameOf(t) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    public static string? SectionNameOf(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    public static IReadOnlyList<OptionKey> For(Type optionsType)
    {
        var section = SectionNameOf(optionsType)
            ?? throw new ArgumentException($"{optionsType} has no public const string SectionName.", nameof(optionsType));
        var keys = new List<OptionKey>();
        Walk(section, optionsType, Activator.CreateInstance(optionsType), keys, depth: 0);
        return keys;
    }

    public static IReadOnlyList<OptionKey> For(IEnumerable<Type> optionsTypes) => optionsTypes.SelectMany(For).ToList();

    /// <summary>Whether <paramref name="text"/> (an app setting's value) configures the same value as <paramref name="option"/>'s default.</summary>
    public static bool MatchesDefault(OptionKey option, string text)
    {
        var type = Nullable.GetUnderlyingType(option.PropertyType) ?? option.PropertyType;
        var expected = option.DefaultValue;
        if (expected is null)
        {
            return text.Length == 0;
        }

        if (type == typeof(string))
        {
            return string.Equals((string)expected, text, StringComparison.Ordinal);
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span == (TimeSpan)expected;
        }

        if (type == typeof(Uri))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri == (Uri)expected;
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(text, out var flag) && flag == (bool)expected;
        }

        if (type.IsEnum)
        {
            return Enum.TryParse(type, text, ignoreCase: true, out var value) && Equals(value, expected);
        }

        var converted = Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
        return Equals(converted, expected);
    }

    private static void Walk(string prefix, Type type, object? instance, List<OptionKey> keys, int depth)
    {
        if (depth > 4)
        {
            throw new NotSupportedException($"Options nested deeper than 4 levels at {prefix}.");
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
                     .OrderBy(p => p.MetadataToken))
        {
            var key = $"{prefix}:{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            if (IsScalar(property.PropertyType))
            {
                keys.Add(new OptionKey(key, property.PropertyType, value));
            }
            else if (typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                throw new NotSupportedException(
                    $"{key} is a collection ({property.PropertyType}); teach the infra drift test how app settings express it.");
            }
            else
            {
                Walk(key, property.PropertyType, value, keys, depth + 1);
            }
        }
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(Uri) || t == typeof(Guid) || t == typeof(DateTimeOffset) || t == typeof(DateTime);
    }
}
