using RiskOps.Api.Seams;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Registry;
using RiskOps.Registry.Errors;
using RiskOps.Registry.Sqlite;

namespace RiskOps.Api.Adapters;

/// <summary>
/// <see cref="IModelSource"/> onto the embedded model registry (Production version and explicit versions) and
/// a predictor loader for the artifact directories it hands out.
/// </summary>
internal sealed class RegistryModelSource(DataLayout layout, Func<string, IPredictor> loadArtifact) : IModelSource
{
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private IModelRegistry? _registry; // opened once, on first use; SemaphoreSlim lives as long as the app

    private async ValueTask<IModelRegistry?> RegistryAsync(CancellationToken cancellationToken)
    {
        if (_registry is not null)
        {
            return _registry;
        }

        if (!File.Exists(Path.Combine(layout.RegistryDir, SqliteModelRegistry.DatabaseFileName)))
        {
            return null; // nothing registered yet: do not create a registry from the serving side
        }

        await _openLock.WaitAsync(cancellationToken);
        try
        {
            return _registry ??= await SqliteModelRegistry.OpenAsync(layout, cancellationToken: cancellationToken);
        }
        finally
        {
            _openLock.Release();
        }
    }

    public async ValueTask<ModelVersionInfo?> GetProductionAsync(string modelName, CancellationToken cancellationToken)
    {
        var registry = await RegistryAsync(cancellationToken);
        if (registry is null)
        {
            return null;
        }

        try
        {
            var production = await registry.GetProductionAsync(modelName, cancellationToken);
            return production is null ? null : new ModelVersionInfo(production.ModelName, production.Version, production.ArtifactPath);
        }
        catch (ModelNotFoundException)
        {
            return null;
        }
    }

    public async ValueTask<ModelVersionInfo?> GetVersionAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        var registry = await RegistryAsync(cancellationToken);
        if (registry is null)
        {
            return null;
        }

        try
        {
            var found = await registry.GetVersionAsync(modelName, version, cancellationToken);
            return new ModelVersionInfo(found.ModelName, found.Version, found.ArtifactPath);
        }
        catch (ModelNotFoundException)
        {
            return null;
        }
    }

    public IPredictor Load(ModelVersionInfo version) => loadArtifact(version.ArtifactPath);
}
