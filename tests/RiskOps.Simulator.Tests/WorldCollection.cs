namespace RiskOps.Simulator.Tests;

[CollectionDefinition(Name)]
public sealed class WorldCollection : ICollectionFixture<WorldFixture>
{
    public const string Name = "world";
}
