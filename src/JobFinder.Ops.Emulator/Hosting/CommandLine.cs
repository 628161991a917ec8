using System.Globalization;

namespace JobFinder.Ops.Emulator.Hosting;

/// <summary>Parses the emulator's command line into <see cref="EmulatorOptions"/>.</summary>
public static class CommandLine
{
    public const string Usage = "usage: JobFinder.Ops.Emulator [--port 0] [--firestore-grpc-port 0] [--data-path DIR] [--profile fast|realistic] [--time-scale 0.0166] [--project ID ...] [--strict] [--scheduler-time-scale 1] [--own-session] | --prepare-runtime";

    /// <summary>Asks the process to leave the terminal's session (see <see cref="OwnSession"/>); a
    /// property of the process, not of the hosted emulator, so it is not part of the options.</summary>
    public const string OwnSessionFlag = "--own-session";

    /// <summary>Installs what revision workers need that no source brings (the Functions Framework) into the
    /// worker cache, then exits; no emulator is started.</summary>
    public const string PrepareRuntimeFlag = "--prepare-runtime";

    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var port = 0;
        var firestoreGrpcPort = 0;
        string? dataPath = null;
        var profile = LatencyProfile.Fast;
        var projects = new List<string>();
        var strict = false;
        var schedulerTimeScale = 1.0;
        double? timeScale = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port":
                    if (!int.TryParse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                    {
                        throw new ArgumentException($"Invalid --port: {args[i]}");
                    }

                    break;
                case "--firestore-grpc-port":
                    if (!int.TryParse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out firestoreGrpcPort) || firestoreGrpcPort > 65535)
                    {
                        throw new ArgumentException($"Invalid --firestore-grpc-port: {args[i]}");
                    }

                    break;
                case "--data-path":
                    dataPath = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--profile":
                    profile = Value(args, ref i).ToLowerInvariant() switch
                    {
                        "fast" => LatencyProfile.Fast,
                        "realistic" => LatencyProfile.Realistic,
                        var other => throw new ArgumentException($"Invalid --profile: {other} (fast or realistic)"),
                    };
                    break;
                case "--time-scale":
                    timeScale = double.TryParse(Value(args, ref i), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0 && scale <= 1
                        ? scale
                        : throw new ArgumentException($"Invalid --time-scale: {args[i]} (a number over 0, at most 1)");
                    break;
                case "--project":
                    projects.Add(Value(args, ref i));
                    break;
                case "--strict":
                    strict = true;
                    break;
                case "--scheduler-time-scale":
                    if (!double.TryParse(Value(args, ref i), NumberStyles.Float, CultureInfo.InvariantCulture, out schedulerTimeScale) || schedulerTimeScale is < 1 or > 10_000_000)
                    {
                        throw new ArgumentException($"Invalid --scheduler-time-scale: {args[i]} (1 to 10000000; 1 = real time)");
                    }

                    break;
                case OwnSessionFlag:
                    break;
                default:
                    throw new ArgumentException($"Unknown argument: {args[i]}");
            }
        }

        return new EmulatorOptions
        {
            Port = port,
            FirestoreGrpcPort = firestoreGrpcPort,
            DataPath = dataPath,
            Profile = profile,
            TimeScale = timeScale,
            ProjectIds = projects.Count > 0 ? projects : EmulatorOptions.DefaultProjectIds,
            Strict = strict,
            SchedulerTimeScale = schedulerTimeScale,
        };
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }
}
