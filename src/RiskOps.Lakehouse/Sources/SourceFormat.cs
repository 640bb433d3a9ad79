namespace RiskOps.Lakehouse.Sources;

/// <summary>How a raw source is delivered.</summary>
public enum SourceFormat
{
    /// <summary>Comma-separated values with a header line.</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    JsonLines,
}
