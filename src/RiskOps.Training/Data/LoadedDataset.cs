namespace RiskOps.Training.Data;

/// <summary>What reading a dataset produced: the accepted rows, the refused ones, and per-column data-quality counts.</summary>
/// <param name="Data">Accepted rows.</param>
/// <param name="SourceRows">Rows in the file.</param>
/// <param name="Quarantined">Refused rows with reasons (accepted + quarantined = source rows).</param>
/// <param name="MissingByColumn">Missing feature values per column among accepted rows (kept, the models handle them).</param>
/// <param name="UnparseableByColumn">Values that were present but not numbers, per numeric column (treated as missing).</param>
public sealed record LoadedDataset(
    TabularData Data,
    long SourceRows,
    IReadOnlyList<QuarantinedRow> Quarantined,
    IReadOnlyDictionary<string, long> MissingByColumn,
    IReadOnlyDictionary<string, long> UnparseableByColumn);
