using RiskOps.Api.Seams;
using RiskOps.Core.Storage;
using RiskOps.Registry;
using RiskOps.Registry.Errors;
using RiskOps.Registry.Promotion;
using RiskOps.Registry.Sqlite;
using RiskOps.Training;
using RiskOps.Training.World;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// Weekly retraining as a scheduled step of <c>riskops serve</c>: each built-in model is retrained on the current
/// gold, registered, and promoted only if the registry's gate says it beats the champion. Serving picks a promotion
/// up on its next poll. Lives in the CLI (a host) because serving never trains.
/// </summary>
internal sealed class RetrainStep(DataLayout layout) : IScheduledStep
{
    private static readonly BuiltInModel[] s_models = [BuiltInModel.Crai, BuiltInModel.Claims, BuiltInModel.Demand];

    public ScheduledStepKind Kind => ScheduledStepKind.WeeklyRetrain;

    public string Name => "retrain";

    public async Task RunAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var registry = await SqliteModelRegistry.OpenAsync(layout, cancellationToken: cancellationToken);
        foreach (var model in s_models)
        {
            var built = await BuiltInWorld.BuildAsync(layout, model, cancellationToken);
            var request = new TrainingRequest(built.ModelName, built.Dataset, built.Reference, layout.RunsDir, built.FeatureService, built.FeatureServiceVersion);
            // Demand's bay attributes (points of interest) can be constant in a small world: drop such columns, as `riskops train` does.
            var options = new TrainingOptions
            {
                DropDegenerateFeatures = model == BuiltInModel.Demand,
                LabelHorizon = model == BuiltInModel.Demand ? BuiltInWorld.LabelHorizon(model) : null,
            };
            var result = await Task.Run(() => new TrainingPipeline(TimeProvider.System).Run(request, options, progress: null, cancellationToken), cancellationToken);
            var version = await registry.RegisterAsync(new RegistrationRequest(result.ArtifactDirectory, Actor: "riskops serve (weekly retrain)"), cancellationToken);
            try
            {
                await registry.PromoteAsync(version.ModelName, version.Version, new PromotionRequest(Actor: "riskops serve (weekly retrain)"), cancellationToken);
                progress?.Report($"{version.ModelName} v{version.Version} promoted");
            }
            catch (PromotionRefusedException refused)
            {
                progress?.Report($"{version.ModelName} v{version.Version} kept out of Production: {refused.Message}");
            }
        }
    }
}
