namespace RiskOps.Lakehouse.Gold;

/// <summary>How a gold table depends on the data horizon (the end of the last day with trips or claims).</summary>
internal enum GoldHorizonUse
{
    /// <summary>Not at all.</summary>
    None,

    /// <summary>Only through the month the horizon falls in.</summary>
    Month,

    /// <summary>On its exact value.</summary>
    Exact,
}
