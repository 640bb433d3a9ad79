namespace RiskOps.Features.Online;

/// <summary>
/// Rows for one view, column arrays laid out row-major: row <c>i</c>'s numeric feature <c>j</c> is
/// <c>Numeric[i * NumericCount + j]</c> (NaN for null). Timestamps are UTC ticks.
/// </summary>
public sealed class OnlineWriteBatch
{
    public OnlineWriteBatch(OnlineViewSchema schema, int capacity)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        Keys = new string[capacity];
        EventTicks = new long[capacity];
        CreatedTicks = new long[capacity];
        Numeric = new double[capacity * schema.NumericFeatures.Count];
        Categorical = new string?[capacity * schema.CategoricalFeatures.Count];
    }

    /// <summary>The view the rows belong to.</summary>
    public OnlineViewSchema Schema { get; }

    /// <summary>Rows filled so far.</summary>
    public int Count { get; set; }

    /// <summary>Row capacity.</summary>
    public int Capacity => Keys.Length;

    /// <summary>Entity keys.</summary>
    public string[] Keys { get; }

    /// <summary>Event timestamps (UTC ticks).</summary>
    public long[] EventTicks { get; }

    /// <summary>Created timestamps (UTC ticks); the later one wins between rows of the same event timestamp.</summary>
    public long[] CreatedTicks { get; }

    /// <summary>Numeric values, row-major.</summary>
    public double[] Numeric { get; }

    /// <summary>Categorical values, row-major.</summary>
    public string?[] Categorical { get; }
}
