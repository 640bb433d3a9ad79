namespace RiskOps.Registry.Tests;

/// <summary>One step of a random registry script (see <see cref="OneProductionPropertyTests"/>).</summary>
public sealed record RegistryOperation(int Model, RegistryOperationKind Kind, int Target, int MetricThousandths);
