namespace RiskOps.Simulator.Output;

/// <summary>The defect_kind values of ground_truth/injected_defects.csv.</summary>
internal static class DefectKinds
{
    public const string Late = "late";
    public const string Duplicate = "duplicate";
    public const string MalformedNumber = "malformed_number";
    public const string MissingField = "missing_field";
    public const string ImpossibleCoordinate = "impossible_coordinate";
    public const string UnknownForeignKey = "unknown_foreign_key";
    public const string BackwardsTimestamp = "backwards_timestamp";
    public const string TruncatedJson = "truncated_json";
}
