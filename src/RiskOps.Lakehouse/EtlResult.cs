using RiskOps.Lakehouse.Bronze;
using RiskOps.Lakehouse.Catalog;

namespace RiskOps.Lakehouse;

/// <summary>What one <c>etl</c> run did.</summary>
/// <param name="Batches">One outcome per raw file seen.</param>
/// <param name="Reports">Quality reports of the batches processed into silver.</param>
/// <param name="GoldRows">Rows per gold table, empty when gold was already up to date.</param>
public sealed record EtlResult(IReadOnlyList<BatchOutcome> Batches, IReadOnlyList<QualityReport> Reports, IReadOnlyDictionary<string, long> GoldRows);
