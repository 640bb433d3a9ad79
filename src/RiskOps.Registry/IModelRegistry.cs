using RiskOps.Registry.Comparison;
using RiskOps.Registry.Promotion;

namespace RiskOps.Registry;

/// <summary>
/// Registered models, their versions, aliases and lifecycle stages. Every administrative change is
/// recorded in the tamper-evident <see cref="Audit.AuditLog"/>. Unknown models, versions and aliases
/// throw <see cref="Errors.ModelNotFoundException"/> listing what exists; refused operations throw
/// <see cref="Errors.RegistryException"/>.
/// </summary>
public interface IModelRegistry
{
    /// <summary>
    /// Copies a trained artifact directory (manifest.json plus model files) into the registry as the
    /// model's next version. The manifest is validated first; the copy is atomic (staged, then renamed).
    /// Registering byte-identical content again returns the existing version unchanged (idempotent re-runs).
    /// </summary>
    Task<ModelVersion> RegisterAsync(RegistrationRequest request, CancellationToken cancellationToken = default);

    /// <summary>One version of a model.</summary>
    Task<ModelVersion> GetVersionAsync(string model, int version, CancellationToken cancellationToken = default);

    /// <summary>The version an alias (<c>champion</c>, <c>challenger</c>, free-form) points at.</summary>
    Task<ModelVersion> GetByAliasAsync(string model, string alias, CancellationToken cancellationToken = default);

    /// <summary>The versions in a stage, newest first (Production has at most one).</summary>
    Task<IReadOnlyList<ModelVersion>> GetByStageAsync(string model, ModelStage stage, CancellationToken cancellationToken = default);

    /// <summary>The Production version to serve, or null when the model has none yet. Cheap enough to poll.</summary>
    Task<ProductionModel?> GetProductionAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>All registered models, by name.</summary>
    Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>All versions of a model, newest first.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>
    /// A counter that increases with every administrative change to any model. Serving polls it and
    /// calls <see cref="GetProductionAsync"/> only when it moved.
    /// </summary>
    Task<long> GetChangeSequenceAsync(CancellationToken cancellationToken = default);

    /// <summary>Points an alias at a version (moving it if it exists). <c>champion</c> is refused: it follows promotion.</summary>
    Task<ModelVersion> SetAliasAsync(string model, string alias, int version, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>Removes an alias. <c>champion</c> is refused.</summary>
    Task RemoveAliasAsync(string model, string alias, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a version to None, Staging or Archived. Production is reached only through
    /// <see cref="PromoteAsync"/> and left only through promotion or <see cref="RollbackAsync"/>.
    /// </summary>
    Task<ModelVersion> SetStageAsync(string model, int version, ModelStage stage, string? actor = null, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a version Production and <c>champion</c> if it beats the current champion on the primary
    /// holdout metric by the margin (or if forced, with a reason). The previous Production version goes to
    /// Archived in the same transaction. Throws <see cref="Errors.PromotionRefusedException"/> when the gate refuses.
    /// </summary>
    Task<PromotionResult> PromoteAsync(string model, int version, PromotionRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts the previous champion back in Production (undoing the last promotion) and archives the current one.
    /// Repeated rollbacks walk further back through the promotion history.
    /// </summary>
    Task<PromotionResult> RollbackAsync(string model, string? actor = null, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Recomputes a version's artifact hash and compares it with the one recorded at registration (serving can check before loading).</summary>
    Task<ArtifactVerification> VerifyArtifactAsync(string model, int version, CancellationToken cancellationToken = default);

    /// <summary>Two versions of a model side by side: metrics, parameter and signature differences.</summary>
    Task<ModelComparison> CompareAsync(string model, int left, int right, CancellationToken cancellationToken = default);
}
