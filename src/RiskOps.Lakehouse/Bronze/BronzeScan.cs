namespace RiskOps.Lakehouse.Bronze;

/// <summary>
/// SQL relations over pending bronze batches, each row typed as <see cref="Sources.ColumnSpec.BronzeType"/> with
/// <c>_raw</c>, <c>_raw_header</c>, <c>_parse_error</c>, <c>_row</c> (line number of a rejected line), <c>_seq</c>
/// (the batch), <c>_delivery</c> and <c>_ingested_at</c>.
/// </summary>
/// <param name="Rows">Relations of the lines that parsed (and, for JSON lines, every record, with its parse error).</param>
/// <param name="Rejects">Relations of CSV lines the reader rejected; readable only after a statement has scanned <paramref name="Rows"/>.</param>
/// <param name="Cleanup">SQL that drops the temporary tables behind both.</param>
internal sealed record BronzeScan(IReadOnlyList<string> Rows, IReadOnlyList<string> Rejects, string Cleanup);
