namespace RiskOps.Registry.Tests;

public enum RegistryOperationKind
{
    Register,
    Promote,
    ForcePromote,
    Rollback,
    Archive,
    Stage,
    Alias,
}
