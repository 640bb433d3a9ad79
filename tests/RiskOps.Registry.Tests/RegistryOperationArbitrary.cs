using FsCheck;
using FsCheck.Fluent;

namespace RiskOps.Registry.Tests;

/// <summary>Generates registry operations with every kind well represented (plain ints skew toward a few kinds).</summary>
public static class RegistryOperationArbitrary
{
    public static Arbitrary<RegistryOperation> Operation()
    {
        var kind = Gen.Frequency(
            (3, Gen.Constant(RegistryOperationKind.Register)),
            (3, Gen.Constant(RegistryOperationKind.Promote)),
            (2, Gen.Constant(RegistryOperationKind.ForcePromote)),
            (3, Gen.Constant(RegistryOperationKind.Rollback)),
            (1, Gen.Constant(RegistryOperationKind.Archive)),
            (1, Gen.Constant(RegistryOperationKind.Stage)),
            (1, Gen.Constant(RegistryOperationKind.Alias)));
        var operation =
            from model in Gen.Choose(0, 1)
            from k in kind
            from target in Gen.Choose(1, 8)
            from metric in Gen.Choose(500, 999)
            select new RegistryOperation(model, k, target, metric);
        return Arb.From(operation);
    }
}
