using System.Text.RegularExpressions;

namespace RiskOps.Api.Claims;

/// <summary>
/// The <c>claims_enriched</c> features computed from a claim as submitted, the same way the lakehouse derives
/// them (docs/data-contract.md), so a model trained on gold sees the same inputs at serving time.
/// </summary>
internal static partial class ClaimFeatures
{
    public static readonly string[] ClaimTypes = ["collision", "theft", "vandalism", "glass", "injury"];

    private static readonly string[] s_flagPhrases = ["cash", "urgent", "no witnesses", "immediately", "lost receipt", "friend"];

    public static Dictionary<string, object?> From(ClaimRequest claim)
    {
        var incident = claim.IncidentAt!.Value;
        var reported = claim.ReportedAt!.Value;
        var description = claim.Description ?? "";
        var hourLocal = incident.Hour; // the raw timestamp carries the local offset
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["claim_type"] = claim.ClaimType,
            ["amount_eur"] = claim.AmountEur!.Value,
            ["policy_tenure_months"] = (double)claim.PolicyTenureMonths!.Value,
            ["prior_claims"] = (double)claim.PriorClaims!.Value,
            ["report_delay_hours"] = (reported - incident).TotalHours,
            ["description_length"] = (double)description.Length,
            ["description_flag_words"] = (double)CountFlags(description),
            ["incident_hour_local"] = (double)hourLocal,
            ["incident_at_night"] = hourLocal is >= 22 or < 5 ? 1.0 : 0.0,
        };
    }

    internal static int CountFlags(string description)
    {
        var lower = description.ToLowerInvariant();
        var count = 0;
        foreach (var phrase in s_flagPhrases)
        {
            count += Regex.Count(lower, $@"\b{Regex.Escape(phrase)}\b");
        }

        return count;
    }
}
