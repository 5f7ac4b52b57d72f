namespace DataStoryBot.Core.Csv;

/// <summary>
/// One worksheet of an uploaded workbook, as listed in the profile: its name, the range its non-empty cells span
/// (<c>A1:D20</c>, null when it has none), and how many rows hold a value and how many columns the range spans.
/// <see cref="Chosen"/> marks the sheet that became the session's data.
/// </summary>
public sealed record WorkbookSheet(string Name, string? UsedRange, long Rows, int Columns, bool Chosen);
