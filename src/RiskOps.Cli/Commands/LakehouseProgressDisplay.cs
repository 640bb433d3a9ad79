using RiskOps.Lakehouse;
using Spectre.Console;

namespace RiskOps.Cli.Commands;

/// <summary>Runs a lakehouse step behind a Spectre progress bar per pipeline step (bronze, silver, gold).</summary>
internal static class LakehouseProgressDisplay
{
    public static async Task<T> RunAsync<T>(Func<IProgress<LakehouseProgress>, T> work, CancellationToken cancellationToken)
    {
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new Progress<LakehouseProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Step, out var task))
                    {
                        task = context.AddTask(p.Step);
                        tasks[p.Step] = task;
                    }
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = p.Done >= p.Total ? p.Step : $"{p.Step} {Markup.Escape(p.Item)}";
                });
                // The pipeline is synchronous DuckDB work; run it off the render loop.
                return await Task.Run(() => work(progress), cancellationToken);
            });
    }
}
