using System.Management.Automation;
using JobFinder.Ops.Project;

namespace JobFinder.Ops.Cmdlets.Infrastructure;

/// <summary>Lets a TimeSpan parameter take the durations jobfinder.ops.json takes (<c>5m</c>,
/// <c>300s</c>, <c>500ms</c>, <c>24h</c>, <c>7d</c>, <c>00:05:00</c>) through the settings file's own
/// parser, so the command line and the file agree. Without it PowerShell's conversion refuses
/// <c>5m</c> and reads <c>300s</c> as nothing it can use.</summary>
/// <remarks>PowerShell reads some durations as numbers before any attribute sees them: <c>300s</c> is
/// the number 300 with the <c>s</c> (short) type suffix and <c>7d</c> a <c>d</c> (decimal) literal, so a
/// short is taken as seconds and a decimal as days, the units that were typed. Any other number has no
/// unit (PowerShell would read 300 as 300 ticks) and is refused, except 0. A TimeSpan, or anything
/// else, goes on to PowerShell's own binding unchanged.</remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    private const string Forms = "a number with a unit (500ms, 30s, 5m, 24h, 7d) or hh:mm:ss (00:05:00), as in jobfinder.ops.json";

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            string text => DurationParser.TryParse(text, out var duration)
                ? duration
                : throw new ArgumentTransformationMetadataException($"'{text}' is not a duration. Use {Forms}."),
            short seconds => TimeSpan.FromSeconds(seconds),
            decimal days => TimeSpan.FromDays((double)days),
            byte or sbyte or ushort or int or uint or long or ulong or float or double when Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) == 0 => TimeSpan.Zero,
            byte or sbyte or ushort or int or uint or long or ulong or float or double =>
                throw new ArgumentTransformationMetadataException($"{value} has no unit (PowerShell would read it as {value} ticks). Use {Forms}."),
            _ => inputData,
        };
    }
}
