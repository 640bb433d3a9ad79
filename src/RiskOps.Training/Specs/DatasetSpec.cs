namespace RiskOps.Training.Specs;

/// <summary>
/// A user dataset described in YAML (see docs/training.md). Property names map to snake_case keys;
/// an unknown key is an error, so a typo never silently falls back to a default.
/// </summary>
public sealed class DatasetSpec
{
    /// <summary>Model name; default: the spec file name.</summary>
    public string? Name { get; set; }

    /// <summary>The CSV or Parquet file, relative to the spec file.</summary>
    public string? Data { get; set; }

    /// <summary>Target column.</summary>
    public string? Target { get; set; }

    /// <summary>binary, regression, poisson-with-exposure or multiclass.</summary>
    public string? Task { get; set; }

    /// <summary>Exposure column (required for poisson-with-exposure): days, years or km observed.</summary>
    public string? Exposure { get; set; }

    /// <summary>Optional sample-weight column.</summary>
    public string? Weight { get; set; }

    /// <summary>Optional time column; with it validation is time-aware.</summary>
    public string? Time { get; set; }

    /// <summary>Optional id column (kept for reports, never a feature).</summary>
    public string? Id { get; set; }

    /// <summary>Categorical features.</summary>
    public List<string> Categorical { get; set; } = [];

    /// <summary>Numeric features.</summary>
    public List<string> Numeric { get; set; } = [];

    /// <summary>Columns never used; when no features are listed, every other column is a feature.</summary>
    public List<string> Exclude { get; set; } = [];

    /// <summary>Binary with a text target: which value is the positive class.</summary>
    public string? PositiveLabel { get; set; }

    /// <summary>Multiclass: the class labels in order (default: sorted distinct values).</summary>
    public List<string> Classes { get; set; } = [];

    /// <summary>Columns whose groups fairness is reported across (e.g. region, age_band).</summary>
    public List<string> FairnessGroups { get; set; } = [];

    /// <summary>Selection-rate ratio under which a group is flagged. Default: 0.8 (the four-fifths rule).</summary>
    public double FairnessRatio { get; set; } = 0.8;

    /// <summary>Optional column with the cost at stake per row (claim amount), for business metrics.</summary>
    public string? CostColumn { get; set; }

    /// <summary>Cost of one manual review, for business metrics. Default: 50.</summary>
    public double ReviewCost { get; set; } = 50;

    /// <summary>Share of the latest rows (by time) kept as the out-of-time holdout. Default: 0.2.</summary>
    public double HoldoutFraction { get; set; } = 0.2;

    /// <summary>Drop (and report) constant or all-missing features instead of refusing the data. Default: false.</summary>
    public bool DropDegenerateFeatures { get; set; }

    /// <summary>Accept a file whose time column is not in order (it is sorted instead). Default: false.</summary>
    public bool AllowUnsortedTime { get; set; }
}
