using System.Globalization;
using System.Text;

namespace DataStoryBot.Tests.Integration;

public static class SampleCsv
{
    /// <summary>A small sales file: a date, a category, two numbers; 60 rows.</summary>
    public static string Sales(int rows = 60)
    {
        var sb = new StringBuilder("date,region,sales,units\n");
        string[] regions = ["North", "South", "East", "West"];
        for (var i = 0; i < rows; i++)
        {
            var day = new DateOnly(2024, 1, 1).AddDays(i);
            sb.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},{regions[i % 4]},{100 + i * 2.5:0.00},{3 + i % 7}\n");
        }

        return sb.ToString();
    }
}
