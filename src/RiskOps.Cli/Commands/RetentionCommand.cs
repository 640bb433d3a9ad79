using System.CommandLine;
using System.Globalization;
using RiskOps.Lakehouse;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops retention</c>: drop month partitions older than the horizon.</summary>
internal static class RetentionCommand
{
    public static Command Create()
    {
        var keep = new Option<int>("--keep-months") { Description = "Months to keep, counting the current one.", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "The 'current' date (yyyy-MM-dd, UTC); default today. Useful for simulated worlds." };
        var command = new Command("retention", "Drop month partitions (silver telematics, gold customer_driving_behavior) older than --keep-months.");
        command.Options.Add(keep);
        command.Options.Add(asOf);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(ct =>
        {
            DateTimeOffset? when = null;
            if (parseResult.GetValue(asOf) is { } text)
            {
                when = DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new LakehouseException($"--as-of '{text}' is not a date like 2026-03-31");
            }
            using var lake = LakehousePipeline.Open(CommonOptions.Layout(parseResult), new LakehouseOptions { Threads = 1, MemoryLimit = "512MB" });
            var dropped = lake.ApplyRetention(parseResult.GetValue(keep), when, ct);
            foreach (var path in dropped)
            {
                Console.WriteLine($"dropped {path}");
            }
            Console.WriteLine($"{dropped.Count} partitions dropped");
            return Task.FromResult(0);
        }, cancellationToken));
        return command;
    }
}
