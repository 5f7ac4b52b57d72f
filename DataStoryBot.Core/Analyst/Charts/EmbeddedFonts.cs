using ScottPlot;
using SkiaSharp;

namespace DataStoryBot.Core.Analyst.Charts;

/// <summary>
/// The house font (DejaVu Sans, bundled as an embedded resource) registered with ScottPlot under a name no
/// system font has, so charts never depend on what is installed: without it ScottPlot silently renders no text.
/// </summary>
public static class EmbeddedFonts
{
    public const string FamilyName = "DataStoryBot Sans";
    private const string RegularResource = "DataStoryBot.Core.Analyst.Fonts.DejaVuSans.ttf";
    private const string BoldResource = "DataStoryBot.Core.Analyst.Fonts.DejaVuSans-Bold.ttf";
    private static readonly Lock Gate = new();
    private static bool _registered;
    private static SKTypeface? _regular;
    private static SKTypeface? _bold;

    /// <summary>Registers the font resolver once and makes the bundled font ScottPlot's default.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered) return;
            _regular = Load(RegularResource);
            _bold = Load(BoldResource);
            Fonts.FontResolvers.Insert(0, new Resolver());
            Fonts.Default = FamilyName;
            _registered = true;
        }
    }

    /// <summary>The bundled typeface behind <see cref="FamilyName"/> (null for other names).</summary>
    public static SKTypeface? Resolve(string fontName, bool bold)
    {
        EnsureRegistered();
        return string.Equals(fontName, FamilyName, StringComparison.Ordinal) ? (bold ? _bold : _regular) : null;
    }

    private static SKTypeface Load(string resource)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded font {resource} is missing from the assembly.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return SKTypeface.FromData(SKData.CreateCopy(memory.ToArray()))
            ?? throw new InvalidOperationException($"Embedded font {resource} could not be read.");
    }

    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, FamilyName, StringComparison.Ordinal) ? (bold ? _bold : _regular) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            string.Equals(fontName, FamilyName, StringComparison.Ordinal) ? ((int)weight >= (int)FontWeight.SemiBold ? _bold : _regular) : null;
    }
}
