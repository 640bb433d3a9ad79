using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RiskOps.Api.Errors;
using RiskOps.Api.Hosting;
using RiskOps.Api.Observability;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Models;

/// <summary>
/// The models serving uses: the Production version of each served model plus any A/B challengers. A refresh
/// loads a newly promoted version and swaps it in; if the load fails the previous version keeps serving.
/// </summary>
internal sealed partial class ModelCatalog(
    IModelSource source,
    IOptions<ServingOptions> options,
    ServingMetrics metrics,
    TimeProvider time,
    ILogger<ModelCatalog> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, ModelSlot> _production = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ModelSlot> _challengers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshLock = new(1, 1);

    public IEnumerable<string> ServedModels => [options.Value.RiskModel, options.Value.ClaimModel];

    /// <summary>Polls the model source once; returns the number of swaps made.</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var swaps = 0;
            foreach (var name in ServedModels)
            {
                var slot = _production.GetOrAdd(name, _ => new ModelSlot());
                var wanted = await source.GetProductionAsync(name, cancellationToken);
                swaps += TryLoad(name, slot, wanted) ? 1 : 0;
            }

            foreach (var experiment in options.Value.Experiments)
            {
                var slot = _challengers.GetOrAdd(experiment.Name, _ => new ModelSlot());
                var wanted = await source.GetVersionAsync(experiment.Model, experiment.ChallengerVersion, cancellationToken);
                swaps += TryLoad(experiment.Model, slot, wanted) ? 1 : 0;
            }

            return swaps;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private bool TryLoad(string name, ModelSlot slot, ModelVersionInfo? wanted)
    {
        if (wanted is null || slot.Current?.Version == wanted || slot.FailedVersion == wanted.Version)
        {
            return false;
        }

        try
        {
            var predictor = source.Load(wanted);
            slot.Swap(new LoadedModel(wanted, predictor, time.GetUtcNow()));
            slot.FailedVersion = null;
            slot.LastError = null;
            metrics.ModelSwapped(name);
            LogSwapped(logger, name, wanted.Version);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Keep serving the previous version: a broken artifact must not take the service down.
            slot.FailedVersion = wanted.Version;
            slot.LastError = ex.Message;
            metrics.ModelLoadFailed(name);
            LogLoadFailed(logger, ex, name, wanted.Version, slot.Current?.Version.Version);
            return false;
        }
    }

    /// <summary>The model that scores <paramref name="entityId"/>: an experiment's challenger if the id hashes into its share, else the champion.</summary>
    public ModelLease Acquire(string modelName, string entityId) =>
        TryAcquire(modelName, entityId, out var lease) ? lease : throw Unavailable(modelName);

    /// <summary><see cref="Acquire"/> without the exception when no version is loaded (the cache-hit fast path falls through instead).</summary>
    public bool TryAcquire(string modelName, string entityId, out ModelLease lease)
    {
        foreach (var experiment in options.Value.Experiments)
        {
            if (experiment.Model == modelName
                && ExperimentRouter.IsChallenger(experiment.Name, entityId, experiment.Share)
                && _challengers.TryGetValue(experiment.Name, out var challenger)
                && challenger.TryAcquire(out var challengerModel))
            {
                lease = new ModelLease(challengerModel, "challenger:" + experiment.Name);
                return true;
            }
        }

        return TryAcquireChampion(modelName, out lease);
    }

    public ModelLease AcquireChampion(string modelName) =>
        TryAcquireChampion(modelName, out var lease) ? lease : throw Unavailable(modelName);

    private bool TryAcquireChampion(string modelName, out ModelLease lease)
    {
        if (_production.TryGetValue(modelName, out var slot) && slot.TryAcquire(out var model))
        {
            lease = new ModelLease(model, "champion");
            return true;
        }

        lease = default;
        return false;
    }

    private static ServingException Unavailable(string modelName) =>
        new(StatusCodes.Status503ServiceUnavailable, "Model unavailable",
            $"No Production version of model '{modelName}' is loaded; train, register and promote one.");

    /// <summary>The champion's version, or null; cheap (no lease).</summary>
    public int? ChampionVersion(string modelName) =>
        _production.TryGetValue(modelName, out var slot) ? slot.Current?.Version.Version : null;

    public IReadOnlyList<ServedModelState> Describe()
    {
        var states = new List<ServedModelState>();
        foreach (var name in ServedModels)
        {
            _production.TryGetValue(name, out var slot);
            states.Add(ServedModelState.From(name, "champion", slot));
        }

        foreach (var experiment in options.Value.Experiments)
        {
            _challengers.TryGetValue(experiment.Name, out var slot);
            states.Add(ServedModelState.From(experiment.Model, "challenger:" + experiment.Name, slot) with { Share = experiment.Share });
        }

        return states;
    }

    public void Dispose()
    {
        foreach (var slot in _production.Values.Concat(_challengers.Values))
        {
            slot.Clear();
        }

        _refreshLock.Dispose();
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Model {Model} now serving version {Version}")]
    private static partial void LogSwapped(ILogger logger, string model, int version);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Model {Model} version {Version} failed to load; still serving version {Previous}")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string model, int version, int? previous);
}
