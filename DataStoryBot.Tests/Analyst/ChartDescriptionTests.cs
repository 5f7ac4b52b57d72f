using System.Text;
using System.Text.Json.Nodes;
using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Alt text, plotted data and Vega-Lite specs computed by <see cref="ChartFactory"/> from what each chart plots.</summary>
public class ChartDescriptionTests
{
    static double Day(int year, int month, int day = 1) => DateColumn.FromDateTime(new DateTime(year, month, day));

    /// <summary>Four years of monthly values: a yearly cycle peaking each August, the highest August in 2015, the lowest December in 2012.</summary>
    static (double[] T, double[] Y) Monthly()
    {
        var t = new List<double>();
        var y = new List<double>();
        for (var year = 2012; year <= 2015; year++)
            for (var month = 1; month <= 12; month++)
            {
                t.Add(Day(year, month));
                var v = 17 - 10 * Math.Cos((month - 2) * Math.PI / 6);
                if (year == 2015 && month == 8) v = 28;
                if (year == 2012 && month == 12) v = 6;
                y.Add(v);
            }
        return (t.ToArray(), y.ToArray());
    }

    [Fact]
    public void Line_MonthlySeries_DescribesRangeAndHighestAndLowestPoints()
    {
        var (t, y) = Monthly();

        var chart = ChartFactory.Line("Monthly temp max", "date", "Mean temp max", t, y, timeIsYear: false);

        Assert.Equal("Line chart of Mean temp max, Jan 2012–Dec 2015, 48 points; highest near 28 in Aug 2015, lowest near 6 in Dec 2012.", chart.Description);
        Assert.Equal(48, chart.Data.Rows.Count);
        Assert.Equal(["date", "Mean temp max"], chart.Data.Fields.Select(f => f.Name));
        Assert.Equal(["2015-08-01", "28"], chart.Data.Rows[43]);
    }

    [Fact]
    public void Line_YearlySeries_NamesYears()
    {
        var chart = ChartFactory.Line("Sales by year", "year", "Sales", [2001, 2002, 2003], [5, 9, 2], timeIsYear: true);

        Assert.Equal("Line chart of Sales, 2001–2003, 3 points; highest near 9 in 2002, lowest near 2 in 2003.", chart.Description);
        Assert.Equal(ChartFieldType.Quantitative, chart.Data.Fields[0].Type);
    }

    [Fact]
    public void Bars_MoreLabelsThanShown_NamesHighestAndLowestShownBar()
    {
        var labels = Enumerable.Range(1, 20).Select(i => $"r{i}").ToList();
        var values = Enumerable.Range(1, 20).Select(i => (double)(i == 4 ? 100 : i == 15 ? -3 : i)).ToList();

        var chart = ChartFactory.Bars("Sales by region", "region", "Sales", labels, values, highlight: 1);

        Assert.Equal("Bar chart of Sales by region, 15 of 20 bars; highest r4 at 100, lowest r15 at -3.", chart.Description);
        Assert.Equal(15, chart.Data.Rows.Count);
        Assert.Equal(["r1", "1", "yes"], chart.Data.Rows[0]);
        Assert.Equal(["r2", "2", "no"], chart.Data.Rows[1]);
    }

    [Fact]
    public void Histogram_Values_NamesTheFullestBin()
    {
        // 0..9 once each, and 25 more values of 2: the bin holding 2 is the fullest.
        var values = Enumerable.Range(0, 10).Select(i => (double)i).Concat(Enumerable.Repeat(2.0, 25)).ToArray();

        var chart = ChartFactory.Histogram("Distribution of x", "x", values);

        // 35 values → 6 bins of width 1.5 over 0..9; 2 is in the second bin, [1.5, 3).
        Assert.Equal("Histogram of x over 35 rows, from 0 to 9 in 6 bins; most rows (26) between 1.5 and 3.", chart.Description);
        Assert.Equal(values.Length, chart.Data.Rows.Sum(r => double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Scatter_FallingFit_SaysTheLineFalls()
    {
        var chart = ChartFactory.Scatter("y against x", "x", "y", [1, 2, 3, 4], [8, 6, 5, 1], (-2.2, 10));

        Assert.Equal("Scatter plot of y against x, 4 rows; x from 1 to 4, y from 1 to 8; the least-squares line falls.", chart.Description);
    }

    [Fact]
    public void Boxes_TwoGroups_NamesHighestAndLowestMedian()
    {
        var chart = ChartFactory.Boxes("Sales by region", "region", "Sales", [("north", [1, 2, 3, 4, 5]), ("south", [10, 11, 12, 13, 14])]);

        Assert.Equal("Box plot of Sales by region, 2 groups; highest median south at 12, lowest median north at 3.", chart.Description);
        Assert.Equal(["south", "10", "11", "12", "13", "14", "5"], chart.Data.Rows[1]);
    }

    [Fact]
    public void Pareto_Shares_NamesLargestAndFirstThree()
    {
        var chart = ChartFactory.Pareto("Share", "region", ["a", "b", "c", "d"], [0.5, 0.25, 0.15, 0.1]);

        Assert.Equal("Pareto chart of the share by region, 4 bars with the cumulative share; the largest, a, holds 50%, the first 3 together 90%.", chart.Description);
    }

    [Fact]
    public void MarkedPoints_OneFlagged_CountsAndNamesIt()
    {
        var chart = ChartFactory.MarkedPoints("Flagged", "amount", [5, 6, 5, 7, 6, 90, 5], [5]);

        Assert.Equal("Scatter plot of amount by row number, 7 rows from 5 to 90; 1 flagged value marked, the most extreme 90.", chart.Description);
        Assert.Equal(["5", "90", "yes"], chart.Data.Rows[5]);
    }

    [Fact]
    public void ToCsv_FormulaLikeLabelsAndCommas_NeutralizedAndQuoted()
    {
        var chart = ChartFactory.Bars("Bars", "name", "Sales", ["=HYPERLINK(\"x\")", "a, b", "-3"], [1, -2.5, 3]);

        var lines = Encoding.UTF8.GetString(chart.Data.ToCsv()).Split("\r\n");

        Assert.Equal("name,Sales,highlighted", lines[0]);
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\",1,no", lines[1]);
        Assert.Equal("\"a, b\",-2.5,no", lines[2]);
        Assert.Equal("-3,3,no", lines[3]);
    }

    [Fact]
    public void ChartData_RepeatedFieldNames_MadeUnique()
    {
        var chart = ChartFactory.Bars("Rows", "Rows", "Rows", ["a", "b"], [1, 2]);

        Assert.Equal(["Rows", "Rows (2)", "highlighted"], chart.Data.Fields.Select(f => f.Name));
    }

    internal static readonly string[] KindNames = ["line", "lines", "bar", "pareto", "scatter", "histogram", "box", "marked"];

    public static TheoryData<string> Kinds() => new(KindNames);

    internal static ChartImage Make(string kind)
    {
        var (t, y) = Monthly();
        return kind switch
        {
            "line" => ChartFactory.Line("Line", "date", "temp.max [C]", t, y, false),
            "lines" => ChartFactory.Lines("Lines", "date", "Sales", [("north", t, y), ("south", t, y.Select(v => v * 2).ToArray())], false),
            "bar" => ChartFactory.Bars("Bars", "region", "Sales", ["a", "b", "c"], [3, 2, 1], highlight: 1),
            "pareto" => ChartFactory.Pareto("Pareto", "region", ["a", "b", "c"], [0.6, 0.3, 0.1]),
            "scatter" => ChartFactory.Scatter("Scatter", "x", "y", [1, 2, 3], [3, 1, 2], (0.1, 1)),
            "histogram" => ChartFactory.Histogram("Histogram", "x", [1, 2, 2, 3, 3, 3, 4, 9]),
            "box" => ChartFactory.Boxes("Box", "g", "v", [("a", [1, 2, 3, 4]), ("b", [3, 4, 5, 6])]),
            _ => ChartFactory.MarkedPoints("Marked", "v", [1, 2, 1, 50], [3]),
        };
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void VegaLiteSpec_EveryKind_FollowsTheV5TopLevelAndEncodingStructure(string kind)
    {
        var chart = Make(kind);

        var spec = JsonNode.Parse(VegaLiteSpec.Write(chart))!.AsObject();

        VegaLiteStructure.AssertValid(spec);
        Assert.Equal(chart.Description, spec["description"]!.GetValue<string>());
        Assert.Equal(chart.Data.Rows.Count, spec["data"]!["values"]!.AsArray().Count);
    }

    [Fact]
    public void VegaLiteSpec_FieldWithDotsAndBrackets_KeyedByRoleNamedInTheTitle()
    {
        var spec = VegaLiteSpec.Build(Make("line"));

        Assert.Equal("y", spec["encoding"]!["y"]!["field"]!.GetValue<string>());
        Assert.Equal("temp.max [C]", spec["encoding"]!["y"]!["title"]!.GetValue<string>());
        Assert.NotNull(spec["data"]!["values"]![0]!["y"]);
        Assert.Null(spec["data"]!["values"]![0]!["temp.max [C]"]);
        Assert.Equal("temporal", spec["encoding"]!["x"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void VegaLiteSpec_Tooltip_NumbersAtSixSignificantDigitsDatesAsDates()
    {
        var tooltip = VegaLiteSpec.Build(Make("line"))["encoding"]!["tooltip"]!.AsArray();

        Assert.Equal(".6~r", tooltip.Single(t => t!["type"]!.GetValue<string>() == "quantitative")!["format"]!.GetValue<string>());
        Assert.Null(tooltip.Single(t => t!["type"]!.GetValue<string>() == "temporal")!["format"]);
    }
}
