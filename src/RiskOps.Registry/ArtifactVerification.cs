namespace RiskOps.Registry;

/// <summary>Whether a version's artifact still matches the content hash recorded when it was registered.</summary>
public sealed record ArtifactVerification(string ModelName, int Version, bool IsIntact, string RegisteredHash, string? ActualHash, string Message);
