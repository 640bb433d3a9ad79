namespace RiskOps.Registry;

/// <summary>Settings of the embedded registry.</summary>
public sealed class RegistryOptions
{
    /// <summary>
    /// How much a challenger must beat the champion on the primary holdout metric (absolute, in the
    /// metric's own units, in the metric's direction) to be promoted without force. Default: 0.001.
    /// </summary>
    public double PromotionMargin { get; set; } = 0.001;

    /// <summary>
    /// Reads the git commit when neither the request nor the manifest gives one. Default: runs
    /// <c>git rev-parse HEAD</c> in the current directory, null if that fails.
    /// </summary>
    public Func<CancellationToken, Task<string?>>? GitCommitReader { get; set; }
}
