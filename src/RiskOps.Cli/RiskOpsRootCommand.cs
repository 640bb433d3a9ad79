using System.CommandLine;
using RiskOps.Cli.Commands;
using RiskOps.Cli.Commands.Audit;
using RiskOps.Cli.Commands.Models;
using RiskOps.Cli.Commands.Serving;

namespace RiskOps.Cli;

/// <summary>The <c>riskops</c> command tree: one line per verb, each verb in Commands/.</summary>
internal static class RiskOpsRootCommand
{
    /// <summary>Parent of every benchmark verb (<c>riskops bench etl</c>, <c>riskops bench features</c>, …).</summary>
    public static Command BenchCommand { get; } = new("bench", "Measure a part at a chosen scale; figures go to docs/benchmarks.md.");

    public static RootCommand Create()
    {
        var root = new RootCommand(
            "RiskOps: risk scoring and decisioning for insurers and mobility operators.\n" +
            "Start with `riskops demo`; every step can also be run on its own.");
        root.Options.Add(CommonOptions.DataDir);

        root.Subcommands.Add(InfoCommand.Create());

        // Synthetic world (RiskOps.Simulator)
        root.Subcommands.Add(SimulateCommand.Create());
        BenchCommand.Subcommands.Add(BenchSimulatorCommand.Create());

        // Lakehouse: ingest, etl, quality, retention (RiskOps.Lakehouse)
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(EtlCommand.Create());
        root.Subcommands.Add(QualityCommand.Create());
        root.Subcommands.Add(RetentionCommand.Create());
        BenchCommand.Subcommands.Add(BenchEtlCommand.Create());

        // Feature store: features, materialize (RiskOps.Features)
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(MaterializeCommand.Create());
        root.Subcommands.Add(MaterializeCommand.CreateIncremental());
        BenchCommand.Subcommands.Add(BenchFeaturesCommand.Create());

        // Training and evaluation (RiskOps.Training)
        root.Subcommands.Add(TrainCommand.Create());
        BenchCommand.Subcommands.Add(BenchTrainCommand.Create());

        // Model registry (RiskOps.Registry)
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        BenchCommand.Subcommands.Add(RegistryBenchCommand.Create());

        // Serving, jobs and the demo (RiskOps.Api)
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(RescoreCommand.Create());
        root.Subcommands.Add(SurgeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        BenchCommand.Subcommands.Add(ApiBenchCommand.Create());
        BenchCommand.Subcommands.Add(OpenLoopLoadCommand.Create()); // hidden: bench api's open-loop generator process
        BenchCommand.Subcommands.Add(SurgeBenchCommand.Create());

        // Benchmarks: one `bench <part>` subcommand per part, registered on this shared parent
        root.Subcommands.Add(BenchCommand);
        return root;
    }
}
