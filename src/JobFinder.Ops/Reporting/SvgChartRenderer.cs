using System.Globalization;
using System.Net;
using System.Text;

namespace JobFinder.Ops.Reporting;

/// <summary>Draws a <see cref="ReportChart"/> as inline SVG: axes, three y ticks, start and end time,
/// an optional dashed threshold, and one polyline per series with circle markers. The exact values
/// travel in data attributes (<c>data-series</c>, <c>data-times</c> ISO 8601, <c>data-values</c>
/// round-trip numbers) and the scale in <c>data-plot</c>/<c>data-x-min</c>/<c>data-x-max</c>/<c>data-y-max</c>,
/// so a test (or a reader) can check every pixel against the record.</summary>
public static class SvgChartRenderer
{
    public const int Width = 640;
    public const int Height = 220;
    public const int Left = 64;
    public const int Right = 16;
    public const int Top = 16;
    public const int Bottom = 32;

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public static string Render(ReportChart chart, DateTimeOffset xMin, DateTimeOffset xMax)
    {
        if (xMax <= xMin)
        {
            xMax = xMin.AddSeconds(1);
        }

        var yMax = YMax(chart);
        var svg = new StringBuilder();
        svg.Append(s_invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{Encode(chart.Id)}\" class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\"");
        svg.Append(s_invariant, $" data-unit=\"{Encode(chart.Unit)}\" data-plot=\"{Left} {Top} {PlotWidth} {PlotHeight}\" data-x-min=\"{Time(xMin)}\" data-x-max=\"{Time(xMax)}\" data-y-max=\"{Number(yMax)}\">");
        svg.Append("<title>").Append(Encode(chart.Title)).Append("</title>");
        svg.Append(s_invariant, $"<rect class=\"plot\" x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\"/>");
        for (var i = 0; i <= 2; i++)
        {
            var value = yMax * i / 2;
            var y = Y(value, yMax);
            svg.Append(s_invariant, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{Coordinate(y)}\" x2=\"{Left + PlotWidth}\" y2=\"{Coordinate(y)}\"/>");
            svg.Append(s_invariant, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{Coordinate(y + 4)}\" text-anchor=\"end\">{Encode(Label(value, chart.Unit))}</text>");
        }

        svg.Append(s_invariant, $"<text class=\"tick\" x=\"{Left}\" y=\"{Height - 10}\">{Clock(xMin)}</text>");
        svg.Append(s_invariant, $"<text class=\"tick\" x=\"{Left + PlotWidth}\" y=\"{Height - 10}\" text-anchor=\"end\">{Clock(xMax)}</text>");
        if (chart.Threshold is { } threshold && threshold <= yMax)
        {
            var y = Coordinate(Y(threshold, yMax));
            svg.Append(s_invariant, $"<line class=\"threshold\" data-threshold=\"{Number(threshold)}\" x1=\"{Left}\" y1=\"{y}\" x2=\"{Left + PlotWidth}\" y2=\"{y}\"><title>threshold {Encode(Label(threshold, chart.Unit))}</title></line>");
        }

        foreach (var series in chart.Series.Where(s => s.Points.Count > 0))
        {
            var pixels = series.Points.Select(p => (X: X(p.Time, xMin, xMax), Y: Y(p.Value, yMax))).ToArray();
            var drawn = series.Step ? Staircase(pixels) : pixels;
            svg.Append(s_invariant, $"<polyline class=\"series {Encode(series.Name)}\" data-series=\"{Encode(series.Name)}\" data-step=\"{(series.Step ? "true" : "false")}\"");
            svg.Append(" data-times=\"").Append(string.Join(' ', series.Points.Select(p => Time(p.Time)))).Append('"');
            svg.Append(" data-values=\"").Append(string.Join(' ', series.Points.Select(p => Number(p.Value)))).Append('"');
            svg.Append(" points=\"").Append(string.Join(' ', drawn.Select(p => $"{Coordinate(p.X)},{Coordinate(p.Y)}"))).Append("\"/>");
            for (var i = 0; i < pixels.Length; i++)
            {
                var point = series.Points[i];
                svg.Append(s_invariant, $"<circle class=\"marker {Encode(series.Name)}\" cx=\"{Coordinate(pixels[i].X)}\" cy=\"{Coordinate(pixels[i].Y)}\" r=\"3\"><title>{Encode(series.Name)} {Clock(point.Time)}: {Encode(Label(point.Value, chart.Unit))}</title></circle>");
            }
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The top of the y axis: 100 for percentages; otherwise the largest value or threshold
    /// with 15% headroom.</summary>
    public static double YMax(ReportChart chart)
    {
        if (chart.Unit == "percent")
        {
            return 100;
        }

        var max = chart.Series.SelectMany(s => s.Points).Select(p => p.Value).DefaultIfEmpty(0).Max();
        // Error-rate limits are always shown (the margin to the limit is the point); a latency limit far
        // above the data (5 s over 200 ms) would flatten the lines, so it is shown only when near.
        if (chart.Threshold is { } threshold && (chart.Unit == "fraction" || max == 0 || threshold <= max * 4))
        {
            max = Math.Max(max, threshold);
        }

        return max <= 0 ? 1 : max * 1.15;
    }

    public static double X(DateTimeOffset time, DateTimeOffset xMin, DateTimeOffset xMax) =>
        Left + (PlotWidth * (time - xMin).TotalMilliseconds / (xMax - xMin).TotalMilliseconds);

    public static double Y(double value, double yMax) => Top + PlotHeight - (PlotHeight * value / yMax);

    private static (double X, double Y)[] Staircase((double X, double Y)[] pixels)
    {
        var result = new List<(double X, double Y)>();
        for (var i = 0; i < pixels.Length; i++)
        {
            if (i > 0)
            {
                result.Add((pixels[i].X, pixels[i - 1].Y));
            }

            result.Add(pixels[i]);
        }

        return result.ToArray();
    }

    private static string Label(double value, string unit) => unit switch
    {
        "percent" => value.ToString("0.#", s_invariant) + "%",
        "fraction" => (value * 100).ToString("0.##", s_invariant) + "%",
        "ms" => value.ToString("0", s_invariant) + " ms",
        _ => value.ToString("0.###", s_invariant),
    };

    private static string Coordinate(double value) => value.ToString("0.##", s_invariant);

    private static string Number(double value) => value.ToString("R", s_invariant);

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", s_invariant);

    private static string Clock(DateTimeOffset time) => time.ToUniversalTime().ToString("HH:mm:ss", s_invariant);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
