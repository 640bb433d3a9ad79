namespace RiskOps.Simulator.World;

internal static class RoadTypes
{
    public static readonly string[] Names = ["residential", "arterial", "highway"];

    public static string Name(RoadType type) => Names[(int)type];
}
