using RiskOps.Features.Definitions;

namespace RiskOps.Features.Tests.PointInTime;

/// <summary>Two test views over gold tables t_a and t_b and a service "svc" serving both.</summary>
internal static class TwoViewWorld
{
    public static readonly FeatureView ViewA = new("view_a", "customer_id", Scenario.TtlA,
        [FeatureField.Num("a"), FeatureField.Cat("color_a")], new FeatureSource("t_a"), "tests", "view A");

    public static readonly FeatureView ViewB = new("view_b", "customer_id", Scenario.TtlB,
        [FeatureField.Num("b"), FeatureField.Cat("color_b")], new FeatureSource("t_b"), "tests", "view B");

    public static readonly FeatureService Service = new("svc", [new("view_a"), new("view_b")], "both views", "tests");

    public static async Task SetUpAsync(TestWorld world, Scenario scenario, CancellationToken cancellationToken)
    {
        await world.WriteGoldAsync("t_a", Scenario.GoldSelect(scenario.A, "a", "color_a"), cancellationToken);
        await world.WriteGoldAsync("t_b", Scenario.GoldSelect(scenario.B, "b", "color_b"), cancellationToken);
        await world.Store.Registry.RegisterViewAsync(ViewA, cancellationToken);
        await world.Store.Registry.RegisterViewAsync(ViewB, cancellationToken);
        world.Store.Registry.RegisterService(Service);
    }
}
